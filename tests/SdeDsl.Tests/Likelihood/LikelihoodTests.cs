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
/// log p_{t_0}(x) through the probability-flow ODE (docs/math.md §16.4) against closed forms: Gaussian data, whose
/// blurred density is N(mu, (c^2 + sigma^2) I), and a Gaussian mixture, whose blurred density is the mixture with
/// v_k + sigma^2; log p_T is the exact noisy marginal (the denoisers' <see cref="INoisyLogDensity"/>), so the only error
/// left is the solver's.
/// </summary>
/// <remarks>
/// <b>Tolerance.</b> The solve's state is (y, l) with l the divergence integral, and every accepted step keeps the
/// RMS over all N = B (d + 1) components of e_i / (atol + rtol |state_i|) below 1, so a component's local error is at
/// most sqrt(N) (atol + rtol |l|); the l equation adds its local errors without feedback (its right-hand side does
/// not depend on l) and y's error enters log p_T(y_T) with the factor |grad log p_T| = |y_T - mu|/(c^2 + sigma_T^2),
/// which is below 1 here. So |log p - exact| &lt;= 2 (accepted steps) sqrt(N) (atol + rtol max |l|): that is the bound
/// asserted (the measured error, printed, is orders of magnitude below it).
/// </remarks>
[Collection(AllocationMeasurement.Name)]
public sealed class LikelihoodTests
{
    private readonly ITestOutputHelper _output;

    public LikelihoodTests(ITestOutputHelper output) => _output = output;

    private static double[] Points(int count, int dimension, double spread, ulong seed, double[] centre)
    {
        double[] z = new double[count * dimension];
        new GaussianNoise(seed).Fill(0, 0, z);
        return z.Select((v, i) => centre[i % dimension] + spread * v).ToArray();
    }

    private static double Bound(AdaptiveStatistics statistics, AdaptiveOptions adaptive, int count, int dimension, double maxDelta) =>
        2 * statistics.AcceptedSteps * Math.Sqrt(count * (dimension + 1)) * (adaptive.AbsoluteTolerance + adaptive.RelativeTolerance * maxDelta);

    /// <summary>The exact log p_{t_0}(x) = log p(x/s_0; sigma_0) - d log s_0 (docs/math.md (1.7)).</summary>
    private static double[] Exact<TS>(TS schedule, INoisyLogDensity density, double[] points, int dimension, double t0) where TS : struct, INoiseSchedule
    {
        double s = schedule.Scale(t0), sigma = schedule.Sigma(t0);
        return Enumerable.Range(0, points.Length / dimension).Select(b =>
        {
            double[] y = points.Skip(b * dimension).Take(dimension).Select(v => v / s).ToArray();
            return density.LogDensity(y, sigma) - dimension * Math.Log(s);
        }).ToArray();
    }

    private void Check<TS, TD>(TS schedule, TD denoiser, double[] points, int dimension, LikelihoodOptions options, string label)
        where TS : struct, INoiseSchedule
        where TD : IDenoiser<double>, INoisyLogDensity
    {
        int count = points.Length / dimension;
        double[] log = new double[count];
        AdaptiveStatistics statistics = ProbabilityFlowLikelihood.LogLikelihood(schedule, denoiser, points, dimension, log, options);
        double[] exact = Exact(schedule, denoiser, points, dimension, options.StartTime ?? schedule.TMin);
        double error = log.Zip(exact, (a, b) => Math.Abs(a - b)).Max();
        AdaptiveOptions adaptive = options.Adaptive ?? AdaptiveOptions.Default;
        // max |l| <= |log p_0| + |log p_T| + d |log s_0| bounds the accumulated divergence; 100 is above it here by far.
        double bound = Bound(statistics, adaptive, count, dimension, 100);
        _output.WriteLine($"{label}: max |error| {error:E2} (bound {bound:E2}), {statistics}");
        error.ShouldBeLessThan(bound);
    }

    public static TheoryData<string, string> Variables() => new()
    {
        { "Edm", "LogSigma" }, { "Edm", "Sigma" }, { "Vp", "Time" }, { "Vp", "LogSigma" },
    };

