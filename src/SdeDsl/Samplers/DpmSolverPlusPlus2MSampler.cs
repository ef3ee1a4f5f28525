using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Generated;
using SdeDsl.Models;
using SdeDsl.Samplers.Driver;

namespace SdeDsl.Samplers;

/// <summary>
/// DPM-Solver++(2M) (Lu et al. 2022, Algorithm 2; k-diffusion's sample_dpmpp_2m, ComfyUI's "dpmpp_2m", diffusers'
/// DPMSolverMultistepScheduler with solver_order = 2; docs/math.md §7.8): the second-order multistep
/// data-prediction solver on y = x/s in lambda = -log sigma. The first step (no history yet) is DDIM; the final step
/// into sigma = 0 is first order (x = D), as in k-diffusion. One denoiser call per step.
/// </summary>
public static class DpmSolverPlusPlus2MSampler
{
    /// <summary>Samples over <paramref name="times"/>; the arguments as in <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
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
        return SamplerDriver.Sample(nameof(DpmSolverPlusPlus2MSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }

    /// <summary>
    /// h = lambda_next - lambda, r = (lambda - lambda_previous)/h, D_2 = (1 + 1/(2r)) D - 1/(2r) D_previous,
    /// y_next = (sigma_next/sigma) y - expm1(-h) D_2 (docs/math.md §7.8). D and D_previous alternate between two buffers.
    /// </summary>
    internal struct Step<TSchedule, T> : ISamplerStep<TSchedule, T>
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private int _steps;
        private double _tPrevious;

        public readonly double Prepare<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t)
            where TDenoiser : IDenoiser<T> => t;

