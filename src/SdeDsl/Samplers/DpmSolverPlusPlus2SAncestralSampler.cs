using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Samplers.Driver;

namespace SdeDsl.Samplers;

/// <summary>
/// DPM-Solver++(2S) ancestral (Lu et al. 2022, "DPM-Solver++", Algorithm 1 with r = 1/2, moved down to sigma_down
/// and re-noised as Euler ancestral; k-diffusion's sample_dpmpp_2s_ancestral, ComfyUI's "dpmpp_2s_ancestral";
/// docs/math.md §15.4): two denoiser calls per step; eta = 0 is the deterministic DPM-Solver++(2S), order 2.
/// The final step into sigma = 0 is x = D.
/// </summary>
public static class DpmSolverPlusPlus2SAncestralSampler
{
    /// <summary>Samples over <paramref name="times"/>; the shared arguments as in <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">The model.</param>
    /// <param name="times">t_0 &gt; ... &gt; t_{N-1} inside the schedule's range.</param>
    /// <param name="x">On entry x_{t_0}; on success the sample; unchanged if the run fails or is cancelled.</param>
    /// <param name="eta">The ancestral noise fraction (1 by default, 0 deterministic).</param>
    /// <param name="options">Seed, noise process (<see cref="SamplingOptions.NoiseProcess"/>), final step, kernel settings, cancellation.</param>
    /// <param name="onStep">Called after every step.</param>
    /// <returns>The number of denoiser calls (2N - 1 with the final step into sigma = 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eta"/> is negative or not finite.</exception>
    /// <exception cref="ArgumentException">The grid is empty, not strictly decreasing, outside the schedule's range or has sigma = 0 before its last time.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity or left an element unwritten.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; <paramref name="x"/> is unchanged.</exception>
    public static int Sample<TSchedule, T, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x,
        double eta = 1.0, SamplingOptions? options = null, StepCallback<T>? onStep = null)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        SdeArguments.CheckEta(eta);
        options ??= SamplingOptions.Default;
        var step = new Step<TSchedule, T>(eta, new SdeStepNoise(options.NoiseProcess));
        return SamplerDriver.Sample(nameof(DpmSolverPlusPlus2SAncestralSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }

    /// <summary>
    /// (sigma_down, sigma_up) of sigma -&gt; sigma_next; sigma_s = sqrt(sigma sigma_down);
    /// y_2 = (sigma_s/sigma) y + (1 - sigma_s/sigma) D, y_next = (sigma_down/sigma) y + (1 - sigma_down/sigma) D(y_2; sigma_s)
    /// + sigma_up z (docs/math.md §15.4); sigma_down = 0 gives y_next = D + sigma_up z.
    /// </summary>
    internal readonly struct Step<TSchedule, T>(double eta, SdeStepNoise noise) : ISamplerStep<TSchedule, T>
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
            (double down, double up) = EulerAncestralSampler.Step<TSchedule, T>.Split(sigma, sigmaNext, eta);
            Span<T> scaled = up > 0 ? default : run.ScaledOutput;
            if (down == 0)
            {
                FusedPass.Combine<T>(sNext, denoised, 0, denoised, run.State, scaled, 1 / sNext, run.Kernel);
            }
            else
            {
                double sigmaS = Math.Sqrt(sigma * down), ratioS = sigmaS / sigma, ratio = down / sigma;
                double tS = Math.Clamp(schedule.TimeAtSigma(sigmaS), schedule.TMin, t);
                Span<T> y2 = run.Buffer(1);
                FusedPass.Combine(ratioS / s, run.State, 1 - ratioS, denoised, y2, default, 0, run.Kernel);
                Span<T> denoised2 = run.Denoise(step, y2, tS, run.Buffer(2));
                FusedPass.Combine(sNext * ratio / s, run.State, sNext * (1 - ratio), denoised2, run.State, scaled, 1 / sNext, run.Kernel);
            }

            if (up > 0)
            {
                noise.Add(ref run, step, 0, sigma, sigmaNext, sNext * up, run.State, run.ScaledOutput, 1 / sNext, 3);
            }
        }
    }
}
