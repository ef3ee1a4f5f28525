using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Samplers.Driver;
using SdeDsl.Schedules;

namespace SdeDsl.Samplers;

/// <summary>
/// The Langevin-family solver (docs/math.md §4.2, §7.5; EDM eq. 6 generalised to s(t)):
/// dx = [(a + beta) x - (b + beta s) D] dt + s sigma sqrt(2 beta) dw with a user beta(t) &gt;= 0; beta = 0 is the PF-ODE,
/// beta = sigma'/sigma the reverse SDE. Euler-Maruyama, noise inside the pass.
/// </summary>
public static class LangevinSampler
{
    /// <summary>Samples over <paramref name="times"/>; the shared arguments as in <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">The model.</param>
    /// <param name="times">t_0 &gt; ... &gt; t_{N-1} inside the schedule's range.</param>
    /// <param name="x">On entry x_{t_0}; on success the sample; unchanged if the run fails or is cancelled.</param>
    /// <param name="beta">beta(t) &gt;= 0, evaluated once per step at the step's start time.</param>
    /// <param name="options">Seed, final step, kernel settings, cancellation.</param>
    /// <param name="onStep">Called after every step.</param>
    /// <returns>The number of denoiser calls (N with the final step into sigma = 0).</returns>
    /// <exception cref="ArgumentException">The grid is empty, not strictly decreasing, outside the schedule's range or has sigma = 0 before its last time.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity or left an element unwritten.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; <paramref name="x"/> is unchanged.</exception>
    public static int Sample<TSchedule, T, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x,
        Func<double, double> beta,
        SamplingOptions? options = null, StepCallback<T>? onStep = null)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        ArgumentNullException.ThrowIfNull(beta);
        IndependentNoiseOnly.Require(options, nameof(LangevinSampler));
        var step = new Step<TSchedule, T>(beta);
        return SamplerDriver.Sample(nameof(LangevinSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }

    /// <summary>x_next = (1 + h (a + beta)) x - h (b + beta s) D + s sigma sqrt(2 beta |h|) z (docs/math.md §7.5).</summary>
    internal readonly struct Step<TSchedule, T>(Func<double, double> beta) : ISamplerStep<TSchedule, T>
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public double Prepare<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t)
            where TDenoiser : IDenoiser<T> => t;

        public void Advance<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t, double tNext)
            where TDenoiser : IDenoiser<T>
        {
            double b = beta(t);
            if (!(b >= 0) || double.IsInfinity(b))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(beta), b, $"beta(t) must be finite and non-negative; in step {step} beta({t:R}) = {b:R} (sigma = {run.Schedule.Sigma(t):R}).");
            }

            Span<T> denoised = run.Denoise(step, t);
            Pass(run.Schedule, t, tNext, b, run.State, denoised, run.Noise(step), run.State, run.ScaledOutput, run.Kernel);
        }

        /// <summary>The Langevin-family pass alone, its noise drawn in the pass from <paramref name="noise"/>.</summary>
        internal static void Pass(
            in TSchedule schedule, double t, double tNext, double beta, ReadOnlySpan<T> x, ReadOnlySpan<T> denoised,
            in Noise.NoiseKey noise, Span<T> xNext, Span<T> yNext, KernelOptions options)
        {
            StepCoefficients c = ScheduleStepCoefficients.Langevin(schedule, t, tNext, beta); // the schedule's own closed forms
            FusedPass.CombineWithNoise(c.X, x, c.D, denoised, c.Z, noise, 0, xNext, yNext, 1 / schedule.Scale(tNext), options);
        }
    }
}
