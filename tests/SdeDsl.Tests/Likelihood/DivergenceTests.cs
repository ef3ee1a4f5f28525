using System;
using System.Linq;
using SdeDsl.Denoisers;
using SdeDsl.Likelihood;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Samplers.Adaptive;
using SdeDsl.Tests.TestSchedules;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests.Likelihood;

/// <summary>
/// The exact divergences and log densities of the analytic denoisers (docs/math.md §16.4) against independent
/// numerical derivatives, and the Hutchinson estimator (§16.5) against the exact divergence.
/// </summary>
public sealed class DivergenceTests
{
    private readonly ITestOutputHelper _output;

    public DivergenceTests(ITestOutputHelper output) => _output = output;

    private static GaussianMixtureDenoiser Mixture() => new(
        [0.5, 0.3, 0.2],
        [[-1.0, 0.5, 0.0], [1.2, -0.4, 0.3], [0.2, 1.6, -0.5]],
        [[0.09, 0.25, 0.1], [0.16, 0.04, 0.2], [0.36, 0.09, 0.05]]);

    private static FiniteDatasetDenoiser Dataset() => new([0.0, 1.0, 0.5, 1.0, -0.5, 0.2, -1.0, 0.3, 0.8, 0.4, 0.4, -0.6], 3);

    public static TheoryData<string, double> Cases() => new()
    {
        { "Gaussian", 0.3 }, { "Gaussian", 2 }, { "Mixture", 0.3 }, { "Mixture", 1 }, { "Mixture", 4 },
        { "Dataset", 0.4 }, { "Dataset", 1 }, { "Dataset", 3 },
    };

