using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;

namespace SdeDsl.Samplers;

/// <summary>
/// DPM-Solver++(2M) (Lu et al. 2022; math.md section 7): the second-order multistep data-prediction solver on
/// y = x/s in lambda = -log sigma. The first step (no history yet) is DDIM; the final step into sigma = 0 is first
/// order (x = D), as in k-diffusion. One denoiser call per step; the previous output is kept by swapping buffers.
/// </summary>
public static class DpmSolverPlusPlus2MSampler
{
    /// <summary>Samples over <paramref name="times"/>; the arguments as in <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
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
        var run = new SamplerRun<TSchedule, T, TDenoiser>(nameof(DpmSolverPlusPlus2MSampler), schedule, denoiser, times, x, options, onStep);
        try
        {
            Span<T> denoised = run.Rent(), previous = run.Rent();
            for (int i = 0; i < run.IntervalCount; i++)
            {
                run.Denoise(i, run.Y, times[i], denoised);
                if (i == 0)
                {
                    StepKernels.Ddim(schedule, times[i], times[i + 1], run.State, denoised, run.State, run.ScaledOutput, run.Kernel);
                }
                else
                {
                    StepKernels.DpmSolverPlusPlus2M(
                        schedule, times[i - 1], times[i], times[i + 1], run.State, denoised, previous, run.State, run.ScaledOutput, run.Kernel);
                }

                run.Completed(i, times[i], times[i + 1], denoised);
                Span<T> swap = previous;
                previous = denoised;
                denoised = swap;
            }

            return run.Finish(denoised);
        }
        finally
        {
            run.Dispose();
        }
    }
}
