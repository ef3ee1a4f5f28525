using System;

namespace SdeDsl.Tests;

/// <summary>
/// Straightforward scalar double-precision evaluations of (9.3) and (9.4) (docs/math.md §9.2, §9.4), one sample at a
/// time with <see cref="Math.Exp(double)"/> and <see cref="Math.Log(double)"/>, written from the formulas and not from
/// the runtime's SIMD blocks: the oracle the vectorised denoisers are compared with.
/// </summary>
internal static class ScalarReferenceDenoisers
{
    /// <summary>D(y; sigma) of the mixture sum_k w_k N(mu_k, diag(v_k)), sigma &gt; 0, for one sample.</summary>
    public static double[] Mixture(double[] weights, double[][] means, double[][] variances, ReadOnlySpan<double> y, double sigma)
    {
        int count = weights.Length, d = y.Length;
        double weightSum = 0;
        foreach (double w in weights)
        {
            weightSum += w;
        }

        var logits = new double[count];
        double max = double.NegativeInfinity;
        for (int k = 0; k < count; k++)
        {
            double log = Math.Log(weights[k] / weightSum);
            for (int j = 0; j < d; j++)
            {
                double total = variances[k][j] + sigma * sigma, diff = y[j] - means[k][j];
                log -= 0.5 * (diff * diff / total + Math.Log(total));
            }

            logits[k] = log;
            max = Math.Max(max, log);
        }

        double normaliser = 0;
        for (int k = 0; k < count; k++)
        {
            logits[k] = Math.Exp(logits[k] - max);
            normaliser += logits[k];
        }

        var denoised = new double[d];
        for (int k = 0; k < count; k++)
        {
            for (int j = 0; j < d; j++)
            {
                double total = variances[k][j] + sigma * sigma;
                denoised[j] += logits[k] / normaliser * (means[k][j] + variances[k][j] / total * (y[j] - means[k][j]));
            }
        }

        return denoised;
    }

    /// <summary>D(y; sigma) of the empirical distribution of <paramref name="points"/> (row after row), sigma &gt; 0.</summary>
    public static double[] FiniteDataset(double[] points, int d, ReadOnlySpan<double> y, double sigma)
    {
        int count = points.Length / d;
        var logits = new double[count];
        double max = double.NegativeInfinity;
        for (int k = 0; k < count; k++)
        {
            double distance2 = 0;
            for (int j = 0; j < d; j++)
            {
                double diff = y[j] - points[k * d + j];
                distance2 += diff * diff;
            }

            logits[k] = -distance2 / (2 * sigma * sigma);
            max = Math.Max(max, logits[k]);
        }

        double normaliser = 0;
        for (int k = 0; k < count; k++)
        {
            logits[k] = Math.Exp(logits[k] - max);
            normaliser += logits[k];
        }

        var denoised = new double[d];
        for (int k = 0; k < count; k++)
        {
            for (int j = 0; j < d; j++)
            {
                denoised[j] += logits[k] / normaliser * points[k * d + j];
            }
        }

        return denoised;
    }
}
