using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Models;
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
            // D = c_y y + c_p P folded into the pass (docs/math.md §11.5), as in Euler: x and P read, x written.
            Span<T> prediction = run.DenoiseAffine(step, t, out AffineOutput form);
            Pass(run.Schedule, t, tNext, run.State, prediction, form, run.State, run.ScaledOutput, run.Kernel);
        }

        /// <summary>The DDIM pass alone (also the first step of the multistep solvers).</summary>
        internal static void Pass(
            in TSchedule schedule, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> denoised,
            Span<T> xNext, Span<T> yNext, KernelOptions options)
        {
            (double cx, double cd) = Coefficients(schedule, t, tNext);
            FusedPass.Combine(cx, x, cd, denoised, xNext, yNext, 1 / schedule.Scale(tNext), options);
        }

        /// <summary>
        /// DDIM with the denoiser's affine output form, x_next = (c_x + c_D c_y / s(t)) x + c_D c_p P in one pass; with
        /// form (0, 1) the coefficients, and so the bits, are those of the pass on D.
        /// </summary>
        internal static void Pass(
            in TSchedule schedule, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> prediction, AffineOutput form,
            Span<T> xNext, Span<T> yNext, KernelOptions options)
        {
            (double cx, double cd) = Coefficients(schedule, t, tNext);
            double cxFolded = form.InputCoefficient == 0 ? cx : cx + (cd * form.InputCoefficient / schedule.Scale(t));
            FusedPass.Combine(cxFolded, x, cd * form.PredictionCoefficient, prediction, xNext, yNext, 1 / schedule.Scale(tNext), options);
        }

        /// <summary>The coefficients of x and D in x_next = s_next (sigma_next/sigma) x/s + s_next (1 - sigma_next/sigma) D (docs/math.md §7.6).</summary>
        internal static (double X, double D) Coefficients(in TSchedule schedule, double t, double tNext)
        {
            double ratio = schedule.Sigma(tNext) / schedule.Sigma(t);
            double sNext = schedule.Scale(tNext);
            return (sNext * ratio / schedule.Scale(t), sNext * (1 - ratio));
        }
    }
}
