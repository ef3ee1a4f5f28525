using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;

namespace SdeDsl.Samplers;

/// <summary>Euler-Maruyama on the reverse-time SDE dx = [f x - g^2 grad log p_t] dt + g dw (math.md section 4), its noise drawn inside the step kernel (stream (i &lt;&lt; 32) of step i).</summary>
public static class EulerMaruyamaSampler
{
    /// <summary>Samples over <paramref name="times"/>; the shared arguments as in <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
    /// <returns>The number of denoiser calls (N with the final step into sigma = 0).</returns>
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
        var run = new SamplerRun<TSchedule, T, TDenoiser>(nameof(EulerMaruyamaSampler), schedule, denoiser, times, x, options, onStep);
        try
        {
            Span<T> denoised = run.Rent();
            for (int i = 0; i < run.IntervalCount; i++)
            {
                run.Denoise(i, run.Y, times[i], denoised);
                StepKernels.ReverseSdeEulerMaruyama(schedule, times[i], times[i + 1], run.State, denoised, run.Noise, (ulong)i << 32, run.State, run.ScaledOutput, run.Kernel);
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
