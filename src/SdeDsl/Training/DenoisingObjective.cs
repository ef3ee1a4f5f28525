using System;
using System.Numerics;
using SdeDsl.Kernels;
using SdeDsl.Models;
using SdeDsl.Noise;

namespace SdeDsl.Training;

/// <summary>
/// Denoising score matching with a declared schedule (docs/math.md §19): for each sample a noise level from
/// <see cref="Levels"/>, the forward perturbation x_t = s (x_0 + sigma eps) of <see cref="Training"/>, the network's
/// input and time input exactly as its model adapter computes them when sampling (<see cref="Convention"/>,
/// docs/math.md §11), the regression target of its prediction type and the loss weight of <see cref="Weighting"/>.
/// The loss is L = (1/B) sum_i w_i (1/d) sum_j (p_ij - target_ij)^2.
/// </summary>
/// <typeparam name="TTraining">The training schedule (declared with the DSL, built in, or a runtime-built table).</typeparam>
/// <remarks>
/// Reproducible: for a seed, iteration i uses stream <see cref="NoiseStream"/>(i) for eps, sample-keyed as in
/// docs/math.md §13, and stream <see cref="LevelStream"/>(i) for the noise levels, keyed by the sample's global index;
/// so sample g of iteration i is the same in any batch or shard (pass the shard's first global index). No allocation
/// per call.
/// </remarks>
public sealed class DenoisingObjective<TTraining>
    where TTraining : struct, INoiseSchedule
{
    private readonly TTraining _training;

    /// <summary>Creates the objective.</summary>
    /// <param name="training">The training schedule.</param>
    /// <param name="convention">The network's convention (what it predicts, its input and time input).</param>
    /// <param name="levels">The noise-level distribution.</param>
    /// <param name="weighting">The loss weighting.</param>
    /// <exception cref="ArgumentNullException"><paramref name="convention"/> is null.</exception>
    public DenoisingObjective(TTraining training, ModelConvention convention, NoiseLevelDistribution levels, LossWeighting weighting)
    {
        ArgumentNullException.ThrowIfNull(convention);
        _training = training;
        Convention = convention;
        Levels = levels;
        Weighting = weighting;
    }

    /// <summary>The training schedule.</summary>
    public TTraining Training => _training;

    /// <summary>The network's convention.</summary>
    public ModelConvention Convention { get; }

    /// <summary>The noise-level distribution.</summary>
    public NoiseLevelDistribution Levels { get; }

    /// <summary>The loss weighting.</summary>
    public LossWeighting Weighting { get; }

    /// <summary>The noise stream of eps at training iteration <paramref name="iteration"/>: 2 i.</summary>
    /// <param name="iteration">The iteration, below 2^63.</param>
    /// <returns>The stream.</returns>
    public static ulong NoiseStream(ulong iteration) => iteration << 1;

    /// <summary>The stream of the noise levels at training iteration <paramref name="iteration"/>: 2 i + 1.</summary>
    /// <param name="iteration">The iteration, below 2^63.</param>
    /// <returns>The stream.</returns>
    public static ulong LevelStream(ulong iteration) => (iteration << 1) | 1;

    /// <summary>
    /// Draws each sample's noise level from <see cref="Levels"/> and fills <paramref name="batch"/> for the clean
    /// samples <paramref name="x0"/> (docs/math.md §19).
    /// </summary>
    /// <param name="x0">The clean batch, <paramref name="batch"/>.Samples × Dimension elements.</param>
    /// <param name="batch">Receives noise, network input, target, times, sigmas, time inputs and weights.</param>
    /// <param name="seed">The training seed.</param>
    /// <param name="iteration">The training iteration (selects the streams), below 2^63.</param>
    /// <param name="firstIndex">The global index of the batch's first sample (a shard passes its own).</param>
    /// <exception cref="ArgumentException">Lengths do not match the batch.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The iteration or index is out of range.</exception>
    public void Prepare<T>(ReadOnlySpan<T> x0, TrainingBatch<T> batch, ulong seed, ulong iteration, long firstIndex = 0)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(batch);
        RequireIteration(iteration);
        ArgumentOutOfRangeException.ThrowIfNegative(firstIndex);
        Span<double> times = batch.Time.Span;
        ulong stream = LevelStream(iteration);
        for (int i = 0; i < times.Length; i++)
        {
            times[i] = Levels.DrawTime(_training, seed, stream, (ulong)(firstIndex + i));
        }

        PrepareAt(x0, times, batch, seed, iteration, firstIndex);
    }

    /// <summary>
    /// Fills <paramref name="batch"/> at the given training times (one per sample) instead of drawn ones: the
    /// perturbation, input, target and weight of docs/math.md §19.2-§19.3.
    /// </summary>
    /// <param name="x0">The clean batch, <paramref name="batch"/>.Samples × Dimension elements.</param>
    /// <param name="times">One time per sample in [TMin, TMax] with sigma(t) finite and positive (may be <paramref name="batch"/>.Time).</param>
    /// <param name="batch">Receives the batch.</param>
    /// <param name="seed">The training seed.</param>
    /// <param name="iteration">The training iteration, below 2^63.</param>
    /// <param name="firstIndex">The global index of the batch's first sample.</param>
    /// <exception cref="ArgumentException">Lengths do not match the batch.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time is outside the range or has sigma not finite and positive (the message names the sample, t and sigma).</exception>
    public void PrepareAt<T>(ReadOnlySpan<T> x0, ReadOnlySpan<double> times, TrainingBatch<T> batch, ulong seed, ulong iteration, long firstIndex = 0)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(batch);
        RequireIteration(iteration);
        RequireLength(x0.Length, batch.Length, nameof(x0));
        RequireLength(times.Length, batch.Samples, nameof(times));
        int d = batch.Dimension;
        Span<T> noise = batch.Noise.Span, input = batch.NetworkInput.Span, target = batch.Target.Span;
        Span<double> time = batch.Time.Span, sigmas = batch.Sigma.Span, timeInputs = batch.TimeInput.Span, weights = batch.Weight.Span;
        new GaussianNoise(seed).FillSamples(NoiseStream(iteration), new SampleLayout(d, firstIndex), noise);
        for (int i = 0; i < batch.Samples; i++)
        {
            double t = times[i];
            double sigma = t >= _training.TMin && t <= _training.TMax ? _training.Sigma(t) : double.NaN;
            if (!(sigma > 0) || !double.IsFinite(sigma))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(times), t,
                    $"Sample {i}: t = {t:R} gives sigma = {sigma:R}; training needs t in [{_training.TMin:R}, {_training.TMax:R}] with sigma(t) finite and > 0.");
            }

            double s = _training.IsScaleIdentity ? 1.0 : _training.Scale(t);
            ModelCall call = ModelCall.At(Convention, _training, sigma);
            (double a, double b) = TrainingTarget.Coefficients(Convention.Prediction, s, sigma, Convention.SigmaData);
            ReadOnlySpan<T> clean = x0.Slice(i * d, d);
            ReadOnlySpan<T> eps = noise.Slice(i * d, d);
            // network input c_i y = c_i x_0 + c_i sigma eps (docs/math.md §11.3); target a x_0 + b eps (§19.2).
            double ci = call.InputCoefficient;
            FusedPass.Combine(ci, clean, ci * sigma, eps, input.Slice(i * d, d), default, 0, default);
            FusedPass.Combine(a, clean, b, eps, target.Slice(i * d, d), default, 0, default);
            time[i] = t;
            sigmas[i] = sigma;
            timeInputs[i] = call.TimeInput;
            weights[i] = Weighting.PredictionWeight(sigma, call.PredictionCoefficient);
        }
    }

    /// <summary>
    /// The weighted loss L = (1/B) sum_i w_i (1/d) sum_j (p_ij - target_ij)^2 of the network's
    /// <paramref name="prediction"/> on the prepared <paramref name="batch"/> (docs/math.md §19.3), in double.
    /// </summary>
    /// <param name="prediction">The network's output on <paramref name="batch"/>.NetworkInput.</param>
    /// <param name="batch">The prepared batch.</param>
    /// <returns>L.</returns>
    /// <exception cref="ArgumentException">The prediction's length differs from the batch's.</exception>
    public static double Loss<T>(ReadOnlySpan<T> prediction, TrainingBatch<T> batch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => LossAndGradient(prediction, batch, default);

    /// <summary>
    /// The loss of <see cref="Loss{T}"/> and, when <paramref name="gradient"/> is not empty, its gradient with respect
    /// to the prediction, dL/dp_ij = 2 w_i (p_ij - target_ij)/(B d), for a hand-written network's backward pass.
    /// </summary>
    /// <param name="prediction">The network's output.</param>
    /// <param name="batch">The prepared batch.</param>
    /// <param name="gradient">Receives dL/dp (same length as the batch), or empty.</param>
    /// <returns>L.</returns>
    /// <exception cref="ArgumentException">A length differs from the batch's.</exception>
    public static double LossAndGradient<T>(ReadOnlySpan<T> prediction, TrainingBatch<T> batch, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(batch);
        RequireLength(prediction.Length, batch.Length, nameof(prediction));
        if (!gradient.IsEmpty)
        {
            RequireLength(gradient.Length, batch.Length, nameof(gradient));
        }

        int d = batch.Dimension;
        ReadOnlySpan<T> target = batch.Target.Span;
        ReadOnlySpan<double> weights = batch.Weight.Span;
        double total = 0;
        double perElement = 1.0 / ((double)batch.Samples * d);
        for (int i = 0; i < batch.Samples; i++)
        {
            double w = weights[i];
            double sum = 0;
            double g = 2 * w * perElement;
            for (int j = i * d, end = j + d; j < end; j++)
            {
                double e = double.CreateTruncating(prediction[j]) - double.CreateTruncating(target[j]);
                sum += e * e;
                if (!gradient.IsEmpty)
                {
                    gradient[j] = T.CreateTruncating(g * e);
                }
            }

            total += w * sum;
        }

        return total * perElement;
    }

    private static void RequireIteration(ulong iteration)
    {
        if (iteration >= 1UL << 63)
        {
            throw new ArgumentOutOfRangeException(nameof(iteration), iteration, "The iteration must be below 2^63 (two streams per iteration).");
        }
    }

    private static void RequireLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"'{name}' has {actual} elements but the batch needs {expected}.", name);
        }
    }
}
