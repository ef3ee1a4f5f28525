using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Models;
using SdeDsl.Samplers.Driver;
using SdeDsl.Schedules;

namespace SdeDsl.Samplers;

/// <summary>
/// Euler on the probability-flow ODE (docs/math.md §7.1; k-diffusion's and ComfyUI's "euler", diffusers'
/// EulerDiscreteScheduler in its deterministic setting): one denoiser call per step, first order.
/// </summary>
public static class EulerSampler
{
    /// <summary>
    /// Integrates dx/dt = a(t) x - b(t) D(x/s; sigma) over the grid <paramref name="times"/> (strictly decreasing,
    /// inside the schedule's range), then takes the final step into sigma = 0 (x = D) unless disabled.
    /// </summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">The model.</param>
    /// <param name="times">t_0 &gt; t_1 &gt; ... &gt; t_{N-1}, for instance from <see cref="Discretisation.TimeSteps"/>; the last may have sigma = 0.</param>
    /// <param name="x">On entry x_{t_0} (see <see cref="Prior"/>); on success the sample. Unchanged if the run fails or is cancelled.</param>
    /// <param name="options">Seed, final step, kernel settings, cancellation.</param>
    /// <param name="onStep">Called after every step (progress, inspection).</param>
    /// <returns>The number of denoiser calls (N with the final step).</returns>
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
        return SamplerDriver.Sample(nameof(EulerSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }

    /// <summary>x_next = (1 + h a(t)) x - h b(t) D(x/s; sigma(t)), h = t_next - t (docs/math.md §7.1).</summary>
    internal struct Step<TSchedule, T> : ISamplerStep<TSchedule, T>
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public readonly double Prepare<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t)
            where TDenoiser : IDenoiser<T> => t;

        public readonly void Advance<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t, double tNext)
            where TDenoiser : IDenoiser<T>
        {
            // D = c_y y + c_p P with y = x / s(t) (D itself: c_y = 0, c_p = 1), folded into the pass (docs/math.md §11.5);
            // a guided adapter's D = c_y y + c_u P_u + c_c P_c likewise, both predictions read by the pass (§11.9).
            ReadOnlySpan<T> prediction = run.DenoiseGuidedAffine(
                step, run.Y, t, run.Buffer(SamplerRun<TSchedule, T, TDenoiser>.DenoisedSlot), out GuidedAffineOutput form, out ReadOnlySpan<T> unconditional);
            if (form.IsGuided)
            {
                PassOnGuidedPredictions(run.Schedule, t, tNext, run.State, unconditional, prediction, form, run.State, run.ScaledOutput, run.Kernel);
            }
            else
            {
                Pass(run.Schedule, t, tNext, run.State, prediction, form.Single, run.State, run.ScaledOutput, run.Kernel);
            }
        }

        /// <summary>
        /// Euler with guidance folded (docs/math.md §11.9): x_next = c_x x + c_D (c_y x / s(t) + c_u P_u + c_c P_c)
        /// = (c_x + c_D c_y / s(t)) x + c_D c_u P_u + c_D c_c P_c, one pass over x, P_u and P_c (3 + 1 streams
        /// instead of the combine's 3 + 1 and the step's 2 + 1).
        /// </summary>
        internal static void PassOnGuidedPredictions(
            in TSchedule schedule, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> unconditional, ReadOnlySpan<T> conditional,
            GuidedAffineOutput form, Span<T> xNext, Span<T> yNext, KernelOptions options)
        {
            StepCoefficients c = ScheduleStepCoefficients.EulerOde(schedule, t, tNext);
            double cx = form.InputCoefficient == 0 ? c.X : c.X + (c.D * form.InputCoefficient / schedule.Scale(t));
            FusedPass.Combine(
                cx, x, c.D * form.UnconditionalCoefficient, unconditional, c.D * form.ConditionalCoefficient, conditional,
                xNext, yNext, 1 / schedule.Scale(tNext), options);
        }

        /// <summary>
        /// Euler with the denoiser's affine output form: x_next = c_x x + c_D (c_y x / s(t) + c_p P)
        /// = (c_x + c_D c_y / s(t)) x + c_D c_p P, one pass over x and P. With form (0, 1) the coefficients are
        /// exactly c_x and c_D, so the bits equal those of the pass on D itself.
        /// </summary>
        internal static void Pass(
            in TSchedule schedule, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> prediction, AffineOutput form,
            Span<T> xNext, Span<T> yNext, KernelOptions options)
        {
            StepCoefficients c = ScheduleStepCoefficients.EulerOde(schedule, t, tNext);
            double cx = form.InputCoefficient == 0 ? c.X : c.X + (c.D * form.InputCoefficient / schedule.Scale(t));
            FusedPass.Combine(cx, x, c.D * form.PredictionCoefficient, prediction, xNext, yNext, 1 / schedule.Scale(tNext), options);
        }

        /// <summary>The Euler pass alone (also what the benchmarks time).</summary>
        internal static void Pass(
            in TSchedule schedule, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> denoised,
            Span<T> xNext, Span<T> yNext, KernelOptions options)
        {
            StepCoefficients c = ScheduleStepCoefficients.EulerOde(schedule, t, tNext); // the schedule's own closed forms
            FusedPass.Combine(c.X, x, c.D, denoised, xNext, yNext, 1 / schedule.Scale(tNext), options);
        }
    }
}
