using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Generated;
using SdeDsl.Kernels;
using SdeDsl.Samplers.Driver;

namespace SdeDsl.Samplers;

/// <summary>
/// DPM-Solver++(2M) SDE (Lu et al. 2022, "DPM-Solver++", section 4 and Appendix B, the SDE variant of Algorithm 2;
/// k-diffusion's sample_dpmpp_2m_sde, ComfyUI's "dpmpp_2m_sde" and "dpmpp_2m_sde_heun", diffusers'
/// DPMSolverMultistepScheduler with algorithm_type = "sde-dpmsolver++"; docs/math.md §15.1): the second-order
/// multistep data-prediction solver of the reverse SDE in lambda = -log sigma, eta scaling the noise (eta = 0 is the
/// ODE solver, order 2). One denoiser call per step; the final step into sigma = 0 is x = D.
/// </summary>
public static class DpmSolverPlusPlus2MSdeSampler
{
    /// <summary>Samples over <paramref name="times"/>; the shared arguments as in <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">The model.</param>
    /// <param name="times">t_0 &gt; ... &gt; t_{N-1} inside the schedule's range.</param>
    /// <param name="x">On entry x_{t_0}; on success the sample; unchanged if the run fails or is cancelled.</param>
    /// <param name="eta">The noise fraction (1 is k-diffusion's default, 0 the ODE).</param>
    /// <param name="variant">The second-order correction: midpoint (default) or heun.</param>
    /// <param name="options">Seed, noise process (<see cref="SamplingOptions.NoiseProcess"/>), final step, kernel settings, cancellation.</param>
    /// <param name="onStep">Called after every step.</param>
    /// <returns>The number of denoiser calls (N with the final step into sigma = 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eta"/> is negative or not finite.</exception>
    /// <exception cref="ArgumentException">The grid is empty, not strictly decreasing, outside the schedule's range or has sigma = 0 before its last time.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity or left an element unwritten.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; <paramref name="x"/> is unchanged.</exception>
    public static int Sample<TSchedule, T, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x,
        double eta = 1.0, DpmSolverSdeVariant variant = DpmSolverSdeVariant.Midpoint,
        SamplingOptions? options = null, StepCallback<T>? onStep = null)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        SdeArguments.CheckEta(eta);
        options ??= SamplingOptions.Default;
        var step = new Step<TSchedule, T>(eta, variant, new SdeStepNoise(options.NoiseProcess));
        return SamplerDriver.Sample(nameof(DpmSolverPlusPlus2MSdeSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }

    /// <summary>
    /// h = log(sigma/sigma_next), H = (1 + eta) h, w = -expm1(-H), r = h_previous/h:
    /// y_next = (sigma_next/sigma) e^(-eta h) y + w D + c (D - D_previous) + sigma_next sqrt(-expm1(-2 eta h)) z with
    /// c = w/(2r) (midpoint) or phi_2(H)/r (heun) (docs/math.md §15.1).
    /// </summary>
    internal struct Step<TSchedule, T>(double eta, DpmSolverSdeVariant variant, SdeStepNoise noise) : ISamplerStep<TSchedule, T>
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private int _steps;
        private double _hPrevious;

        public readonly double Prepare<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t)
            where TDenoiser : IDenoiser<T> => t;

        public void Advance<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t, double tNext)
            where TDenoiser : IDenoiser<T>
        {
            int current = _steps & 1;
            Span<T> denoised = run.Denoise(step, run.Y, t, run.Buffer(current));
            TSchedule schedule = run.Schedule;
            double sigma = schedule.Sigma(t), sigmaNext = schedule.Sigma(tNext);
            double s = schedule.Scale(t), sNext = schedule.Scale(tNext);
            double h = Math.Log(sigma / sigmaNext), etaH = eta * h, bigH = h + etaH;
            double w = -AccurateMath.ExpM1(-bigH);
            double correction = 0;
            if (_steps > 0)
            {
                double r = _hPrevious / h;
                correction = variant == DpmSolverSdeVariant.Heun ? SdeArguments.Phi2(bigH) / r : 0.5 * w / r;
            }

            double stateCoefficient = sNext * (sigmaNext / sigma) * Math.Exp(-etaH) / s;
            bool noisy = eta > 0;
            Span<T> scaled = noisy ? default : run.ScaledOutput;
            if (_steps > 0)
            {
                FusedPass.Combine(
                    stateCoefficient, run.State, sNext * (w + correction), denoised, -sNext * correction, run.Buffer(1 - current),
                    run.State, scaled, 1 / sNext, run.Kernel);
            }
            else
            {
                FusedPass.Combine(stateCoefficient, run.State, sNext * w, denoised, run.State, scaled, 1 / sNext, run.Kernel);
            }

            if (noisy)
            {
                double sigmaUp = sigmaNext * Math.Sqrt(-AccurateMath.ExpM1(-2 * etaH));
                noise.Add(ref run, step, 0, sigma, sigmaNext, sNext * sigmaUp, run.State, run.ScaledOutput, 1 / sNext, 2);
            }

            _steps++;
            _hPrevious = h;
        }
    }
}
