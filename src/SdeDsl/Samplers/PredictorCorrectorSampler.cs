using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
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
/// Predictor-corrector sampling (SGM Algorithms 4 and 5; math.md section 7): at each grid time, M Langevin corrector
/// steps x += eps grad + sqrt(2 eps) z with eps = 2 (r |z| / |grad|)^2 for the target signal-to-noise ratio r, then
/// one predictor step to the next time; the final step into sigma = 0 after correcting at the last time.
/// </summary>
/// <remarks>
/// The step size is computed per group of <c>sampleDimension</c> elements (SGM averages per-image norms over the
/// batch); with the group equal to one sample, a sample does not depend on the rest of its batch. Corrector noise of step i, iteration j is stream (i &lt;&lt; 32) | (j + 1); the
/// predictor uses stream i &lt;&lt; 32. M + 1 denoiser calls per grid time.
/// </remarks>
public static class PredictorCorrectorSampler
{
    /// <summary>Samples with a predictor and Langevin corrector over <paramref name="times"/>.</summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">The model.</param>
    /// <param name="times">t_0 &gt; ... &gt; t_{N-1} inside the schedule's range.</param>
    /// <param name="x">On entry x_{t_0}; on success the sample; unchanged if the run fails or is cancelled.</param>
    /// <param name="sampleDimension">
    /// Elements per normalisation group (x holds a whole number of groups): the corrector's |z| and |grad| are taken
    /// over each group. Pass the sample size for high-dimensional data (SGM's images); for low-dimensional data the
    /// per-sample norms fluctuate so much that a few step sizes explode, so pass a larger group (the whole batch).
    /// </param>
    /// <param name="predictor">The predictor.</param>
    /// <param name="correctorSteps">M &gt;= 0 corrector steps per grid time.</param>
    /// <param name="signalToNoiseRatio">r &gt; 0, the target ratio |eps grad| / |sqrt(2 eps) z| / ... of SGM (0.16 for VE on CIFAR-10).</param>
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

        var step = new Step<TSchedule, T>(sampleDimension, predictor, correctorSteps, signalToNoiseRatio);
        return SamplerDriver.Sample(nameof(PredictorCorrectorSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }

    /// <summary>M Langevin corrector steps at the grid time (Prepare), then the predictor to the next one (Advance).</summary>
    internal readonly struct Step<TSchedule, T>(int dimension, Predictor predictor, int correctorSteps, double snr) : ISamplerStep<TSchedule, T>
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private const int NoiseRow = 1;

        public double Prepare<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t)
            where TDenoiser : IDenoiser<T>
        {
            for (int j = 0; j < correctorSteps; j++)
            {
                Span<T> denoised = run.Denoise(step, t);
                Correct(ref run, t, (uint)(j + 1), step, denoised, run.Buffer(NoiseRow).Slice(0, dimension));
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

        /// <summary>One Langevin corrector step, sample by sample: eps_b = 2 (r |z_b| / |grad_b|)^2, grad = (D - y)/(s sigma^2).</summary>
        private void Correct<TDenoiser>(
            ref SamplerRun<TSchedule, T, TDenoiser> run, double t, uint substream, int step, ReadOnlySpan<T> denoised, Span<T> noiseRow)
            where TDenoiser : IDenoiser<T>
        {
            TSchedule schedule = run.Schedule;
            double s = schedule.Scale(t), sigma = schedule.Sigma(t);
            Noise.NoiseKey key = run.Noise(step, substream);
            Span<T> state = run.State, y = run.Y, scaled = run.ScaledOutput;
            for (int offset = 0; offset < state.Length; offset += dimension)
            {
                FusedPass.Noise(noiseRow, key, offset, 1.0, run.Kernel);
                double noiseNorm2 = 0, gradNorm2 = 0;
                for (int j = 0; j < dimension; j++)
                {
                    double z = double.CreateTruncating(noiseRow[j]);
                    double g = double.CreateTruncating(denoised[offset + j]) - double.CreateTruncating(y[offset + j]);
                    noiseNorm2 += z * z;
                    gradNorm2 += g * g;
                }

                gradNorm2 /= s * s * sigma * sigma * sigma * sigma;
                double stepSize = gradNorm2 > 0 ? 2 * snr * snr * noiseNorm2 / gradNorm2 : 0;
                Span<T> row = state.Slice(offset, dimension);
                CorrectorPass(schedule, t, stepSize, row, denoised.Slice(offset, dimension), key, offset, row,
                    scaled.IsEmpty ? default : scaled.Slice(offset, dimension), run.Kernel);
            }
        }

        /// <summary>
        /// The corrector pass alone: x_next = x + eps (D - x/s)/(s sigma^2) + sqrt(2 eps) z, z from element
        /// <paramref name="noiseOffset"/> of the stream on; y_next = x_next/s(t).
        /// </summary>
        internal static void CorrectorPass(
            in TSchedule schedule, double t, double stepSize, ReadOnlySpan<T> x, ReadOnlySpan<T> denoised,
            in Noise.NoiseKey noise, long noiseOffset, Span<T> xNext, Span<T> yNext, KernelOptions options)
        {
            (double cx, double cd, double cz) = ScheduleStepCoefficients.LangevinCorrector(schedule, t, stepSize);
            FusedPass.CombineWithNoise(cx, x, cd, denoised, cz, noise, noiseOffset, xNext, yNext, 1 / schedule.Scale(t), options);
        }
    }
}
