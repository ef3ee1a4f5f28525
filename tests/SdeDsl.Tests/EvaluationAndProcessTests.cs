using System;
using System.Linq;
using SdeDsl.Evaluation;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Tests.TestSchedules;
using Xunit;

namespace SdeDsl.Tests;

public sealed class EvaluationAndProcessTests
{
    [Fact]
    public void Sliced_Wasserstein_is_zero_for_identical_sets_and_deterministic()
    {
        double[] a = Enumerable.Range(0, 200).Select(i => Math.Sin(i)).ToArray();
        Assert.Equal(0, SlicedWasserstein.Distance<double>(a, a, 2));
        double[] b = a.Select(v => v + 0.01).ToArray();
        Assert.Equal(SlicedWasserstein.Distance<double>(a, b, 2, seed: 3), SlicedWasserstein.Distance<double>(a, b, 2, seed: 3));
    }

    [Fact]
    public void Sliced_Wasserstein_of_a_translation_is_the_projected_shift()
    {
        // Translating by v moves every 1-D projection by theta.v, so SW_2 = sqrt(mean (theta.v)^2) -> |v| / sqrt(2)
        // in 2-D. With 4096 random directions the Monte Carlo error of the mean of cos^2 is ~0.35/64 = 0.6%: allow 3%.
        float[] a = new float[2 * 300];
        new GaussianNoise(1).Fill(0, 0, a);
        float[] b = a.Select((v, i) => v + (i % 2 == 0 ? 3f : 4f)).ToArray();
        double sw = SlicedWasserstein.Distance<float>(a, b, 2, projections: 4096);
        Assert.Equal(5 / Math.Sqrt(2), sw, 0.03 * 5 / Math.Sqrt(2));

        // In 1-D it is exactly the Wasserstein distance; unequal set sizes use the exact quantile coupling.
        double[] x = { 0, 1, 2, 3 }, y = { 10, 11 };
        double expected = Math.Sqrt((100 + 81 + 81 + 64) / 4.0); // quantiles: 0|10, 1|10, 2|11, 3|11
        Assert.Equal(expected, SlicedWasserstein.Distance<double>(x, y, 1, projections: 3), 1e-12);
    }

    [Fact]
    public void Sliced_Wasserstein_rejects_bad_shapes()
    {
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => SlicedWasserstein.Distance<double>(new double[3], new double[2], 2)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => SlicedWasserstein.Distance<double>(new double[2], Array.Empty<double>(), 2)).ParamName);
    }

    [Fact]
    public void Prior_has_standard_deviation_s_sigma_at_T()
    {
        // 10^6 draws: the sample standard deviation has relative standard error 1/sqrt(2 n) = 7e-4; bound 5 of them.
        HandVp vp = default;
        float[] x = new float[1_000_000];
        Prior.Sample(vp, 0.8, x.AsSpan(), 2);
        (double mean, double variance) = Stats.MeanVariance(x.Select(v => (double)v).ToArray());
        double expected = vp.Scale(0.8) * vp.Sigma(0.8);
        Assert.InRange(mean, -5 * expected / 1000, 5 * expected / 1000);
        Assert.Equal(expected, Math.Sqrt(variance), 5 * expected / Math.Sqrt(2e6));
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => Prior.Sample(vp, 2.0, x.AsSpan(), 2)).ParamName);
    }

    [Fact]
    public void Forward_process_perturbs_with_the_counter_based_noise_or_given_noise()
    {
        HandVp vp = default;
        double[] x0 = Enumerable.Range(0, 300).Select(i => Math.Cos(i)).ToArray();
        double[] xt = new double[300], eps = new double[300], xtGiven = new double[300];
        var noise = new GaussianNoise(8);
        ForwardProcess.Perturb(vp, 0.3, x0, noise, 5, xt.AsSpan());
        noise.Fill(5, 0, eps);
        ForwardProcess.Perturb(vp, 0.3, x0, eps, xtGiven.AsSpan());
        for (int i = 0; i < 300; i++)
        {
            double expected = vp.Scale(0.3) * (x0[i] + vp.Sigma(0.3) * eps[i]);
            Assert.Equal(expected, xt[i], 1e-13);
            Assert.Equal(expected, xtGiven[i], 1e-13);
        }

        Assert.Equal("epsilon", Assert.Throws<ArgumentException>(() => ForwardProcess.Perturb(vp, 0.3, x0, new double[2], xt.AsSpan())).ParamName);
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => ForwardProcess.Perturb(vp, 0, x0, eps, xt.AsSpan())).ParamName);
    }
}
