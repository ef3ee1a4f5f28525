using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SdeDsl.Likelihood;

namespace SdeDsl.Denoisers;

/// <summary>
/// The ideal denoiser of a finite dataset {x_k} (docs/math.md §9.4):
/// D(y; sigma) = sum_k softmax_k(-|y - x_k|^2 / (2 sigma^2)) x_k, computed with a log-sum-exp; at sigma = 0 the
/// nearest point (ties share equally).
/// </summary>
/// <remarks>Sampling with it reproduces the training points: the optimum a perfectly trained network memorises.</remarks>
public sealed class FiniteDatasetDenoiser : AnalyticDenoiser, IExactDivergence, INoisyLogDensity
{
    private readonly double[] _points;
    private readonly int _count;
    private readonly double _negligibleLogit;

    /// <summary>Creates the denoiser for the points stored row after row in <paramref name="points"/>.</summary>
    /// <exception cref="ArgumentException">The data are empty, not a whole number of points, or not finite.</exception>
    public FiniteDatasetDenoiser(ReadOnlySpan<double> points, int dimension)
        : base(dimension)
    {
        if (points.IsEmpty || points.Length % dimension != 0)
        {
            throw new ArgumentException($"{points.Length} values are not a positive whole number of {dimension}-dimensional points.", nameof(points));
        }

        foreach (double p in points)
        {
            if (!double.IsFinite(p))
            {
                throw new ArgumentException("Every coordinate must be finite.", nameof(points));
            }
        }

        _points = points.ToArray();
        _count = points.Length / dimension;
        _negligibleLogit = NegligibleLogit(_count);
    }

    /// <summary>The number of points.</summary>
    public int Count => _count;

    /// <summary>Point <paramref name="k"/>.</summary>
    public ReadOnlySpan<double> PointAt(int k) => _points.AsSpan(k * Dimension, Dimension);

    /// <inheritdoc/>
    protected override int CostPerElement => 3 * _count;

    /// <inheritdoc/>
    private protected override int PreparedLength => 1;

    /// <summary>The call's 2 sigma^2; sigma = 0 (the nearest point) is left to the scalar path.</summary>
    private protected override bool TryPrepare(double sigma, Span<double> constants)
    {
        constants[0] = 2 * sigma * sigma;
        return constants[0] > 0;
    }

    /// <summary>
    /// (9.4) for one SIMD block of samples: logits -|y - x_k|^2 / (2 sigma^2) from direct differences (no
    /// |y|^2 - 2 y.x + |x|^2 cancellation), up to <see cref="AnalyticDenoiser.BlockScratch"/> points at a time, with the
    /// running-maximum softmax of docs/math.md §9.7; a point whose logits lie below the running maximum plus
    /// <see cref="AnalyticDenoiser.NegligibleLogit"/>(N) in every lane is skipped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see AnalyticDenoiser.DenoiseRange
    private protected override void DenoiseBlock(
        ReadOnlySpan<double> constants, ReadOnlySpan<Vector<double>> y, Span<Vector<double>> denoised, Span<Vector<double>> scratch)
    {
        int d = Dimension;
        if (constants.Length < 1 || y.Length < d || denoised.Length < d || scratch.Length < BlockScratch)
        {
            throw new ArgumentException("The block's spans are shorter than the data set needs.", nameof(constants));
        }

        // Bounds checked once above (and _points holds _count * d values): the loops below index through refs.
        ref double x0 = ref MemoryMarshal.GetArrayDataReference(_points);
        ref Vector<double> y0 = ref MemoryMarshal.GetReference(y), d0 = ref MemoryMarshal.GetReference(denoised);
        ref Vector<double> s0 = ref MemoryMarshal.GetReference(scratch);
        Vector<double> negligible = new(_negligibleLogit);
        Vector<double> twoSigma2 = new(constants[0]);
        Vector<double> max = new(double.NegativeInfinity), normaliser = Vector<double>.Zero;
        for (int j = 0; j < d; j++)
        {
            Unsafe.Add(ref d0, j) = Vector<double>.Zero;
        }

        for (int group = 0; group < _count; group += BlockScratch)
        {
            int size = Math.Min(BlockScratch, _count - group);
            Vector<double> groupMax = new(double.NegativeInfinity);
            ref double x = ref Unsafe.Add(ref x0, group * d);
            for (int i = 0; i < size; i++, x = ref Unsafe.Add(ref x, d))
            {
                Vector<double> distance2 = Vector<double>.Zero;
                for (int j = 0; j < d; j++)
                {
                    Vector<double> diff = Unsafe.Add(ref y0, j) - new Vector<double>(Unsafe.Add(ref x, j));
                    distance2 += diff * diff;
                }

                Vector<double> logit = -distance2 / twoSigma2;
                Unsafe.Add(ref s0, i) = logit;
                groupMax = Vector.MaxNative(groupMax, logit);
            }

            RunningSoftmax.Raise(group == 0, groupMax, ref max, ref normaliser, denoised.Slice(0, d));

            x = ref Unsafe.Add(ref x0, group * d);
            for (int i = 0; i < size; i++, x = ref Unsafe.Add(ref x, d))
            {
                Vector<double> exponent = Unsafe.Add(ref s0, i) - max;
                if (Vector.LessThanAll(exponent, negligible))
                {
                    continue;
                }

                Vector<double> weight = VectorExp.Exp(exponent);
                normaliser += weight;
                for (int j = 0; j < d; j++)
                {
                    ref Vector<double> sum = ref Unsafe.Add(ref d0, j);
                    sum = Vector.FusedMultiplyAdd(weight, new Vector<double>(Unsafe.Add(ref x, j)), sum);
                }
            }
        }

        for (int j = 0; j < d; j++)
        {
            Unsafe.Add(ref d0, j) /= normaliser;
        }
    }

