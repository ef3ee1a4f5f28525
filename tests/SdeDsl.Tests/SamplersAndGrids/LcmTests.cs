using System;
using System.Linq;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Tests.TestSchedules;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests.SamplersAndGrids;

/// <summary>Multistep consistency sampling (docs/math.md §15.10).</summary>
public sealed class LcmTests
{
    private readonly ITestOutputHelper _output;

    public LcmTests(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// The exact consistency function of Gaussian data N(mu, c^2 I): the PF-ODE endpoint from (y, sigma) (9.2 with
    /// sigma_to = 0), f = mu + c / sqrt(c^2 + sigma^2) (y - mu). Maps the marginal at sigma to the data distribution.
    /// </summary>
    private sealed class GaussianConsistencyOracle(double[] mu, double c) : IDenoiser<float>
    {
        public void Denoise(ReadOnlySpan<float> input, double sigma, Span<float> output)
        {
            double k = c / Math.Sqrt(c * c + sigma * sigma);
            for (int i = 0; i < input.Length; i++)
            {
                double m = mu[i % mu.Length];
                output[i] = (float)(m + k * (input[i] - m));
            }
        }
    }

    [Fact]
    public void With_an_exact_consistency_function_four_steps_give_the_data_distribution_from_a_wrong_start()
    {
        // 4000 2-D samples, y_T ~ N(mu + 10, sigma_T^2) (off the marginal); 4 Karras steps on VP (s != 1). Each step maps
        // the re-noised state through the exact consistency function, so the law is N(mu, c^2) up to the start's
        // memory, which shrinks by c/sqrt(c^2 + sigma_i^2) per step (below 1e-4 here). Bounds: 5 standard errors.
        const int n = 4000;
        double[] mu = { 0.5, -1.0 };
        const double c = 0.7;
        HandVp schedule = default;
        double[] times = TimeSteps.Karras(schedule, 4);
        double sigma = schedule.Sigma(times[0]), s = schedule.Scale(times[0]);
        float[] z = new float[n * 2];
        new GaussianNoise(3).Fill(0, 0, z);
        float[] x = z.Select((v, i) => (float)(s * (mu[i % 2] + 10 + sigma * v))).ToArray();
        int calls = LcmSampler.Sample(schedule, new GaussianConsistencyOracle(mu, c), times, x.AsSpan(), ConsistencyBoundary.None, new SamplingOptions { Seed = 8 });
        Assert.Equal(4, calls);
        for (int j = 0; j < 2; j++)
        {
            (double mean, double variance) = Stats.MeanVariance(Enumerable.Range(0, n).Select(k => (double)x[2 * k + j]).ToArray());
            _output.WriteLine($"LCM coordinate {j}: mean {mean:F4} (mu {mu[j]}), variance {variance:F4} (c^2 {c * c})");
            Assert.InRange(mean - mu[j], -5 * c / Math.Sqrt(n), 5 * c / Math.Sqrt(n));
            Assert.InRange(variance - c * c, -5 * c * c * Math.Sqrt(2.0 / n), 5 * c * c * Math.Sqrt(2.0 / n));
        }
    }

    [Fact]
    public void Boundary_conditions_are_diffusers_LCM_ones()
    {
        // diffusers' LCMScheduler.get_scalings_for_boundary_condition_discrete: c_skip = 0.25/((10 t)^2 + 0.25),
        // c_out = 10 t / sqrt((10 t)^2 + 0.25); at t = 0 the consistency function is the identity.
        ConsistencyBoundary lcm = ConsistencyBoundary.Lcm;
        Assert.Equal((1.0, 0.0), lcm.At(0));
        (double skip, double output) = lcm.At(19);
        Assert.Equal(0.25 / (190.0 * 190 + 0.25), skip, 1e-18);
        Assert.Equal(190 / Math.Sqrt(190.0 * 190 + 0.25), output, 1e-15);
        Assert.Equal((0.0, 1.0), ConsistencyBoundary.None.At(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => LcmSampler.Sample(
            default(HandEdm), new GaussianConsistencyOracle(new[] { 0.0 }, 1), new[] { 80.0, 1.0 }, new float[2].AsSpan(), new ConsistencyBoundary(0, 10)));
    }

    [Fact]
    public void Bitwise_reproducible_across_threads_chunks_vector_widths_and_batch_sizes()
    {
        SamplerHarness.AssertReproducible((s, d, t, x, o) => LcmSampler.Sample(s, d, t, x, ConsistencyBoundary.None, o), SdeNoise.Independent);
    }
}