    private static AnalyticDenoiser Denoiser(string name) => name switch
    {
        "Gaussian" => new GaussianDenoiser([0.3, -0.2, 1.0], [0.25, 1.0, 0.04]),
        "Mixture" => Mixture(),
        _ => Dataset(),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_exact_divergence_is_the_trace_of_the_jacobian(string name, double sigma)
    {
        // Central differences of D (step 1e-5) have error ~ h^2 |D'''| / 6 < 1e-8 for these smooth denoisers.
        AnalyticDenoiser denoiser = Denoiser(name);
        const int d = 3, count = 5;
        double[] y = new double[count * d];
        new GaussianNoise(4).Fill(0, 0, y);
        double[] denoised = new double[y.Length], divergence = new double[count], reference = new double[y.Length];
        ((IExactDivergence)denoiser).DenoiseWithDivergence(y, sigma, denoised, divergence);
        ((IDenoiser<double>)denoiser).Denoise(y, sigma, reference);
        denoised.ShouldBe(reference, 1e-14);
        for (int b = 0; b < count; b++)
        {
            double trace = 0;
            for (int j = 0; j < d; j++)
            {
                double[] plus = y.Skip(b * d).Take(d).ToArray(), minus = (double[])plus.Clone(), dp = new double[d], dm = new double[d];
                plus[j] += 1e-5;
                minus[j] -= 1e-5;
                ((IDenoiser<double>)denoiser).Denoise(plus, sigma, dp);
                ((IDenoiser<double>)denoiser).Denoise(minus, sigma, dm);
                trace += (dp[j] - dm[j]) / 2e-5;
            }

            divergence[b].ShouldBe(trace, 1e-7);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_log_density_satisfies_tweedie(string name, double sigma)
    {
        // grad_y log p(y; sigma) = (D - y)/sigma^2 (docs/math.md (2.1)); the gradient by central differences (step 1e-5,
        // error < 1e-8), and the density normalised: for the Gaussian it is the closed form.
        AnalyticDenoiser denoiser = Denoiser(name);
        var density = (INoisyLogDensity)denoiser;
        double[] y = new double[3];
        new GaussianNoise(9).Fill(0, 0, y);
        double[] denoised = new double[3];
        ((IDenoiser<double>)denoiser).Denoise(y, sigma, denoised);
        for (int j = 0; j < 3; j++)
        {
            double[] plus = (double[])y.Clone(), minus = (double[])y.Clone();
            plus[j] += 1e-5;
            minus[j] -= 1e-5;
            double gradient = (density.LogDensity(plus, sigma) - density.LogDensity(minus, sigma)) / 2e-5;
            gradient.ShouldBe((denoised[j] - y[j]) / (sigma * sigma), 1e-6);
        }

        if (name == "Gaussian")
        {
            double[] mu = [0.3, -0.2, 1.0], v = [0.25, 1.0, 0.04];
            double expected = Enumerable.Range(0, 3).Sum(j =>
                -0.5 * Math.Pow(y[j] - mu[j], 2) / (v[j] + sigma * sigma) - 0.5 * Math.Log(2 * Math.PI * (v[j] + sigma * sigma)));
            density.LogDensity(y, sigma).ShouldBe(expected, 1e-12);
        }
        else if (name == "Dataset")
        {
            // A data set of one point is the isotropic Gaussian N(x_1, sigma^2 I).
            var single = new FiniteDatasetDenoiser([0.1, 0.2, 0.3], 3);
            single.LogDensity(y, sigma).ShouldBe(new GaussianDenoiser([0.1, 0.2, 0.3], 0).LogDensity(y, sigma), 1e-12);
        }
    }

    [Theory]
    [InlineData(HutchinsonProbe.Rademacher, 1)]
    [InlineData(HutchinsonProbe.Gaussian, 1)]
    [InlineData(HutchinsonProbe.Rademacher, 4)]
    public void The_hutchinson_mean_lies_within_its_standard_error_of_the_exact_divergence(HutchinsonProbe probe, int probes)
    {
        // 4000 copies of one point evaluated once: each copy gets its own probes (keyed by its index), so the 4000
        // values are independent estimates of div_y D; their mean must lie within 4 standard errors of the exact value
        // (failure chance 6e-5 for a normal mean), and averaging P probes divides the variance by P (checked against
        // the P = 1 variance of the same seed within 25%, the sampling error of a variance from 4000 values being ~5%).
        GaussianMixtureDenoiser mixture = Mixture();
        const int copies = 4000, d = 3;
        double[] point = [0.1, 0.6, -0.2];
        const double sigma = 0.8;
        double[] estimates = Estimates(mixture, point, sigma, copies, probe, probes);
        double[] exact = new double[1];
        ((IExactDivergence)mixture).DenoiseWithDivergence(point, sigma, new double[d], exact);
        double mean = estimates.Average(), variance = estimates.Sum(v => (v - mean) * (v - mean)) / (copies - 1);
        double se = Math.Sqrt(variance / copies);
        _output.WriteLine($"{probe} x{probes}: mean {mean:R}, exact {exact[0]:R}, sd {Math.Sqrt(variance):G3}, se {se:G3}");
        variance.ShouldBeGreaterThan(0);
        Math.Abs(mean - exact[0]).ShouldBeLessThan(4 * se);
        if (probes > 1)
        {
            double[] single = Estimates(mixture, point, sigma, copies, probe, 1);
            double singleMean = single.Average(), singleVariance = single.Sum(v => (v - singleMean) * (v - singleMean)) / (copies - 1);
            (variance * probes / singleVariance).ShouldBe(1, 0.25);
        }
    }

    /// <summary>div_y D for each copy, from one evaluation of the likelihood system: l' = r (d - div) with r = 1 in log sigma.</summary>
    private static double[] Estimates(GaussianMixtureDenoiser mixture, double[] point, double sigma, int copies, HutchinsonProbe probe, int probes)
    {
        int d = point.Length, n = copies * d;
        var options = new LikelihoodOptions { Probe = probe, Probes = probes, Seed = 17 };
        double[] probeValues = new double[probes * n];
        ProbabilityFlowLikelihood.DrawProbes(options, probes, d, probeValues);
        var calls = new AdaptiveDenoiserCalls<double, GaussianMixtureDenoiser>("test", mixture, SamplingOptions.Default);
        var system = new LikelihoodSystem<HandEdm, GaussianMixtureDenoiser>(
            default, OdeTimeVariable.LogSigma, calls, null, DivergenceMethod.Hutchinson, copies, d, probes,
            new double[n], new double[n], new double[n], new double[n], new double[copies], probeValues);
        double[] state = Enumerable.Range(0, copies).SelectMany(_ => point).Concat(new double[copies]).ToArray();
        double[] derivative = new double[state.Length];
        system.Evaluate(Math.Log(sigma), state, derivative);
        system.Calls.Calls.ShouldBe(2 * probes + 1);
        return derivative.Skip(n).Select(l => d - l).ToArray();
    }

    [Fact]
    public void Rademacher_probes_are_signs_and_probes_depend_on_the_point_index_only()
    {
        double[] many = new double[2 * 10 * 3], few = new double[2 * 4 * 3];
        ProbabilityFlowLikelihood.DrawProbes(new LikelihoodOptions { Seed = 3 }, 2, 3, many);
        ProbabilityFlowLikelihood.DrawProbes(new LikelihoodOptions { Seed = 3 }, 2, 3, few);
        many.ShouldAllBe(v => v == 1 || v == -1);
        many.Take(12).ShouldBe(few.Take(12));           // probe 0 of points 0..3
        many.Skip(30).Take(12).ShouldBe(few.Skip(12));  // probe 1 of points 0..3
    }
}
