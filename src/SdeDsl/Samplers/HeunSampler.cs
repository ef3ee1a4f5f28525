using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Models;
using SdeDsl.Samplers.Driver;
using SdeDsl.Schedules;

namespace SdeDsl.Samplers;

/// <summary>
/// Heun's second-order method on the probability-flow ODE, EDM Algorithm 1 (docs/math.md §7.2; k-diffusion's and
/// ComfyUI's "heun"): an Euler prediction, a second denoiser call at t_next and the trapezoidal correction; the step
/// into sigma = 0 is Euler (x = D). 2N - 1 denoiser calls for a grid of N times.
/// </summary>
public static class HeunSampler
{
    /// <summary>Samples with Heun's method over <paramref name="times"/>; see <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/> for the arguments.</summary>
    /// <returns>The number of denoiser calls: 2N - 1 with the final step into sigma = 0, 2(N - 1) without.</returns>
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
        var step = new Step<TSchedule, T>(schedule, default);
        return SamplerDriver.Sample(nameof(HeunSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }

    /// <summary>
    /// EDM Algorithm 2, which is Algorithm 1 with churn: before each step (lines 4-6) raise the noise level to
    /// sigma_hat = (1 + gamma) sigma, then Heun from t_hat (lines 7-10). With S_churn = 0 it is Algorithm 1 exactly.
    /// </summary>
    internal struct Step<TSchedule, T> : ISamplerStep<TSchedule, T>
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private const int Predicted = 1, PredictedScaled = 2, DenoisedPredicted = 3;
        private readonly ChurnSettings _churn;
        private readonly double _sigmaTop;

        /// <summary>A Heun step with EDM's churn (none when S_churn = 0).</summary>
        public Step(in TSchedule schedule, ChurnSettings churn)
        {
            _churn = churn;
            _sigmaTop = schedule.Sigma(schedule.TMax);
        }

        /// <summary>
        /// Lines 4-6: gamma_i inside [S_tmin, S_tmax], t_hat = sigma^-1((1 + gamma_i) sigma(t_i)) and
        /// x_hat = s(t_hat)/s(t) x + s(t_hat) sqrt(sigma_hat^2 - sigma^2) S_noise z (docs/math.md §7.3).
        /// </summary>
        public readonly double Prepare<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t)
            where TDenoiser : IDenoiser<T>
        {
            TSchedule schedule = run.Schedule;
            double sigma = schedule.Sigma(t);
            double gamma = sigma >= _churn.SigmaMin && sigma <= _churn.SigmaMax ? Math.Min(_churn.SChurn / run.StepCount, Math.Sqrt(2) - 1) : 0;
            if (!(gamma > 0))
            {
                return t;
            }

            double tHat = ChurnTime(schedule, t, sigma, (1 + gamma) * sigma);
            if (tHat == t)
            {
                return t;
            }

            ChurnPass(schedule, t, tHat, _churn.SNoise, run.State, run.Noise(step), run.State, run.ScaledOutput, run.Kernel);
            return tHat;
        }

        /// <summary>The churn pass alone: x_hat = s(t_hat)/s(t) x + s(t_hat) sqrt(sigma_hat^2 - sigma^2) S_noise z.</summary>
        internal static void ChurnPass(
            in TSchedule schedule, double t, double tHat, double sNoise, ReadOnlySpan<T> x, in Noise.NoiseKey noise,
            Span<T> xHat, Span<T> yHat, KernelOptions options)
        {
            double sigma = schedule.Sigma(t), sigmaHat = schedule.Sigma(tHat);
            double added = sigmaHat * sigmaHat - sigma * sigma;
            if (!(added >= 0))
            {
                throw new InvalidOperationException(
                    $"sigma(t_hat = {tHat:R}) = {sigmaHat:R} is below sigma(t = {t:R}) = {sigma:R}: the schedule's sigma^-1 is inconsistent.");
            }

            double sHat = schedule.Scale(tHat);
            FusedPass.CombineWithNoise(sHat / schedule.Scale(t), x, sHat * Math.Sqrt(added) * sNoise, noise, xHat, yHat, 1 / sHat, options);
        }