    [Theory]
    [MemberData(nameof(Variables))]
    public void Gaussian_data_give_the_closed_form_log_likelihood(string schedule, string variable)
    {
        double[] mu = { 0.3, -0.8, 1.5 };
        const double c = 0.5;
        var data = new GaussianDenoiser(mu, c);
        double[] points = Points(16, 3, c, 11, mu);
        var adaptive = new AdaptiveOptions { Variable = Enum.Parse<OdeTimeVariable>(variable), RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-10 };
        var options = new LikelihoodOptions { Adaptive = adaptive, Prior = data, Divergence = DivergenceMethod.Exact };
        if (schedule == "Edm")
        {
            Check(default(HandEdm), data, points, 3, options, $"Gaussian {schedule} {variable}");
        }
        else
        {
            Check(default(HandVp), data, points, 3, options, $"Gaussian {schedule} {variable}");
        }
    }

    private static GaussianMixtureDenoiser Mixture() => new(
        [0.5, 0.3, 0.2],
        [[-1.0, 0.5], [1.2, -0.4], [0.2, 1.6]],
        [[0.09, 0.25], [0.16, 0.04], [0.36, 0.09]]);

    [Theory]
    [MemberData(nameof(Variables))]
    public void Mixture_data_give_the_exact_mixture_log_density(string schedule, string variable)
    {
        GaussianMixtureDenoiser mixture = Mixture();
        double[] points = Points(24, 2, 1.0, 5, [0.0, 0.4]);
        var adaptive = new AdaptiveOptions { Variable = Enum.Parse<OdeTimeVariable>(variable), RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-10 };
        var options = new LikelihoodOptions { Adaptive = adaptive, Prior = mixture, Divergence = DivergenceMethod.Exact };
        if (schedule == "Edm")
        {
            Check(default(HandEdm), mixture, points, 2, options, $"Mixture {schedule} {variable}");
        }
        else
        {
            Check(default(HandVp), mixture, points, 2, options, $"Mixture {schedule} {variable}");
        }
    }

    [Fact]
    public void Axis_jacobian_vector_products_reach_the_exact_mixture_log_density_too()
    {
        // A plain IDenoiser (no IExactDivergence): only the d axis JVPs, central differences with relative step 6e-6,
        // error ~ h^2 |D'''| ~ 1e-10 per evaluation, far below the solver bound at tolerance 1e-9.
        GaussianMixtureDenoiser mixture = Mixture();
        var plain = new CountingDenoiser<double>(mixture);
        double[] points = Points(8, 2, 1.0, 6, [0.0, 0.4]);
        var adaptive = new AdaptiveOptions { RelativeTolerance = 1e-9, AbsoluteTolerance = 1e-9 };
        var options = new LikelihoodOptions { Adaptive = adaptive, Prior = mixture, Divergence = DivergenceMethod.JacobianVectorProducts };
        double[] log = new double[8];
        AdaptiveStatistics statistics = ProbabilityFlowLikelihood.LogLikelihood(default(HandEdm), plain, points, 2, log, options);
        double[] exact = Exact(default(HandEdm), mixture, points, 2, default(HandEdm).TMin);
        double error = log.Zip(exact, (a, b) => Math.Abs(a - b)).Max();
        _output.WriteLine($"JVP: max |error| {error:E2}, {statistics}");
        error.ShouldBeLessThan(Bound(statistics, adaptive, 8, 2, 100));
        // 2 d + 1 = 5 calls per evaluation; evaluations = 1 + 1 (probe) + 6 per attempted step.
        statistics.DenoiserCalls.ShouldBe(5 * (2 + 6 * (statistics.AcceptedSteps + statistics.RejectedSteps)));
        plain.Calls.ShouldBe(statistics.DenoiserCalls);
    }

