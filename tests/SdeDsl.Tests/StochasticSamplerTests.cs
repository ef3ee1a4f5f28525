using System;
using System.Linq;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Tests.TestSchedules;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests;

/// <summary>
/// Stochastic samplers against distributions they must reproduce. One fixed seed per test; the bounds are stated
/// as multiples of the statistic's standard error under the target distribution.
/// </summary>
public sealed class StochasticSamplerTests
{
    private static readonly double[] Mu = { 0.5, -1.0 };
    private const double C = 0.7;
    private const int Samples = 10_000;
    private readonly ITestOutputHelper _output;

    public StochasticSamplerTests(ITestOutputHelper output) => _output = output;

    private static float[] ExactMarginalStart<TS>(TS schedule, double t, ulong seed) where TS : struct, INoiseSchedule
    {
        double sigma = schedule.Sigma(t), s = schedule.Scale(t);
        double[] z = new double[Samples * 2];
        new GaussianNoise(seed).Fill(1, 0, z);
        return z.Select((v, i) => (float)(s * (Mu[i % 2] + Math.Sqrt(C * C + sigma * sigma) * v))).ToArray();
    }

    [Theory]
    [InlineData("EulerMaruyama")]
    [InlineData("Langevin")]
    [InlineData("EdmStochastic")]
    [InlineData("EulerAncestral")]
    [InlineData("PredictorCorrector")]
    [InlineData("EulerMaruyamaVp")]
    public void Gaussian_data_sample_mean_and_variance_match(string sampler)
    {
        // Target N(mu, c^2 I), c = 0.7, 10 000 samples of 2 coordinates, seed 1 for the start and seed 7 for the run.
        // Per coordinate the standard error is c/100 = 0.007 for the mean and c^2 sqrt(2/10^4) = 0.0069 for the variance;
        // the bound is 5 standard errors (false alarm 6e-7 per check). Step counts are large enough that the
        // discretisation bias (printed) stays within about 2 standard errors: Euler ancestral is only first order in
        // distribution (its variance falls short by c^2 (sigma - sigma_down)^2 / (c^2 + sigma^2) per step), hence 1024 steps.
        // The predictor-corrector run normalises its corrector over the whole batch (see its sampleDimension).
        var denoiser = new GaussianDenoiser(Mu, C);
        var options = new SamplingOptions { Seed = 7 };
        float[] x;
        if (sampler == "EulerMaruyamaVp")
        {
            HandVp vp = default;
            double[] vpTimes = TimeSteps.VpLinear(vp, 500);
            x = ExactMarginalStart(vp, vpTimes[0], 1);
            EulerMaruyamaSampler.Sample(vp, denoiser, vpTimes, x.AsSpan(), options);
        }
        else
        {
            HandEdm schedule = default;
            double[] times = TimeSteps.Karras(schedule, sampler is "EdmStochastic" ? 64 : sampler is "EulerAncestral" ? 1024 : 256);
            x = ExactMarginalStart(schedule, times[0], 1);
            switch (sampler)
            {
                case "EulerMaruyama":
                    EulerMaruyamaSampler.Sample(schedule, denoiser, times, x.AsSpan(), options);
                    break;
                case "Langevin":
                    // beta(t) = 2 sigma'/sigma: twice the reverse SDE's noise injection and cancellation.
                    LangevinSampler.Sample(schedule, denoiser, times, x.AsSpan(), t => 2 / t, options);
                    break;
                case "EdmStochastic":
                    EdmStochasticSampler.Sample(schedule, denoiser, times, x.AsSpan(), new ChurnSettings(40, 0.05, 50, 1.0), options);
                    break;
                case "EulerAncestral":
                    EulerAncestralSampler.Sample(schedule, denoiser, times, x.AsSpan(), 1.0, options);
                    break;
                default:
                    PredictorCorrectorSampler.Sample(schedule, denoiser, times, x.AsSpan(), x.Length, Predictor.ReverseSde, 1, 0.16, options);
                    break;
            }
        }

        for (int j = 0; j < 2; j++)
        {
            double[] coordinate = Enumerable.Range(0, Samples).Select(k => (double)x[k * 2 + j]).ToArray();
            (double mean, double variance) = Stats.MeanVariance(coordinate);
            _output.WriteLine($"{sampler} coordinate {j}: mean {mean:F4} (mu {Mu[j]}), variance {variance:F4} (c^2 {C * C})");
            Assert.InRange(mean - Mu[j], -5 * C / 100, 5 * C / 100);
            Assert.InRange(variance - C * C, -5 * C * C * Math.Sqrt(2.0 / Samples), 5 * C * C * Math.Sqrt(2.0 / Samples));
        }
    }

