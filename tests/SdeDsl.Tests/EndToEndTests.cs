using System;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Evaluation;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Tests.TestSchedules;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests;

/// <summary>The README's workflow: schedule + denoiser + sampler -> samples, judged by the sliced Wasserstein distance.</summary>
public sealed class EndToEndTests
{
    private readonly ITestOutputHelper _output;

    public EndToEndTests(ITestOutputHelper output) => _output = output;

    private static float[] ExactMixtureSamples(int n, double[] weights, double[][] means, double std, ulong seed)
    {
        var noise = new GaussianNoise(seed);
        float[] points = new float[2 * n];
        for (int i = 0; i < n; i++)
        {
            // Component by inverse CDF of a uniform made from a normal (Phi(z) is uniform), then the Gaussian draw.
            double u = Stats.NormalCdf(noise.Sample(0, i));
            int k = 0;
            for (double cumulative = weights[0]; u > cumulative && k < weights.Length - 1; cumulative += weights[++k])
            {
            }

            points[2 * i] = (float)(means[k][0] + std * noise.Sample(1, 2 * i));
            points[2 * i + 1] = (float)(means[k][1] + std * noise.Sample(1, 2 * i + 1));
        }

        return points;
    }

    [Fact]
    public void Heun_samples_of_a_mixture_are_as_close_to_exact_samples_as_exact_samples_are_to_each_other()
    {
        double[] weights = { 0.6, 0.4 };
        double[][] means = { new[] { -2.0, 0.0 }, new[] { 2.0, 1.0 } };
        var denoiser = GaussianMixtureDenoiser.Isotropic(weights, means, new[] { 0.5, 0.5 });
        HandEdm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 32);
        const int n = 2000;
        float[] x = new float[2 * n];
        Prior.Sample(schedule, times[0], x.AsSpan(), 1);
        HeunSampler.Sample(schedule, denoiser, times, x.AsSpan());

        float[] exactA = ExactMixtureSamples(n, weights, means, 0.5, 100), exactB = ExactMixtureSamples(n, weights, means, 0.5, 200);
        float[] wrong = ExactMixtureSamples(n, new[] { 0.4, 0.6 }, means, 0.5, 300);
        double sampled = SlicedWasserstein.Distance<float>(x, exactA, 2);
        double baseline = SlicedWasserstein.Distance<float>(exactB, exactA, 2);
        double mismatched = SlicedWasserstein.Distance<float>(wrong, exactA, 2);
        _output.WriteLine($"SW2: sampled {sampled:F4}, exact vs exact {baseline:F4}, wrong weights {mismatched:F4}");
        // Two exact sample sets differ by sampling noise alone; the sampler's set may be at most twice as far, and
        // swapping the weights (a 20% shift of mass over a distance of 4) must be clearly farther than both.
        Assert.True(sampled < 2 * baseline + 0.02, $"sampled {sampled} vs baseline {baseline}");
        Assert.True(mismatched > 2 * sampled, $"wrong weights {mismatched} vs sampled {sampled}");
    }

    private readonly struct ShrinkToOrigin : IDenoiser<double>
    {
        public void Denoise(ReadOnlySpan<double> input, double sigma, Span<double> output)
        {
            for (int i = 0; i < input.Length; i++) output[i] = input[i] / (1 + sigma * sigma); // N(0, 1) data
        }
    }

    [Fact]
    public void A_struct_denoiser_is_accepted_and_specialised()
    {
        HandVe schedule = default;
        double[] times = TimeSteps.VeGeometric(schedule, 100);
        double[] x = new double[20_000];
        Prior.Sample(schedule, times[0], x.AsSpan(), 5);
        DpmSolverPlusPlus2MSampler.Sample(schedule, new ShrinkToOrigin(), times, x.AsSpan());
        (double mean, double variance) = Stats.MeanVariance(x);
        // N(0, 1) data, 20 000 samples: 5 standard errors are 0.035 (mean) and 0.05 (variance).
        Assert.InRange(mean, -0.035, 0.035);
        Assert.InRange(variance, 0.95, 1.05);
    }
}