    [Theory]
    [InlineData(HutchinsonProbe.Rademacher)]
    [InlineData(HutchinsonProbe.Gaussian)]
    public void Hutchinson_log_likelihoods_average_to_the_exact_value(HutchinsonProbe probe)
    {
        // 400 copies of one point: each copy's probe is keyed by its index (docs/math.md §16.5), so the copies are 400
        // independent single-probe estimates of the same log-likelihood; the y trajectory does not depend on the probe,
        // so the estimate is unbiased and its mean must lie within 4 standard errors of the exact value (two-sided
        // 6e-5 chance of failing for a normal mean; deterministic for the fixed seed).
        GaussianMixtureDenoiser mixture = Mixture();
        const int copies = 400;
        double[] point = { 0.4, 0.1 };
        double[] points = Enumerable.Range(0, copies).SelectMany(_ => point).ToArray();
        var options = new LikelihoodOptions
        {
            Adaptive = new AdaptiveOptions { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-8 },
            Prior = mixture,
            Divergence = DivergenceMethod.Hutchinson,
            Probe = probe,
            Seed = 21,
        };
        double[] log = new double[copies];
        AdaptiveStatistics statistics = ProbabilityFlowLikelihood.LogLikelihood(default(HandEdm), mixture, points, 2, log, options);
        double exact = Exact(default(HandEdm), mixture, point, 2, default(HandEdm).TMin)[0];
        double mean = log.Average(), sd = Math.Sqrt(log.Sum(v => (v - mean) * (v - mean)) / (copies - 1)), se = sd / Math.Sqrt(copies);
        _output.WriteLine($"{probe}: mean {mean:R}, exact {exact:R}, sd {sd:G3}, se {se:G3}, {statistics}");
        sd.ShouldBeGreaterThan(0, "the probes must differ between copies");
        Math.Abs(mean - exact).ShouldBeLessThan(4 * se);
        // One probe: 2 P + 1 = 3 calls per evaluation.
        statistics.DenoiserCalls.ShouldBe(3 * (2 + 6 * (statistics.AcceptedSteps + statistics.RejectedSteps)));
    }

    [Fact]
    public void The_gaussian_prior_approximation_differs_from_the_exact_marginal_by_its_own_log_ratio()
    {
        // With the default prior N(0, sigma_T^2 I) the result differs from the exact-marginal one by exactly
        // log N(y_T; 0, sigma_T^2) - log p(y_T; sigma_T) at the same endpoint y_T (the solve is the same, bit for bit).
        double[] mu = { 0.3, -0.8 };
        var data = new GaussianDenoiser(mu, 0.5);
        double[] points = Points(4, 2, 0.5, 2, mu);
        double[] withPrior = new double[4], withExact = new double[4];
        ProbabilityFlowLikelihood.LogLikelihood(default(HandVp), data, points, 2, withPrior);
        ProbabilityFlowLikelihood.LogLikelihood(default(HandVp), data, points, 2, withExact, new LikelihoodOptions { Prior = data });
        double[] end = points.Select(v => v / default(HandVp).Scale(default(HandVp).TMin)).ToArray();
        var y = new double[end.Length];
        double sigmaT = default(HandVp).Sigma(1);
        data.ExactFlow(end, default(HandVp).Sigma(default(HandVp).TMin), sigmaT, y);
        for (int b = 0; b < 4; b++)
        {
            double[] yT = y.Skip(2 * b).Take(2).ToArray();
            double ratio = ProbabilityFlowLikelihood.GaussianLogDensity(yT, sigmaT) - data.LogDensity(yT, sigmaT);
            // The endpoint error (tolerance 1e-5, times |grad| of each log density ~ 1/sigma_T) is below 1e-6.
            (withPrior[b] - withExact[b]).ShouldBe(ratio, 1e-6);
        }
    }

    [Fact]
    public void Bits_per_dimension_carry_score_sde_s_dequantisation_offset()
    {
        // Uniform bytes dequantised to [0, 1]^d have density 1 (log p = 0) and entropy exactly 8 bits per dimension;
        // mapped to [-1, 1]^d the density is 2^-d and the answer is the same 8 bits.
        BitsPerDimension.FromLogLikelihood(0, 3).ShouldBe(8, 1e-15);
        BitsPerDimension.FromLogLikelihood(-3 * Math.Log(2), 3, dataWidth: 2).ShouldBe(8, 1e-15);
        BitsPerDimension.Offset(1).ShouldBe(8);
        BitsPerDimension.Offset(2).ShouldBe(7);
        BitsPerDimension.FromLogLikelihood(-10 * Math.Log(2) * 5, 10).ShouldBe(13, 1e-12);
        double[] dequantised = new double[3];
        BitsPerDimension.Dequantize([0, 128, 255], [0.5, 0, 0.999], dequantised, low: -1, dataWidth: 2);
        dequantised.ShouldBe([-1 + 2 * 0.5 / 256, -1 + 2 * 128.0 / 256, -1 + 2 * 255.999 / 256], 1e-15);
        Should.Throw<ArgumentOutOfRangeException>(() => BitsPerDimension.Offset(0)).ParamName.ShouldBe("dataWidth");
    }

