using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;

namespace SdeDsl.Samplers;

/// <summary>
/// Heun's second-order method on the probability-flow ODE, EDM Algorithm 1 (math.md section 7): an Euler prediction,
/// a second denoiser call at t_next and the trapezoidal correction; Euler on the last step into sigma = 0.
/// 2N - 1 denoiser calls for a grid of N times.
/// </summary>
public static class HeunSampler
{
    /// <summary>Samples with Heun's method over <paramref name="times"/>; see <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/> for the arguments.</summary>
    /// <returns>The number of denoiser calls: 2N - 1 with the final step into sigma = 0, 2(N - 1) without.</returns>
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
        var run = new SamplerRun<TSchedule, T, TDenoiser>(nameof(HeunSampler), schedule, denoiser, times, x, options, onStep);
        try
        {
            Span<T> denoised = run.Rent(), predicted = run.Rent(), denoisedPredicted = run.Rent();
            Span<T> predictedScaled = run.RentScaled();
            ReadOnlySpan<T> predictedInput = predictedScaled.IsEmpty ? predicted : predictedScaled;
            for (int i = 0; i < run.IntervalCount; i++)
            {
                double t = times[i], tNext = times[i + 1];
                run.Denoise(i, run.Y, t, denoised);
                StepKernels.EulerOde(schedule, t, tNext, run.State, denoised, predicted, predictedScaled, run.Kernel);
                run.Denoise(i, predictedInput, tNext, denoisedPredicted);
                StepKernels.HeunCorrection(
                    schedule, t, tNext, run.State, denoised, predicted, denoisedPredicted, run.State, run.ScaledOutput, run.Kernel);
                run.Completed(i, t, tNext, denoisedPredicted);
            }

            return run.Finish(denoised);
        }
        finally
        {
            run.Dispose();
        }
    }
}