    [Theory]
    [InlineData("EulerMaruyama")]
    [InlineData("EdmStochastic")]
    [InlineData("Heun")]
    [InlineData("EulerAncestral")]
    [InlineData("DpmSolverPlusPlus2M")]
    public void Gaussian_mixture_component_weights_are_reproduced(string sampler)
    {
        // Three well-separated isotropic components (weights 0.5, 0.3, 0.2, std 0.4) in 2-D, 4000 samples from the
        // prior N(0, 80^2 I), seed 11. Each sample is assigned to the nearest mean; the fraction in component k is
        // binomial with standard error sqrt(w (1 - w) / 4000) <= 0.0079, and the bound is 5 standard errors.
        const int n = 4000;
        double[] weights = { 0.5, 0.3, 0.2 };
        double[][] means = { new[] { -3.0, 0.0 }, new[] { 3.0, 0.0 }, new[] { 0.0, 4.0 } };
        var denoiser = GaussianMixtureDenoiser.Isotropic(weights, means, new[] { 0.4, 0.4, 0.4 });
        HandEdm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 64);
        float[] x = new float[n * 2];
        Prior.Sample(schedule, times[0], x.AsSpan(), 11);
        var options = new SamplingOptions { Seed = 12 };
        switch (sampler)
        {
            case "EulerMaruyama":
                EulerMaruyamaSampler.Sample(schedule, denoiser, TimeSteps.Karras(schedule, 256), x.AsSpan(), options);
                break;
            case "EdmStochastic":
                EdmStochasticSampler.Sample(schedule, denoiser, times, x.AsSpan(), new ChurnSettings(40, 0.05, 50), options);
                break;
            case "Heun":
                HeunSampler.Sample(schedule, denoiser, times, x.AsSpan(), options);
                break;
            case "EulerAncestral":
                EulerAncestralSampler.Sample(schedule, denoiser, times, x.AsSpan(), 1.0, options);
                break;
            default:
                DpmSolverPlusPlus2MSampler.Sample(schedule, denoiser, times, x.AsSpan(), options);
                break;
        }

        int[] counts = new int[3];
        int near = 0;
        for (int i = 0; i < n; i++)
        {
            double[] d2 = means.Select(m => Math.Pow(x[2 * i] - m[0], 2) + Math.Pow(x[2 * i + 1] - m[1], 2)).ToArray();
            int k = Array.IndexOf(d2, d2.Min());
            counts[k]++;
            if (d2[k] < 16 * 0.4 * 0.4) near++; // within 4 standard deviations
        }

        _output.WriteLine($"{sampler}: fractions {string.Join(", ", counts.Select(c => ((double)c / n).ToString("F4")))}, near {near}");
        for (int k = 0; k < 3; k++)
        {
            double se = Math.Sqrt(weights[k] * (1 - weights[k]) / n);
            Assert.InRange((double)counts[k] / n - weights[k], -5 * se, 5 * se);
        }

