using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Samplers.Driver;
using SdeDsl.Schedules;

namespace SdeDsl.Samplers;

/// <summary>
/// Euler-Maruyama on the reverse-time SDE dx = [f x - g^2 grad log p_t] dt + g dw (docs/math.md §4.1, §7.4; score_sde's
/// "euler_maruyama" and, on a discrete VP grid, the DDPM ancestral sampler to first order), its noise drawn inside
/// the step's pass (stream (i &lt;&lt; 32) of step i).
/// </summary>
public static class EulerMaruyamaSampler
{
    /// <summary>Samples over <paramref name="times"/>; the shared arguments as in <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
    /// <returns>The number of denoiser calls (N with the final step into sigma = 0).</returns>
    /// <exception cref="ArgumentException">The grid is empty, not strictly decreasing, outside the schedule's range or has sigma = 0 before its last time.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity or left an element unwritten.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; <paramref name="x"/> is unchanged.</exception>
    public static int Sample<TSchedule, T, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x,
        SamplingOptions? options = null, StepCallback<T>? onStep = null)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        var step = default(Step<TSchedule, T>);
        IndependentNoiseOnly.Require(options, nameof(EulerMaruyamaSampler));
        return SamplerDriver.Sample(nameof(EulerMaruyamaSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }

    /// <summary>x_next = x + h [f x - g^2 (D - x/s)/(s sigma^2)] + g sqrt(-h) z, h = t_next - t &lt; 0 (docs/math.md §7.4).</summary>
    internal struct Step<TSchedule, T> : ISamplerStep<TSchedule, T>
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public readonly double Prepare<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t)
            where TDenoiser : IDenoiser<T> => t;

        public readonly void Advance<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t, double tNext)
            where TDenoiser : IDenoiser<T>
        {
            Span<T> denoised = run.Denoise(step, t);
            Pass(run.Schedule, t, tNext, run.State, denoised, run.Noise(step), run.State, run.ScaledOutput, run.Kernel);
        }

        /// <summary>The Euler-Maruyama pass alone, its noise drawn in the pass from <paramref name="noise"/>.</summary>
        internal static void Pass(
            in TSchedule schedule, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> denoised,
            in Noise.NoiseKey noise, Span<T> xNext, Span<T> yNext, KernelOptions options)
        {
            StepCoefficients c = ScheduleStepCoefficients.ReverseSde(schedule, t, tNext); // the schedule's own closed forms
            FusedPass.CombineWithNoise(c.X, x, c.D, denoised, c.Z, noise, 0, xNext, yNext, 1 / schedule.Scale(tNext), options);
        }
    }
}
