using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Generated;
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

        public void Advance<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t, double tNext)
            where TDenoiser : IDenoiser<T>
        {
            // Slots 0 and 1 hold D and D_previous in turn.
            int current = _steps & 1;
            Span<T> denoised = run.Denoise(step, run.Y, t, run.Buffer(current));
            if (_steps == 0)
            {
                DdimSampler.Step<TSchedule, T>.Pass(run.Schedule, t, tNext, run.State, denoised, run.State, run.ScaledOutput, run.Kernel);
            }
            else
            {
                Pass(run.Schedule, _tPrevious, t, tNext, run.State, denoised, run.Buffer(1 - current), run.State, run.ScaledOutput, run.Kernel);
            }

            _steps++;
            _tPrevious = t;
        }

        /// <summary>The second-order multistep pass alone.</summary>
        internal static void Pass(
            in TSchedule schedule, double tPrevious, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> denoised,
            ReadOnlySpan<T> previousDenoised, Span<T> xNext, Span<T> yNext, KernelOptions options)
        {
            double sigmaPrevious = schedule.Sigma(tPrevious), sigma = schedule.Sigma(t), sigmaNext = schedule.Sigma(tNext);
            double h = Math.Log(sigma / sigmaNext), hLast = Math.Log(sigmaPrevious / sigma);
            double r = hLast / h;
            double weight = -AccurateMath.ExpM1(-h); // 1 - sigma_next/sigma without cancellation
            double sNext = schedule.Scale(tNext);
            FusedPass.Combine(
                sNext * (sigmaNext / sigma) / schedule.Scale(t), x,
                sNext * weight * (1 + 1 / (2 * r)), denoised,
                -sNext * weight / (2 * r), previousDenoised,
                xNext, yNext, 1 / sNext, options);
        }
    }
}