        // A 2-D Gaussian puts 1 - exp(-8) = 99.97% within 4 standard deviations; allow 0.5% outside.
        Assert.True(near > 0.995 * n, $"only {near} of {n} samples lie within 4 std of a mean");
    }

    [Theory]
    [InlineData("EulerMaruyama")]
    [InlineData("EdmStochastic")]
    [InlineData("EulerAncestral")]
    [InlineData("PredictorCorrector")]
    [InlineData("Langevin")]
    public void Same_seed_gives_identical_bits_for_one_or_two_threads_any_chunk_size_and_vector_width(string sampler)
    {
        HandVp schedule = default; // s != 1: exercises the fused y = x/s output too
        var denoiser = new GaussianDenoiser(Mu, C);
        double[] times = TimeSteps.Karras(schedule, 12);

        float[] Run(KernelOptions kernel)
        {
            float[] x = new float[5_000 * 2];
            Prior.Sample(schedule, times[0], x.AsSpan(), 3, kernel);
            var options = new SamplingOptions { Seed = 4, Kernel = kernel };
            switch (sampler)
            {
                case "EulerMaruyama":
                    EulerMaruyamaSampler.Sample(schedule, denoiser, times, x.AsSpan(), options);
                    break;
                case "EdmStochastic":
                    EdmStochasticSampler.Sample(schedule, denoiser, times, x.AsSpan(), new ChurnSettings(10), options);
                    break;
                case "EulerAncestral":
                    EulerAncestralSampler.Sample(schedule, denoiser, times, x.AsSpan(), 1.0, options);
                    break;
                case "Langevin":
                    LangevinSampler.Sample(schedule, denoiser, times, x.AsSpan(), t => 3.0, options);
                    break;
                default:
                    PredictorCorrectorSampler.Sample(schedule, denoiser, times, x.AsSpan(), 2, Predictor.ReverseSde, 2, 0.16, options);
                    break;
            }

            return x;
        }

        float[] reference = Run(new KernelOptions { MaxDegreeOfParallelism = 1 });
        foreach (var kernel in new[]
        {
            new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 64 },
            new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 320 },
            new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 4096 },
            new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 128 },
            new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 128, MaxVectorBits = 256 },
            new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 1 },
        })
        {
            NoiseTests.AssertBitwiseEqual(reference, Run(kernel), $"{sampler} with {kernel}");
        }

        Assert.All(reference, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Langevin_with_beta_sigma_prime_over_sigma_is_the_reverse_SDE()
    {
        // Two derivations of the same step (docs/math.md §7.4 and §7.5, from §4): EM from f and g^2, Langevin from a, b and beta.
        HandVp schedule = default;
        var denoiser = new GaussianDenoiser(Mu, C);
        double[] times = TimeSteps.VpLinear(schedule, 40);
        double[] a = new double[2000], b = new double[2000];
        Prior.Sample(schedule, times[0], a.AsSpan(), 5);
        a.CopyTo(b, 0);
        var options = new SamplingOptions { Seed = 6 };
        EulerMaruyamaSampler.Sample(schedule, denoiser, times, a.AsSpan(), options);
        LangevinSampler.Sample(schedule, denoiser, times, b.AsSpan(), t => schedule.SigmaDerivative(t) / schedule.Sigma(t), options);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i], b[i], 1e-9);
        }
    }

    [Fact]
    public void Langevin_with_beta_zero_is_bitwise_the_Euler_ODE()
    {
        HandEdm schedule = default;
        var denoiser = new GaussianDenoiser(Mu, C);
        double[] times = TimeSteps.Karras(schedule, 20);
        float[] a = new float[1000], b = new float[1000];
        Prior.Sample(schedule, times[0], a.AsSpan(), 5);
        a.CopyTo(b, 0);
        EulerSampler.Sample(schedule, denoiser, times, a.AsSpan());
        LangevinSampler.Sample(schedule, denoiser, times, b.AsSpan(), _ => 0.0);
        NoiseTests.AssertBitwiseEqual(a, b, "beta = 0");
    }

    [Fact]
    public void Finite_dataset_denoiser_samples_land_on_the_training_points()
    {
        // The ideal denoiser of a finite dataset memorises it: every ODE sample ends on one of the points.
        double[] points = { -2, -2, 2, -2, 0, 2.5, 1, 1 };
        var denoiser = new FiniteDatasetDenoiser(points, 2);
        HandEdm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 40);
        double[] x = new double[500 * 2];
        Prior.Sample(schedule, times[0], x.AsSpan(), 9);
        HeunSampler.Sample(schedule, denoiser, times, x.AsSpan());
        int[] hits = new int[4];
        for (int i = 0; i < 500; i++)
        {
            double best = double.MaxValue;
            int which = -1;
            for (int k = 0; k < 4; k++)
            {
                double d = Math.Abs(x[2 * i] - points[2 * k]) + Math.Abs(x[2 * i + 1] - points[2 * k + 1]);
                if (d < best)
                {
                    best = d;
                    which = k;
                }
            }

            Assert.True(best < 1e-6, $"sample {i} is {best} from the nearest point");
            hits[which]++;
        }

        Assert.All(hits, h => Assert.True(h > 50, "every point should be reached"));
    }
}