        /// <remarks>
        /// On a converting network (D = c_y y + c_p P, docs/math.md §11.5, §11.8) the conversion of the new prediction is fused
        /// into the step's pass (<see cref="Kernels.ConvertingPass"/>), which also writes D into the history slot for the next
        /// step. Streams per step with s = 1 (the y stream adds one write otherwise, in both forms): convert-then-step,
        /// D = c_y y + c_p P (2 reads + 1 write) then the step on x, D, D_previous (3 + 1): 5 reads + 2 writes = 7;
        /// fused: x, P, D_previous read, x and D written: 3 + 2 = 5 (the first, DDIM, step: 6 and 4).
        /// </remarks>
        public void Advance<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t, double tNext)
            where TDenoiser : IDenoiser<T>
        {
            // Slots 0 and 1 hold D and D_previous in turn; P arrives in D's slot and the fused pass overwrites it with D.
            int current = _steps & 1;
            ReadOnlySpan<T> prediction = run.DenoiseGuidedAffine(step, run.Y, t, run.Buffer(current), out GuidedAffineOutput guided, out ReadOnlySpan<T> unconditional);
            AffineOutput form = guided.Single;
            if (guided.IsGuided)
            {
                // A guided adapter: P_c and P_u in its buffers, D = c_y y + c_u P_u + c_c P_c converted in the pass and
                // written into D's slot (docs/math.md §11.9).
                ReadOnlySpan<T> previousD = _steps == 0 ? default : run.Buffer(1 - current);
                PassOnGuidedPredictions(
                    run.Schedule, _steps == 0 ? double.NaN : _tPrevious, t, tNext, run.State, unconditional, prediction, guided, previousD,
                    run.State, run.Buffer(current), run.ScaledOutput, run.Kernel);
            }
            else if (form == AffineOutput.Identity)
            {
                if (_steps == 0)
                {
                    DdimSampler.Step<TSchedule, T>.Pass(run.Schedule, t, tNext, run.State, prediction, run.State, run.ScaledOutput, run.Kernel);
                }
                else
                {
                    Pass(run.Schedule, _tPrevious, t, tNext, run.State, prediction, run.Buffer(1 - current), run.State, run.ScaledOutput, run.Kernel);
                }
            }
            else
            {
                ReadOnlySpan<T> previous = _steps == 0 ? default : run.Buffer(1 - current);
                PassOnPrediction(run.Schedule, _steps == 0 ? double.NaN : _tPrevious, t, tNext, run.State, prediction, form, previous, run.State, run.Buffer(current), run.ScaledOutput, run.Kernel);
            }

            _steps++;
            _tPrevious = t;
        }

        /// <summary>The second-order multistep pass alone.</summary>
        internal static void Pass(
            in TSchedule schedule, double tPrevious, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> denoised,
            ReadOnlySpan<T> previousDenoised, Span<T> xNext, Span<T> yNext, KernelOptions options)
        {
            (double cx, double cd, double cPrevious) = Coefficients(schedule, tPrevious, t, tNext);
            FusedPass.Combine(cx, x, cd, denoised, cPrevious, previousDenoised, xNext, yNext, 1 / schedule.Scale(tNext), options);
        }

        /// <summary>
        /// The step on a raw prediction P with D = c_y x / s(t) + c_p P (docs/math.md §11.5) in one pass: D is computed in
        /// registers, written to <paramref name="denoised"/> (may be <paramref name="prediction"/> itself) for the next
        /// step, and used in the update exactly as the unfused pass uses it, so with s = 1 the bits of x and D equal
        /// the conversion pass followed by <see cref="Pass"/>. With an empty <paramref name="previousDenoised"/> the
        /// step is the first one, DDIM (docs/math.md §7.6), and <paramref name="tPrevious"/> is unused.
        /// </summary>
        internal static void PassOnPrediction(
            in TSchedule schedule, double tPrevious, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> prediction, AffineOutput form,
            ReadOnlySpan<T> previousDenoised, Span<T> xNext, Span<T> denoised, Span<T> yNext, KernelOptions options)
        {
            double cy = form.InputCoefficient / schedule.Scale(t), cp = form.PredictionCoefficient;
            double sNext = schedule.Scale(tNext);
            if (previousDenoised.IsEmpty)
            {
                (double cx0, double cd0) = DdimSampler.Step<TSchedule, T>.Coefficients(schedule, t, tNext);
                Kernels.ConvertingPass.Run(cy, cp, cx0, cd0, 0, x, prediction, default, xNext, denoised, yNext, 1 / sNext, options);
                return;
            }

            (double cx, double cd, double cPrevious) = Coefficients(schedule, tPrevious, t, tNext);
            Kernels.ConvertingPass.Run(cy, cp, cx, cd, cPrevious, x, prediction, previousDenoised, xNext, denoised, yNext, 1 / sNext, options);
        }

        /// <summary>
        /// The step on a guided adapter's two raw predictions (docs/math.md §11.9): D = (c_y / s) x + c_u P_u + c_c P_c in
        /// registers, written to <paramref name="denoised"/> for the next step, and used as in <see cref="PassOnPrediction"/>:
        /// x, P_u, P_c (and D_previous) read, x and D written. With s = 1 D takes exactly the guided adapter's
        /// operations (its combine c_y y + c_p (1 - w) P_u + c_p w P_c), so x and D are bitwise those of the unfused path.
        /// </summary>
        internal static void PassOnGuidedPredictions(
            in TSchedule schedule, double tPrevious, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> unconditional,
            ReadOnlySpan<T> conditional, GuidedAffineOutput form, ReadOnlySpan<T> previousDenoised, Span<T> xNext, Span<T> denoised,
            Span<T> yNext, KernelOptions options)
        {
            double cy = form.InputCoefficient / schedule.Scale(t), cu = form.UnconditionalCoefficient, cc = form.ConditionalCoefficient;
            double sNext = schedule.Scale(tNext);
            if (previousDenoised.IsEmpty)
            {
                (double cx0, double cd0) = DdimSampler.Step<TSchedule, T>.Coefficients(schedule, t, tNext);
                Kernels.ConvertingPass.Run(cy, cu, cc, cx0, cd0, 0, x, unconditional, conditional, default, xNext, denoised, yNext, 1 / sNext, options);
                return;
            }

            (double cx, double cd, double cPrevious) = Coefficients(schedule, tPrevious, t, tNext);
            Kernels.ConvertingPass.Run(cy, cu, cc, cx, cd, cPrevious, x, unconditional, conditional, previousDenoised, xNext, denoised, yNext, 1 / sNext, options);
        }

        /// <summary>The coefficients of x, D and D_previous in x_next (docs/math.md §7.8).</summary>
        internal static (double X, double D, double Previous) Coefficients(in TSchedule schedule, double tPrevious, double t, double tNext)
        {
            double sigmaPrevious = schedule.Sigma(tPrevious), sigma = schedule.Sigma(t), sigmaNext = schedule.Sigma(tNext);
            double h = Math.Log(sigma / sigmaNext), hLast = Math.Log(sigmaPrevious / sigma);
            double r = hLast / h;
            double weight = -AccurateMath.ExpM1(-h); // 1 - sigma_next/sigma without cancellation
            double sNext = schedule.Scale(tNext);
            return (sNext * (sigmaNext / sigma) / schedule.Scale(t), sNext * weight * (1 + 1 / (2 * r)), -sNext * weight / (2 * r));
        }
    }
}