    /// <inheritdoc/>
    protected override void DenoiseSample(ReadOnlySpan<double> y, double sigma, Span<double> denoised)
    {
        int d = Dimension;
        Span<double> logits = _count <= 512 ? stackalloc double[_count] : new double[_count];
        double max = double.NegativeInfinity;
        for (int k = 0; k < _count; k++)
        {
            ReadOnlySpan<double> x = _points.AsSpan(k * d, d);
            double distance2 = 0;
            for (int j = 0; j < d; j++)
            {
                double diff = y[j] - x[j];
                distance2 += diff * diff;
            }

            logits[k] = sigma > 0 ? -distance2 / (2 * sigma * sigma) : -distance2;
            max = Math.Max(max, logits[k]);
        }

        double normaliser = 0;
        for (int k = 0; k < _count; k++)
        {
            // sigma = 0: the limit of the softmax keeps only the nearest point(s).
            logits[k] = sigma > 0 ? Math.Exp(logits[k] - max) : (logits[k] == max ? 1 : 0);
            normaliser += logits[k];
        }

        denoised.Clear();
        for (int k = 0; k < _count; k++)
        {
            double r = logits[k] / normaliser;
            if (r == 0)
            {
                continue;
            }

            ReadOnlySpan<double> x = _points.AsSpan(k * d, d);
            for (int j = 0; j < d; j++)
            {
                denoised[j] += r * x[j];
            }
        }
    }

    /// <summary>
    /// D and its exact divergence (docs/math.md §16.4): with r_k the softmax weights of (9.4),
    /// div_y D = sum_k r_k ||x_k - D||^2 / sigma^2 (the posterior's total variance over sigma^2).
    /// </summary>
    public void DenoiseWithDivergence(ReadOnlySpan<double> input, double sigma, Span<double> output, Span<double> divergence)
    {
        int samples = DivergenceBatch.Validate(Dimension, input, sigma, output, divergence);
        int d = Dimension;
        Span<double> weights = _count <= 512 ? stackalloc double[_count] : new double[_count];
        for (int i = 0; i < samples; i++)
        {
            ReadOnlySpan<double> y = input.Slice(i * d, d);
            Span<double> denoised = output.Slice(i * d, d);
            Weights(y, sigma, weights);
            denoised.Clear();
            for (int k = 0; k < _count; k++)
            {
                ReadOnlySpan<double> x = _points.AsSpan(k * d, d);
                for (int j = 0; j < d; j++)
                {
                    denoised[j] += weights[k] * x[j];
                }
            }

            double spread = 0;
            for (int k = 0; k < _count; k++)
            {
                ReadOnlySpan<double> x = _points.AsSpan(k * d, d);
                double distance2 = 0;
                for (int j = 0; j < d; j++)
                {
                    double diff = x[j] - denoised[j];
                    distance2 += diff * diff;
                }

                spread += weights[k] * distance2;
            }

            divergence[i] = spread / (sigma * sigma);
        }
    }

    /// <summary>
    /// log p(y; sigma) = log( (1/K) sum_k N(y; x_k, sigma^2 I) ), by a log-sum-exp (docs/math.md §9.4).
    /// </summary>
    public double LogDensity(ReadOnlySpan<double> y, double sigma)
    {
        DivergenceBatch.ValidateSample(Dimension, y);
        DivergenceBatch.ValidateSigma(sigma);
        int d = Dimension;
        double max = double.NegativeInfinity;
        for (int k = 0; k < _count; k++)
        {
            max = Math.Max(max, ScaledLogit(y, sigma, k));
        }

        double sum = 0;
        for (int k = 0; k < _count; k++)
        {
            sum += Math.Exp(ScaledLogit(y, sigma, k) - max);
        }

        return max + Math.Log(sum / _count) - 0.5 * d * Math.Log(2 * Math.PI * sigma * sigma);
    }

    /// <summary>-||y - x_k||^2 / (2 sigma^2).</summary>
    private double ScaledLogit(ReadOnlySpan<double> y, double sigma, int k)
    {
        ReadOnlySpan<double> x = _points.AsSpan(k * Dimension, Dimension);
        double distance2 = 0;
        for (int j = 0; j < Dimension; j++)
        {
            double diff = y[j] - x[j];
            distance2 += diff * diff;
        }

        return -distance2 / (2 * sigma * sigma);
    }

    /// <summary>The softmax weights r_k(y) of (9.4) for sigma &gt; 0.</summary>
    private void Weights(ReadOnlySpan<double> y, double sigma, Span<double> weights)
    {
        double max = double.NegativeInfinity, sum = 0;
        for (int k = 0; k < _count; k++)
        {
            weights[k] = ScaledLogit(y, sigma, k);
            max = Math.Max(max, weights[k]);
        }

        for (int k = 0; k < _count; k++)
        {
            weights[k] = Math.Exp(weights[k] - max);
            sum += weights[k];
        }

        for (int k = 0; k < _count; k++)
        {
            weights[k] /= sum;
        }
    }
}
