using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Samplers.Driver;

namespace SdeDsl.Samplers;

/// <summary>
/// Euler ancestral (k-diffusion's sample_euler_ancestral, ComfyUI's "euler_ancestral", diffusers'
/// EulerAncestralDiscreteScheduler; docs/math.md §7.7): a deterministic DDIM move down to sigma_down, then fresh
/// noise of standard deviation sigma_up, with eta scaling the injected noise (eta = 0 is DDIM).
/// </summary>
public static class EulerAncestralSampler
{
    /// <summary>Samples over <paramref name="times"/>; the shared arguments as in <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">The model.</param>
    /// <param name="times">t_0 &gt; ... &gt; t_{N-1} inside the schedule's range.</param>
    /// <param name="x">On entry x_{t_0}; on success the sample; unchanged if the run fails or is cancelled.</param>
    /// <param name="eta">The fraction of ancestral noise (1 is the usual choice, 0 is DDIM).</param>
    /// <param name="options">Seed, noise process (<see cref="SamplingOptions.NoiseProcess"/>: with <see cref="SdeNoise.BrownianTree"/>
    /// z is the tree's normalised increment over [sigma_next, sigma], as k-diffusion's BrownianTreeNoiseSampler), final step,
    /// kernel settings, cancellation.</param>
    /// <param name="onStep">Called after every step.</param>
    /// <returns>The number of denoiser calls (N with the final step into sigma = 0).</returns>
    /// <exception cref="ArgumentException">The grid is empty, not strictly decreasing, outside the schedule's range or has sigma = 0 before its last time.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity or left an element unwritten.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; <paramref name="x"/> is unchanged.</exception>
    public static int Sample<TSchedule, T, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x,
        double eta,
        SamplingOptions? options = null, StepCallback<T>? onStep = null)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        if (!(eta >= 0) || double.IsInfinity(eta))
        {
            throw new ArgumentOutOfRangeException(nameof(eta), eta, "eta must be finite and non-negative.");
        }

        var step = new Step<TSchedule, T>(eta, new SdeStepNoise((options ?? SamplingOptions.Default).NoiseProcess));
        return SamplerDriver.Sample(nameof(EulerAncestralSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }

    /// <summary>
    /// sigma_up = min(sigma_next, eta sigma_next sqrt(1 - sigma_next^2/sigma^2)), sigma_down = sqrt(sigma_next^2 - sigma_up^2),
    /// y_next = D + (sigma_down/sigma)(y - D) + sigma_up z, x_next = s_next y_next (docs/math.md §7.7); z fresh, or the
    /// Brownian tree's normalised increment over [sigma_next, sigma] (docs/math.md §15.7).
    /// </summary>
    internal readonly struct Step<TSchedule, T>(double eta, SdeStepNoise noise = default) : ISamplerStep<TSchedule, T>
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public double Prepare<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t)
            where TDenoiser : IDenoiser<T> => t;

        public void Advance<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t, double tNext)
            where TDenoiser : IDenoiser<T>
        {
            Span<T> denoised = run.Denoise(step, t);
            if (!noise.IsBrownianTree)
            {
                Pass(run.Schedule, t, tNext, eta, run.State, denoised, run.Noise(step), run.State, run.ScaledOutput, run.Kernel);
                return;
            }

            // The deterministic part, then + s_next sigma_up z with z the tree's increment over [sigma_next, sigma].
            TSchedule schedule = run.Schedule;
            double sigma = schedule.Sigma(t), sigmaNext = schedule.Sigma(tNext);
            (double sigmaDown, double sigmaUp) = Split(sigma, sigmaNext, eta);
            double s = schedule.Scale(t), sNext = schedule.Scale(tNext), ratio = sigmaDown / sigma;
            FusedPass.Combine(sNext * ratio / s, run.State, sNext * (1 - ratio), denoised, run.State, default, 0, run.Kernel);
            noise.Add(ref run, step, 0, sigma, sigmaNext, sNext * sigmaUp, run.State, run.ScaledOutput, 1 / sNext, scratchSlot: 1);
        }

        /// <summary>The ancestral pass alone, its noise drawn in the pass from <paramref name="noise"/>.</summary>
        internal static void Pass(
            in TSchedule schedule, double t, double tNext, double eta, ReadOnlySpan<T> x, ReadOnlySpan<T> denoised,
            in Noise.NoiseKey noise, Span<T> xNext, Span<T> yNext, KernelOptions options)
        {
            double sigma = schedule.Sigma(t), sigmaNext = schedule.Sigma(tNext);
            (double sigmaDown, double sigmaUp) = Split(sigma, sigmaNext, eta);
            double s = schedule.Scale(t), sNext = schedule.Scale(tNext), ratio = sigmaDown / sigma;
            FusedPass.CombineWithNoise(sNext * ratio / s, x, sNext * (1 - ratio), denoised, sNext * sigmaUp, noise, 0, xNext, yNext, 1 / sNext, options);
        }

        /// <summary>The ancestral split of the step sigma -&gt; sigma_next (k-diffusion's get_ancestral_step).</summary>
        internal static (double Down, double Up) Split(double sigma, double sigmaNext, double eta)
        {
            double up = eta * Math.Sqrt(Math.Max(0, sigmaNext * sigmaNext * (sigma * sigma - sigmaNext * sigmaNext) / (sigma * sigma)));
            double sigmaUp = Math.Min(sigmaNext, up);
            return (Math.Sqrt(Math.Max(0, sigmaNext * sigmaNext - sigmaUp * sigmaUp)), sigmaUp);
        }
    }
}
