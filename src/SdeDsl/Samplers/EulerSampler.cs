using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;

namespace SdeDsl.Samplers;

/// <summary>Euler on the probability-flow ODE (math.md sections 3 and 7): one denoiser call per step, first order.</summary>
public static class EulerSampler
{
    /// <summary>
    /// Integrates dx/dt = a(t) x - b(t) D(x/s; sigma) over the grid <paramref name="times"/> (strictly decreasing,
    /// inside the schedule's range), then takes the final step into sigma = 0 (x = D) unless disabled.
    /// </summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">The model.</param>
    /// <param name="times">t_0 &gt; t_1 &gt; ... &gt; t_{N-1}, for instance from <see cref="Discretisation.TimeSteps"/>.</param>
    /// <param name="x">On entry x_{t_0} (see <see cref="Prior"/>); on success the sample. Unchanged if the run fails or is cancelled.</param>
    /// <param name="options">Seed, final step, kernel settings, cancellation, progress.</param>
    /// <param name="onStep">Called after every step.</param>
    /// <returns>The number of denoiser calls (N with the final step).</returns>
    /// <exception cref="ArgumentException">The grid is empty, not strictly decreasing or outside the schedule's range.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; <paramref name="x"/> is unchanged.</exception>
    public static int Sample<TSchedule, T, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x,
        SamplingOptions? options = null, StepCallback<T>? onStep = null)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        var run = new SamplerRun<TSchedule, T, TDenoiser>(nameof(EulerSampler), schedule, denoiser, times, x, options, onStep);
        try
        {
            Span<T> denoised = run.Rent();
            for (int i = 0; i < run.IntervalCount; i++)
            {
                run.Denoise(i, run.Y, times[i], denoised);
                StepKernels.EulerOde(schedule, times[i], times[i + 1], run.State, denoised, run.State, run.ScaledOutput, run.Kernel);
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