    [Fact]
    public void Bad_arguments_name_themselves()
    {
        GaussianMixtureDenoiser mixture = Mixture();
        var plain = new CountingDenoiser<double>(mixture);
        double[] points = { 0.1, 0.2, 0.3, 0.4 }, log = new double[2];
        Should.Throw<ArgumentException>(() => ProbabilityFlowLikelihood.LogLikelihood(default(HandEdm), plain, points, 2, log, new LikelihoodOptions { Divergence = DivergenceMethod.Exact }))
            .ParamName.ShouldBe("denoiser");
        Should.Throw<ArgumentException>(() => ProbabilityFlowLikelihood.LogLikelihood(default(HandEdm), mixture, points, 3, log)).ParamName.ShouldBe("points");
        Should.Throw<ArgumentException>(() => ProbabilityFlowLikelihood.LogLikelihood(default(HandEdm), mixture, points, 2, new double[3])).ParamName.ShouldBe("logLikelihood");
        Should.Throw<ArgumentException>(() => ProbabilityFlowLikelihood.LogLikelihood(default(HandEdm), mixture, new[] { double.NaN, 0 }, 2, new double[1])).Message.ShouldContain("points[0]");
        Should.Throw<ArgumentOutOfRangeException>(() => ProbabilityFlowLikelihood.LogLikelihood(default(HandEdm), mixture, points, 2, log, new LikelihoodOptions { StartTime = 0.001 }))
            .ParamName.ShouldBe("StartTime");
        Should.Throw<ArgumentException>(() => ProbabilityFlowLikelihood.LogLikelihood(default(HandEdm), mixture, points, 2, log, new LikelihoodOptions { StartTime = 10, EndTime = 5 }))
            .ParamName.ShouldBe("StartTime");
        Should.Throw<ArgumentOutOfRangeException>(() => ProbabilityFlowLikelihood.LogLikelihood(default(HandEdm), plain, points, 2, log, new LikelihoodOptions { Probes = 0 }))
            .Message.ShouldContain("Probes");
        Should.Throw<ArgumentException>(() => ProbabilityFlowLikelihood.LogLikelihood(default(HandEdm), mixture, points, 2, log, new LikelihoodOptions { Prior = new GaussianDenoiser([0.0, 0, 0], 1) }))
            .Message.ShouldContain("3-dimensional");
    }

    [Theory]
    [InlineData(DivergenceMethod.Exact)]
    [InlineData(DivergenceMethod.Hutchinson)]
    [InlineData(DivergenceMethod.JacobianVectorProducts)]
    public void A_warm_likelihood_allocates_nothing(DivergenceMethod method)
    {
        GaussianMixtureDenoiser mixture = Mixture();
        var serial = new GaussianMixtureDenoiser([0.5, 0.3, 0.2], [[-1.0, 0.5], [1.2, -0.4], [0.2, 1.6]], [[0.09, 0.25], [0.16, 0.04], [0.36, 0.09]])
        {
            MaxDegreeOfParallelism = 1,
        };
        double[] points = Points(8, 2, 1.0, 5, [0.0, 0.4]), log = new double[8];
        var options = new LikelihoodOptions { Prior = mixture, Divergence = method, Probes = 2 };
        for (int warm = 0; warm < 3; warm++)
        {
            ProbabilityFlowLikelihood.LogLikelihood(default(HandVp), serial, points, 2, log, options);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        AdaptiveStatistics statistics = ProbabilityFlowLikelihood.LogLikelihood(default(HandVp), serial, points, 2, log, options);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        statistics.AcceptedSteps.ShouldBeGreaterThan(5);
        allocated.ShouldBe(0);
    }
}
