using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;

namespace SdeDsl.Samplers;

/// <summary>The Langevin-family solver of math.md section 4 (EDM eq. 6 generalised to s(t)): dx = [(a + beta) x - (b + beta s) D] dt + s sigma sqrt(2 beta) dw with a user beta(t) &gt;= 0; beta = 0 is the PF-ODE, beta = sigma'/sigma the reverse SDE. Euler-Maruyama, noise inside the kernel.</summary>
public static class LangevinSampler
{
    /// <summary>Samples over <paramref name="times"/>; the shared arguments as in <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">The model.</param>
    /// <param name="times">t_0 &gt; ... &gt; t_{N-1} inside the schedule's range.</param>
    /// <param name="x">On entry x_{t_0}; on success the sample; unchanged if the run fails or is cancelled.</param>
    /// <param name="options">Seed, final step, kernel settings, cancellation, progress.</param>
    /// <param name="onStep">Called after every step.</param>
    /// <param name="beta">beta(t) &gt;= 0, evaluated once per step at the step's start time.</param>
    /// <returns>The number of denoiser calls (N with the final step into sigma = 0).</returns>
    /// <exception cref="ArgumentException">The grid is empty, not strictly decreasing or outside the schedule's range.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity.</exception>
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
        var run = new SamplerRun<TSchedule, T, TDenoiser>(nameof(LangevinSampler), schedule, denoiser, times, x, options, onStep);
        try
        {
            Span<T> denoised = run.Rent();
            for (int i = 0; i < run.IntervalCount; i++)
            {
                run.Denoise(i, run.Y, times[i], denoised);
                StepKernels.Langevin(schedule, times[i], times[i + 1], beta(times[i]), run.State, denoised, run.Noise, (ulong)i << 32, run.State, run.ScaledOutput, run.Kernel);
                run.Completed(i, times[i], times[i + 1], denoised);
            }

            return run.Finish(denoised);
        }
        finally
        {
            run.Dispose();
        }
    }
}
