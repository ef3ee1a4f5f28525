using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Samplers.Driver;

namespace SdeDsl.Samplers;

/// <summary>
/// DPM-Solver++ SDE (Lu et al. 2022, "DPM-Solver++", the single-step DPM-Solver++(2S) of its Algorithm 1 with
/// ancestral noise at both stages; k-diffusion's sample_dpmpp_sde, ComfyUI's "dpmpp_sde"; docs/math.md §15.3): two
/// denoiser calls per step, the second at the lambda-fraction r of the step (1/2 by default); eta = 0 is the
/// deterministic DPM-Solver++(2S), order 2. The final step into sigma = 0 is x = D.
/// </summary>
public static class DpmSolverPlusPlusSdeSampler
{
    /// <summary>Samples over <paramref name="times"/>; the shared arguments as in <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">The model.</param>
    /// <param name="times">t_0 &gt; ... &gt; t_{N-1} inside the schedule's range.</param>
    /// <param name="x">On entry x_{t_0}; on success the sample; unchanged if the run fails or is cancelled.</param>
    /// <param name="eta">The ancestral noise fraction of both stages (1 by default, 0 deterministic).</param>
    /// <param name="r">Where the intermediate call sits, as a fraction of the step in lambda, in (0, 1).</param>
    /// <param name="options">Seed, noise process (<see cref="SamplingOptions.NoiseProcess"/>), final step, kernel settings, cancellation.</param>
    /// <param name="onStep">Called after every step.</param>
    /// <returns>The number of denoiser calls (2N - 1 with the final step into sigma = 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eta"/> is negative or not finite, or <paramref name="r"/> is outside (0, 1).</exception>
    /// <exception cref="ArgumentException">The grid is empty, not strictly decreasing, outside the schedule's range or has sigma = 0 before its last time.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity or left an element unwritten.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; <paramref name="x"/> is unchanged.</exception>
    public static int Sample<TSchedule, T, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x,
        double eta = 1.0, double r = 0.5, SamplingOptions? options = null, StepCallback<T>? onStep = null)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        SdeArguments.CheckEta(eta);
        if (!(r > 0 && r < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(r), r, "r must lie in (0, 1).");
        }

        options ??= SamplingOptions.Default;
        var step = new Step<TSchedule, T>(eta, r, new SdeStepNoise(options.NoiseProcess));
        return SamplerDriver.Sample(nameof(DpmSolverPlusPlusSdeSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }

    /// <summary>
    /// sigma_s = sigma^(1-r) sigma_next^r; stage 1: DDIM to sigma_down(sigma -&gt; sigma_s) plus sigma_up z_1, D_2 there;
    /// stage 2: DDIM to sigma_down(sigma -&gt; sigma_next) with (1 - 1/(2r)) D + 1/(2r) D_2, plus sigma_up z_2
    /// (docs/math.md §15.3). z_1 and z_2 are the Brownian increments from sigma to sigma_s and to sigma_next: from the tree, or
    /// built from substreams 0 and 1 of the step.
    /// </summary>
    internal readonly struct Step<TSchedule, T>(double eta, double r, SdeStepNoise noise) : ISamplerStep<TSchedule, T>
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public double Prepare<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t)
            where TDenoiser : IDenoiser<T> => t;

        public void Advance<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t, double tNext)
            where TDenoiser : IDenoiser<T>
        {
            TSchedule schedule = run.Schedule;
            Span<T> denoised = run.Denoise(step, t);
            double sigma = schedule.Sigma(t), sigmaNext = schedule.Sigma(tNext);
            double s = schedule.Scale(t), sNext = schedule.Scale(tNext);
            double sigmaS = Math.Exp((1 - r) * Math.Log(sigma) + r * Math.Log(sigmaNext));
            double tS = Math.Clamp(schedule.TimeAtSigma(sigmaS), tNext, t);

            // Stage 1, into buffer 1 (the denoiser input y_2, data space of y).
            (double down1, double up1) = EulerAncestralSampler.Step<TSchedule, T>.Split(sigma, sigmaS, eta);
            double ratio1 = down1 / sigma;
            Span<T> y2 = run.Buffer(1);
            FusedPass.Combine(ratio1 / s, run.State, 1 - ratio1, denoised, y2, default, 0, run.Kernel);
            if (up1 > 0)
            {
                noise.Add(ref run, step, 0, sigma, sigmaS, up1, y2, default, 0, 3);
            }

            Span<T> denoised2 = run.Denoise(step, y2, tS, run.Buffer(2));

            // Stage 2.
            (double down2, double up2) = EulerAncestralSampler.Step<TSchedule, T>.Split(sigma, sigmaNext, eta);
            double ratio2 = down2 / sigma, fac = 1 / (2 * r);
            Span<T> scaled = up2 > 0 ? default : run.ScaledOutput;
            FusedPass.Combine(
                sNext * ratio2 / s, run.State, sNext * (1 - ratio2) * (1 - fac), denoised, sNext * (1 - ratio2) * fac, denoised2,
                run.State, scaled, 1 / sNext, run.Kernel);
            if (up2 > 0)
            {
                if (noise.IsBrownianTree)
                {
                    noise.Add(ref run, step, 1, sigma, sigmaNext, sNext * up2, run.State, run.ScaledOutput, 1 / sNext, 3);
                }
                else
                {
                    // z_2 = (W(sigma_next) - W(sigma)) / sqrt(sigma - sigma_next) built from stage 1's normal u_1 (substream 0)
                    // and a fresh u_2 (substream 1), so z_1 and z_2 are the Brownian increments from sigma (docs/math.md §15.3).
                    double total = sigma - sigmaNext;
                    noise.Add(ref run, step, 0, sigma, sigmaS, sNext * up2 * Math.Sqrt((sigma - sigmaS) / total), run.State, default, 0, 3);
                    noise.Add(ref run, step, 1, sigmaS, sigmaNext, sNext * up2 * Math.Sqrt((sigmaS - sigmaNext) / total), run.State, run.ScaledOutput, 1 / sNext, 3);
                }
            }
        }
    }
}
