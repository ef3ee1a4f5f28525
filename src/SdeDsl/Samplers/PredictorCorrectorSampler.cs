using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using SdeDsl.Samplers.Driver;
using SdeDsl.Schedules;

namespace SdeDsl.Samplers;

/// <summary>The predictor of a predictor-corrector run.</summary>
public enum Predictor
{
    /// <summary>Euler-Maruyama on the reverse SDE (SGM's "reverse diffusion" predictor family).</summary>
    ReverseSde,

    /// <summary>Euler on the probability-flow ODE.</summary>
    ProbabilityFlowEuler,

    /// <summary>DDIM (the exponential integrator in sigma).</summary>
    Ddim,
}

/// <summary>
/// Predictor-corrector sampling (Song et al. 2021, Algorithms 1, 4 and 5; score_sde's "pc" sampler with its
/// LangevinCorrector; docs/math.md §7.9): at each grid time, M Langevin corrector steps
/// x += eps grad + sqrt(2 eps) z, then one predictor step to the next time; the final step into sigma = 0 after
/// correcting at the last time.
/// </summary>
/// <remarks>
/// The step size follows score_sde: eps = 2 alpha (r ||z|| / ||grad||)^2 with ||z|| and ||grad|| the per-sample norms
/// (over <c>sampleDimension</c> elements) averaged over the batch, r the target signal-to-noise ratio and
/// alpha = exp(2 f(t_i) dt_i) (score_sde's 1 - beta_i on VP to first order, 1 on VE and EDM), dt_i the grid interval
/// after t_i (before it at the last time). One step size serves the whole batch, as in the reference, so a sample
/// depends on the rest of its batch through it. Corrector noise of step i, iteration j is stream (i &lt;&lt; 32) | (j + 1);
/// the predictor uses stream i &lt;&lt; 32. M + 1 denoiser calls per grid time.
/// </remarks>
public static class PredictorCorrectorSampler
{
    /// <summary>Samples with a predictor and Langevin corrector over <paramref name="times"/>.</summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">The model.</param>
    /// <param name="times">t_0 &gt; ... &gt; t_{N-1} inside the schedule's range.</param>
    /// <param name="x">On entry x_{t_0}; on success the sample; unchanged if the run fails or is cancelled.</param>
    /// <param name="sampleDimension">The elements of one sample (x holds a whole batch of them): the corrector's norms are per sample.</param>
    /// <param name="predictor">The predictor.</param>
    /// <param name="correctorSteps">M &gt;= 0 corrector steps per grid time.</param>
    /// <param name="signalToNoiseRatio">r &gt; 0, the target ratio ||eps grad|| / ||sqrt(2 eps) z|| of SGM, halved (0.16 for VE on CIFAR-10, 0.01 for VP).</param>
    /// <param name="options">Seed, final step, kernel settings, cancellation, progress.</param>
    /// <param name="onStep">Called after every step.</param>
    /// <returns>The number of denoiser calls.</returns>
    /// <exception cref="ArgumentException">Bad grid, dimension, step count or ratio.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; <paramref name="x"/> is unchanged.</exception>
    public static int Sample<TSchedule, T, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x, int sampleDimension,
        Predictor predictor, int correctorSteps, double signalToNoiseRatio,
        SamplingOptions? options = null, StepCallback<T>? onStep = null)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        if (sampleDimension <= 0 || x.Length % sampleDimension != 0)
        {
            throw new ArgumentException($"x has {x.Length} elements, not a whole number of samples of dimension {sampleDimension}.", nameof(sampleDimension));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(correctorSteps);
        if (!(signalToNoiseRatio > 0) || double.IsInfinity(signalToNoiseRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(signalToNoiseRatio), signalToNoiseRatio, "The signal-to-noise ratio must be positive and finite.");
        }

        if (!Enum.IsDefined(predictor))
        {
            throw new ArgumentOutOfRangeException(nameof(predictor), predictor, "Unknown predictor.");
        }

        IndependentNoiseOnly.Require(options, nameof(PredictorCorrectorSampler));
        var step = new Step<TSchedule, T>(sampleDimension, predictor, correctorSteps, signalToNoiseRatio);
        return SamplerDriver.Sample(nameof(PredictorCorrectorSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }

    /// <summary>M Langevin corrector steps at the grid time (Prepare), then the predictor to the next one (Advance).</summary>
    internal readonly struct Step<TSchedule, T>(int dimension, Predictor predictor, int correctorSteps, double snr) : ISamplerStep<TSchedule, T>
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private const int CorrectorNoise = 1;

        public double Prepare<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t)
            where TDenoiser : IDenoiser<T>
        {
            for (int j = 0; j < correctorSteps; j++)
            {
                Span<T> denoised = run.Denoise(step, t);
                Correct(ref run, step, t, (uint)(j + 1), denoised);
            }

            return t;
        }

        public void Advance<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t, double tNext)
            where TDenoiser : IDenoiser<T>
        {
            Span<T> denoised = run.Denoise(step, t);
            switch (predictor)
            {
                case Predictor.ReverseSde:
                    EulerMaruyamaSampler.Step<TSchedule, T>.Pass(run.Schedule, t, tNext, run.State, denoised, run.Noise(step), run.State, run.ScaledOutput, run.Kernel);
                    break;
                case Predictor.ProbabilityFlowEuler:
                    EulerSampler.Step<TSchedule, T>.Pass(run.Schedule, t, tNext, run.State, denoised, run.State, run.ScaledOutput, run.Kernel);
                    break;
                default:
                    DdimSampler.Step<TSchedule, T>.Pass(run.Schedule, t, tNext, run.State, denoised, run.State, run.ScaledOutput, run.Kernel);
                    break;
            }
        }

        /// <summary>
        /// One corrector step (docs/math.md §7.9): z drawn into a buffer, eps = 2 alpha (r mean_b ||z_b|| / mean_b ||grad_b||)^2
        /// with grad = (D - y)/(s sigma^2), then x + eps grad + sqrt(2 eps) z in one pass.
        /// </summary>
        private void Correct<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t, uint substream, ReadOnlySpan<T> denoised)
            where TDenoiser : IDenoiser<T>
        {
            TSchedule schedule = run.Schedule;
            Span<T> z = run.Buffer(CorrectorNoise);
            DirectNoiseFill.Fill(z, run.Noise(step, substream), 0, run.Kernel);

            ReadOnlySpan<T> y = run.Y;
            double noiseNorms = 0, residualNorms = 0;
            for (int offset = 0; offset < z.Length; offset += dimension)
            {
                double z2 = 0, r2 = 0;
                for (int k = offset; k < offset + dimension; k++)
                {
                    double zk = double.CreateTruncating(z[k]);
                    double rk = double.CreateTruncating(denoised[k]) - double.CreateTruncating(y[k]);
                    z2 += zk * zk;
                    r2 += rk * rk;
                }

                noiseNorms += Math.Sqrt(z2);
                residualNorms += Math.Sqrt(r2);
            }

            double s = schedule.Scale(t), sigma = schedule.Sigma(t);
            double gradNorm = residualNorms / (s * sigma * sigma); // the batch-mean ||grad_b|| times the batch size, as noiseNorms
            double ratio = gradNorm > 0 ? snr * noiseNorms / gradNorm : 0;
            double stepSize = 2 * Alpha(schedule, run.Times, step) * ratio * ratio;
            if (!double.IsFinite(stepSize))
            {
                throw new InvalidOperationException(
                    $"{nameof(PredictorCorrectorSampler)}: the corrector step size is {stepSize:R} in step {step} (t = {t:R}, sigma = {sigma:R}).");
            }

            StepCoefficients c = ScheduleStepCoefficients.LangevinCorrector(schedule, t, stepSize); // the schedule's own closed forms
            FusedPass.Combine(c.X, run.State, c.D, denoised, c.Z, z, run.State, run.ScaledOutput, 1 / s, run.Kernel);
        }

        /// <summary>alpha_i = exp(2 f(t_i) dt_i), dt_i the grid interval after t_i (before it at the last time; 1 on a one-time grid).</summary>
        private static double Alpha(in TSchedule schedule, ReadOnlySpan<double> times, int step)
        {
            double dt = step + 1 < times.Length ? times[step] - times[step + 1] : step > 0 ? times[step - 1] - times[step] : 0;
            return Math.Exp(2 * schedule.Drift(times[step]) * dt);
        }
    }
}
