using System;

namespace SdeDsl.Denoisers;

/// <summary>
/// The ideal denoiser of a finite dataset {x_k} (docs/math.md §9.4):
/// D(y; sigma) = sum_k softmax_k(-|y - x_k|^2 / (2 sigma^2)) x_k, computed with a log-sum-exp; at sigma = 0 the
/// nearest point (ties share equally).
/// </summary>
/// <remarks>Sampling with it reproduces the training points: the optimum a perfectly trained network memorises.</remarks>
public sealed class FiniteDatasetDenoiser : AnalyticDenoiser
{
    private readonly double[] _points;
    private readonly int _count;

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
    }

    /// <summary>The number of points.</summary>
    public int Count => _count;

    /// <summary>Point <paramref name="k"/>.</summary>
    public ReadOnlySpan<double> PointAt(int k) => _points.AsSpan(k * Dimension, Dimension);

    /// <inheritdoc/>
    protected override int CostPerElement => 3 * _count;

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
}
