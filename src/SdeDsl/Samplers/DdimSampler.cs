using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Samplers.Driver;

namespace SdeDsl.Samplers;

/// <summary>
/// DDIM (Song, Meng and Ermon 2021; diffusers' DDIMScheduler with eta = 0, ComfyUI's "ddim"), the first-order
/// exponential integrator in sigma on y = x/s (docs/math.md §7.6): y_next = D + (sigma_next/sigma)(y - D).
/// Exact for a point mass under any schedule.
/// </summary>
public static class DdimSampler
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
        return SamplerDriver.Sample(nameof(DdimSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }

    /// <summary>x_next = s_next [(sigma_next/sigma) y + (1 - sigma_next/sigma) D], y = x/s (docs/math.md §3.3, §7.6).</summary>
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
            Pass(run.Schedule, t, tNext, run.State, denoised, run.State, run.ScaledOutput, run.Kernel);
        }

        /// <summary>The DDIM pass alone (also the first step of the multistep solvers).</summary>
        internal static void Pass(
            in TSchedule schedule, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> denoised,
            Span<T> xNext, Span<T> yNext, KernelOptions options)
        {
            double ratio = schedule.Sigma(tNext) / schedule.Sigma(t);
            double sNext = schedule.Scale(tNext);
            FusedPass.Combine(sNext * ratio / schedule.Scale(t), x, sNext * (1 - ratio), denoised, xNext, yNext, 1 / sNext, options);
        }
    }
}
