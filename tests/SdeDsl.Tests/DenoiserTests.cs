using System;
using System.Linq;
using SdeDsl.Denoisers;
using Xunit;

namespace SdeDsl.Tests;

/// <summary>
/// The analytic denoisers satisfy Tweedie's formula D(y; sigma) = y + sigma^2 grad log p(y; sigma) (docs/math.md §2, eq. 2.1; the check is §9.5),
/// checked against a central finite difference of the log density written independently here.
/// </summary>
public sealed class DenoiserTests
{
    private static double LogMixtureDensity(double[] y, double sigma, double[] weights, double[][] means, double[][] variances)
    {
        double total = 0;
        for (int k = 0; k < weights.Length; k++)
        {
            double log = Math.Log(weights[k] / weights.Sum());
            for (int j = 0; j < y.Length; j++)
            {
                double v = variances[k][j] + sigma * sigma;
                log += -0.5 * (y[j] - means[k][j]) * (y[j] - means[k][j]) / v - 0.5 * Math.Log(2 * Math.PI * v);
            }

            total += Math.Exp(log);
        }

        return Math.Log(total);
    }

    private static double[] TweedieByFiniteDifference(Func<double[], double> logDensity, double[] y, double sigma)
    {
        const double h = 1e-5;
        return y.Select((_, j) =>
        {
            double[] plus = (double[])y.Clone(), minus = (double[])y.Clone();
            plus[j] += h;
            minus[j] -= h;
            return y[j] + sigma * sigma * (logDensity(plus) - logDensity(minus)) / (2 * h);
        }).ToArray();
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(4.0)]
    public void Gaussian_mixture_with_diagonal_covariances_satisfies_Tweedie(double sigma)
    {
        double[] weights = { 1, 2, 3 };
        double[][] means = { new[] { -1.0, 0.5, 2 }, new[] { 1.5, -0.5, 0 }, new[] { 0.0, 2, -1 } };
        double[][] variances = { new[] { 0.2, 0.5, 0.1 }, new[] { 1.0, 0.3, 0.4 }, new[] { 0.05, 0.6, 0.9 } };
        var denoiser = new GaussianMixtureDenoiser(weights, means, variances);
        var random = new Random(3);
        for (int trial = 0; trial < 20; trial++)
        {
            double[] y = Enumerable.Range(0, 3).Select(_ => random.NextDouble() * 4 - 2).ToArray();
            double[] actual = new double[3];
            denoiser.Denoise(y, sigma, actual);
            double[] expected = TweedieByFiniteDifference(p => LogMixtureDensity(p, sigma, weights, means, variances), y, sigma);
            // Central differences with h = 1e-5: truncation ~h^2 and round-off ~1e-16/h, times sigma^2 <= 16: < 1e-8.
            for (int j = 0; j < 3; j++) Assert.Equal(expected[j], actual[j], 1e-7);
        }
    }

    [Fact]
    public void Gaussian_denoiser_is_the_one_component_mixture_and_handles_a_batch()
    {
        double[] mean = { 1, -2 };
        var gaussian = new GaussianDenoiser(mean, 0.5);
        var mixture = GaussianMixtureDenoiser.Isotropic(new[] { 1.0 }, new[] { mean }, new[] { 0.5 });
        float[] y = { 0.1f, 0.2f, 3f, -4f, 10f, 10f };
        float[] a = new float[6], b = new float[6];
        gaussian.Denoise(y, 0.8, a);
        mixture.Denoise(y, 0.8, b);
        for (int i = 0; i < 6; i++)
        {
            double expected = mean[i % 2] + 0.25 / (0.25 + 0.64) * (y[i] - mean[i % 2]);
            Assert.Equal(expected, a[i], 1e-6);
            Assert.Equal(a[i], b[i], 1e-6);
        }
    }

    [Fact]
    public void Finite_dataset_denoiser_is_the_posterior_mean_of_its_points()
    {
        double[] points = { 0, 0, 1, 0, 0, 2 };
        var denoiser = new FiniteDatasetDenoiser(points, 2);
        double[] y = { 0.4, 0.7 };
        double sigma = 0.6;
        double[] actual = new double[2];
        denoiser.Denoise(y, sigma, actual);
        double[] expected = TweedieByFiniteDifference(
            p => Math.Log(Enumerable.Range(0, 3).Sum(k =>
                Math.Exp(-(Math.Pow(p[0] - points[2 * k], 2) + Math.Pow(p[1] - points[2 * k + 1], 2)) / (2 * sigma * sigma)))),
            y, sigma);
        Assert.Equal(expected[0], actual[0], 1e-7);
        Assert.Equal(expected[1], actual[1], 1e-7);

        // Tiny sigma: the softmax saturates without overflow and picks the nearest point.
        denoiser.Denoise(new[] { 0.9, 0.1 }, 1e-6, actual);
        Assert.Equal(new[] { 1.0, 0.0 }, actual);
    }

    [Fact]
    public void Large_batches_split_across_cores_give_the_same_result()
    {
        var denoiser = GaussianMixtureDenoiser.Isotropic(new[] { 1.0, 1.0 }, new[] { new[] { -1.0, 0 }, new[] { 1.0, 0 } }, new[] { 0.3, 0.3 });
        double[] y = Enumerable.Range(0, 40_000).Select(i => Math.Sin(i * 0.37) * 3).ToArray();
        double[] a = new double[y.Length], b = new double[y.Length];
        denoiser.Denoise(y, 0.5, a);
        var single = new GaussianMixtureDenoiser(new[] { 1.0, 1.0 }, new[] { new[] { -1.0, 0 }, new[] { 1.0, 0 } }, new[] { new[] { 0.09, 0.09 }, new[] { 0.09, 0.09 } }) { MaxDegreeOfParallelism = 1 };
        single.Denoise(y, 0.5, b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Bad_shapes_are_rejected_with_the_argument_named()
    {
        var gaussian = new GaussianDenoiser(new[] { 0.0, 0.0 }, 1.0);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => gaussian.Denoise(new double[3], 1, new double[3])).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => gaussian.Denoise(new double[4], 1, new double[2])).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => gaussian.Denoise(new double[2], -1, new double[2])).ParamName);
        Assert.Equal("variance", Assert.Throws<ArgumentException>(() => new GaussianDenoiser(new[] { 0.0 }, new[] { 1.0, 2.0 })).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => new GaussianMixtureDenoiser(new[] { 1.0, 0.0 }, new[] { new[] { 0.0 }, new[] { 1.0 } }, new[] { new[] { 1.0 }, new[] { 1.0 } })).ParamName);
        Assert.Equal("points", Assert.Throws<ArgumentException>(() => new FiniteDatasetDenoiser(new double[5], 2)).ParamName);
    }
}
