using System;

namespace SdeDsl.Benchmarks.Samplers;

/// <summary>
/// A frozen copy of <c>GaussianMixtureDenoiser.DenoiseSample</c> before vectorisation (commit ba72d88): per sample, a
/// log-sum-exp over components with a <c>Math.Log</c> per component and coordinate, then the posterior-weighted mean
/// (docs/math.md §9.2). The "before" side of <see cref="GaussianMixtureSamplerBenchmarks"/>.
/// </summary>
internal sealed class ReferenceGaussianMixtureDenoiser : ReferenceAnalyticDenoiser
{
    private readonly double[] _logWeights;
    private readonly double[][] _means;
    private readonly double[][] _variances;

    public ReferenceGaussianMixtureDenoiser(double[] weights, double[][] means, double[][] variances)
        : base(means[0].Length)
    {
        double total = 0;
        foreach (double w in weights)
        {
            total += w;
        }

        _logWeights = Array.ConvertAll(weights, w => Math.Log(w / total));
        _means = means;
        _variances = variances;
    }

    protected override int CostPerElement => 4 * _means.Length;

    protected override void DenoiseSample(ReadOnlySpan<double> y, double sigma, Span<double> denoised)
    {
        int count = _means.Length;
        Span<double> logPosterior = count <= 256 ? stackalloc double[count] : new double[count];
        double sigma2 = sigma * sigma, max = double.NegativeInfinity;
        for (int k = 0; k < count; k++)
        {
            double[] mu = _means[k], v = _variances[k];
            double logDensity = _logWeights[k];
            for (int j = 0; j < y.Length; j++)
            {
                double total = v[j] + sigma2, diff = y[j] - mu[j];
                logDensity -= total == 0
                    ? (diff == 0 ? 0 : double.PositiveInfinity)
                    : 0.5 * (diff * diff / total + Math.Log(total));
            }

            logPosterior[k] = logDensity;
            max = Math.Max(max, logDensity);
        }

        double normaliser = 0;
        for (int k = 0; k < count; k++)
        {
            logPosterior[k] = Math.Exp(logPosterior[k] - max);
            normaliser += logPosterior[k];
        }

        denoised.Clear();
        for (int k = 0; k < count; k++)
        {
            double r = logPosterior[k] / normaliser;
            if (r == 0)
            {
                continue;
            }

            double[] mu = _means[k], v = _variances[k];
            for (int j = 0; j < y.Length; j++)
            {
                double total = v[j] + sigma2;
                denoised[j] += r * (total == 0 ? mu[j] : mu[j] + v[j] / total * (y[j] - mu[j]));
            }
        }
    }
}