        /// <summary>Lines 7-10: Euler to t_next, D at the prediction, the trapezoidal correction (docs/math.md §7.2).</summary>
        /// <remarks>
        /// On a converting network (epsilon, v, flow, x_0: D = c_y y + c_p P, docs/math.md §11.5) both conversions are
        /// folded into the step's passes and no D buffer is written (docs/math.md §11.8). Streams per step with s = 1 (each pass's y stream
        /// adds one write otherwise, in both forms):
        /// convert-then-step: D1 = c_y x + c_p P1 (2 reads + 1 write), the prediction (2 + 1), D2 = c_y' x' + c_p' P2
        /// (2 + 1), the correction on x, D1, x', D2 (4 + 1): 10 reads + 4 writes = 14 streams;
        /// fused: the prediction on x, P1 (2 + 1), the correction on x, P1, x', P2 (4 + 1): 6 reads + 2 writes = 8.
        /// </remarks>
        public readonly void Advance<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t, double tNext)
            where TDenoiser : IDenoiser<T>
        {
            TSchedule schedule = run.Schedule;
            Span<T> prediction = run.DenoiseAffine(step, run.Y, t, run.Buffer(SamplerRun<TSchedule, T, TDenoiser>.DenoisedSlot), out AffineOutput form);
            Span<T> predicted = run.Buffer(Predicted), predictedScaled = run.ScaledBuffer(PredictedScaled);
            EulerSampler.Step<TSchedule, T>.Pass(schedule, t, tNext, run.State, prediction, form, predicted, predictedScaled, run.Kernel);

            ReadOnlySpan<T> predictedInput = predictedScaled.IsEmpty ? predicted : predictedScaled;
            Span<T> predictionAtNext = run.DenoiseAffine(step, predictedInput, tNext, run.Buffer(DenoisedPredicted), out AffineOutput formAtNext);
            Correction(schedule, t, tNext, run.State, prediction, form, predicted, predictionAtNext, formAtNext, run.State, run.ScaledOutput, run.Kernel);
        }

        /// <summary>x_next = x + h/2 [(a x - b D)(t) + (a x' - b D')(t_next)] in one pass (also what the benchmarks time).</summary>
        internal static void Correction(
            in TSchedule schedule, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> denoised,
            ReadOnlySpan<T> predicted, ReadOnlySpan<T> denoisedPredicted, Span<T> xNext, Span<T> yNext, KernelOptions options)
        {
            HeunStepCoefficients c = ScheduleStepCoefficients.HeunCorrection(schedule, t, tNext); // the schedule's own closed forms
            FusedPass.Combine(c.X, x, c.D, denoised, c.XPredicted, predicted, c.DPredicted, denoisedPredicted, xNext, yNext, 1 / schedule.Scale(tNext), options);
        }

        /// <summary>
        /// The correction with both denoiser outputs in affine form, D = c_y x / s(t) + c_p P and
        /// D' = c_y' x' / s(t_next) + c_p' P' (docs/math.md §7.2, §11.5), in the one four-input pass:
        /// x_next = (c_x + c_D c_y / s) x + c_D c_p P + (c_x' + c_D' c_y' / s_next) x' + c_D' c_p' P'.
        /// With both forms (0, 1) the coefficients are exactly those of the pass on D and D', and so are the bits.
        /// </summary>
        internal static void Correction(
            in TSchedule schedule, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> prediction, AffineOutput form,
            ReadOnlySpan<T> predicted, ReadOnlySpan<T> predictionAtNext, AffineOutput formAtNext, Span<T> xNext, Span<T> yNext, KernelOptions options)
        {
            HeunStepCoefficients c = ScheduleStepCoefficients.HeunCorrection(schedule, t, tNext);
            double sNext = schedule.Scale(tNext);
            double cx = form.InputCoefficient == 0 ? c.X : c.X + (c.D * form.InputCoefficient / schedule.Scale(t));
            double cxPredicted = formAtNext.InputCoefficient == 0 ? c.XPredicted : c.XPredicted + (c.DPredicted * formAtNext.InputCoefficient / sNext);
            FusedPass.Combine(
                cx, x, c.D * form.PredictionCoefficient, prediction, cxPredicted, predicted, c.DPredicted * formAtNext.PredictionCoefficient, predictionAtNext,
                xNext, yNext, 1 / sNext, options);
        }

        /// <summary>
        /// t_hat = sigma^-1(sigma_hat). Above sigma(TMax) the schedule is evaluated beyond TMax when its formulas allow
        /// it there (t_hat finite, sigma(t_hat) = sigma_hat to 1e-9 relative, s(t_hat) and sigma'(t_hat) finite and
        /// positive); otherwise sigma_hat is capped at sigma(TMax), which on the step at TMax means no churn.
        /// </summary>
        private readonly double ChurnTime(in TSchedule schedule, double t, double sigma, double sigmaHat)
        {
            if (sigmaHat <= _sigmaTop)
            {
                return Math.Max(t, schedule.TimeAtSigma(sigmaHat));
            }

            double beyond = schedule.TimeAtSigma(sigmaHat);
            if (double.IsFinite(beyond) && beyond > t
                && Math.Abs(schedule.Sigma(beyond) - sigmaHat) <= 1e-9 * sigmaHat
                && schedule.Scale(beyond) is var s && double.IsFinite(s) && s > 0
                && schedule.SigmaDerivative(beyond) is var slope && double.IsFinite(slope) && slope > 0)
            {
                return beyond;
            }

            return sigma < _sigmaTop ? Math.Max(t, schedule.TimeAtSigma(_sigmaTop)) : t;
        }
    }
}
