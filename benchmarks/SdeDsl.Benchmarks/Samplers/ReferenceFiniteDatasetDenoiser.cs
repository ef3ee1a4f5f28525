using System;

namespace SdeDsl.Benchmarks.Samplers;

/// <summary>
/// A frozen copy of <c>FiniteDatasetDenoiser.DenoiseSample</c> before vectorisation (commit ba72d88): per sample, the
/// softmax of -|y - x_k|^2 / (2 sigma^2) over the points, then the weighted mean (docs/math.md §9.4). The "before"
/// side of the finite-dataset case of <see cref="GaussianMixtureSamplerBenchmarks"/>.
/// </summary>
internal sealed class ReferenceFiniteDatasetDenoiser : ReferenceAnalyticDenoiser
{
    private readonly double[] _points;
    private readonly int _count;

    public ReferenceFiniteDatasetDenoiser(double[] points, int dimension)
        : base(dimension)
    {
        _points = points;
        _count = points.Length / dimension;
    }

    protected override int CostPerElement => 3 * _count;

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
