using System;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Samplers;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests.Schedules;

/// <summary>
/// VP by its SDE with beta(t) written once as a helper and its rates as hyper-parameters (docs/math.md §18):
/// <c>new TunableVp(betaMin: 0.1, betaMax: 20)</c>.
/// </summary>
[NoiseSchedule(TMin = 1e-3, TMax = 1)]
public partial struct TunableVp(double betaMin = 0.1, double betaMax = 20)
{
    private readonly double Beta(double t) => betaMin + ((betaMax - betaMin) * t);

    [Drift] private readonly double F(double t) => -0.5 * Beta(t);

    [Diffusion] private readonly double G(double t) => Math.Sqrt(Beta(t));
}

/// <summary>The iDDPM cosine schedule with alpha_bar(t) a static two-parameter helper used by both sigma and s.</summary>
[NoiseSchedule(TMin = 1e-3, TMax = 0.99)]
public partial struct HelperCosine
{
    private const double Offset = 0.008;

    private static double AlphaBar(double t, double offset)
        => Math.Pow(Math.Cos(0.5 * Math.PI * (t + offset) / (1 + offset)) / Math.Cos(0.5 * Math.PI * offset / (1 + offset)), 2);

    [Sigma] private static double SigmaOf(double t) => Math.Sqrt((1 / AlphaBar(t, Offset)) - 1);

    [Scale] private static double ScaleOf(double t) => Math.Sqrt(AlphaBar(t, Offset));
}

/// <summary>A clipped linear beta(t) = min(beta_min + beta_d t, beta_max): s and sigma integrate piecewise in closed form.</summary>
[NoiseSchedule(TMin = 1e-3, TMax = 1)]
public partial struct ClippedBetaVp
{
    private const double BetaMin = 0.1, BetaD = 19.9, BetaMax = 12;

    private static double Beta(double t) => Math.Min(BetaMin + (BetaD * t), BetaMax);

    [Drift] private static double F(double t) => -0.5 * Beta(t);

    [Diffusion] private static double G(double t) => Math.Sqrt(Beta(t));
}

/// <summary>Each new declaration construct samples Gaussian data end to end.</summary>
public sealed class RicherDeclarationEndToEndTests
{
    private const double DataMean = 1.5, DataStd = 0.5;
    private const int Samples = 20_000;

    private readonly ITestOutputHelper output;

    public RicherDeclarationEndToEndTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(0.1, 20)]
    [InlineData(0.2, 30)]
    public void Hyper_parameters_from_the_constructor_sample_end_to_end(double betaMin, double betaMax)
    {
        var schedule = new TunableVp(betaMin: betaMin, betaMax: betaMax);
        schedule.Validate();

        // The instance's rates, not the defaults: sigma(1)^2 = exp((beta_min + beta_max)/2) - 1.
        Assert.Equal(Math.Sqrt(Math.Exp(0.5 * (betaMin + betaMax)) - 1), schedule.Sigma(1), 1e-12 * schedule.Sigma(1));
        AssertSamplesTheData(schedule, $"TunableVp({betaMin}, {betaMax})");
    }

    [Fact]
    public void The_parameterless_constructor_is_the_defaults_and_Validate_rejects_bad_values()
    {
        Assert.Equal(new TunableVp(0.1, 20).Sigma(0.5), new TunableVp().Sigma(0.5));
        var negative = Assert.Throws<ArgumentException>(() => new TunableVp(betaMin: -1, betaMax: 0.5).Validate());
        Assert.StartsWith("TunableVp(betaMin: -1, betaMax: 0.5): ", negative.Message, StringComparison.Ordinal);
        Assert.Equal("betaMax", Assert.Throws<ArgumentException>(() => new TunableVp(0.1, double.PositiveInfinity).Validate()).ParamName);
    }

    [Fact]
    public void A_helper_method_samples_end_to_end()
    {
        // The helper inlines to the built-in cosine schedule's functions (alpha_bar written once instead of twice).
        var schedule = default(HelperCosine);
        var builtIn = default(SdeDsl.Schedules.Cosine);
        foreach (double t in new[] { 1e-3, 0.1, 0.5, 0.9, 0.99 })
        {
            Assert.Equal(builtIn.Sigma(t), schedule.Sigma(t), 1e-13 * builtIn.Sigma(t));
            Assert.Equal(builtIn.Scale(t), schedule.Scale(t), 1e-13 * builtIn.Scale(t));
        }

        AssertSamplesTheData(schedule, nameof(HelperCosine));
    }

    [Fact]
    public void A_clipped_schedule_samples_end_to_end()
    {
        var schedule = default(ClippedBetaVp);

        // Above t* = (12 - 0.1) / 19.9 the noise rate is the constant 12: g^2 = 12 and f = -6.
        Assert.Equal(12, schedule.DiffusionSquared(0.9));
        Assert.Equal(-6, schedule.Drift(0.9));
        Assert.Equal(0.1 + (19.9 * 0.3), schedule.DiffusionSquared(0.3), 1e-12);
        AssertSamplesTheData(schedule, nameof(ClippedBetaVp));
    }

    /// <summary>
    /// Heun (PF-ODE, Karras grid through the generated sigma^-1) and Euler-Maruyama (reverse SDE, uniform grid) from
    /// the prior to N(1.5, 0.5^2) with its exact denoiser. 20 000 samples: five standard errors are 0.018 (mean) and
    /// 0.0125 (variance 0.25). Measured on these four schedules (seeds fixed): |mean - 1.5| at most 0.021 for 40 Heun
    /// steps and 0.0081 for 400 Euler-Maruyama steps, |variance - 0.25| at most 0.0033; so the bounds are 0.04 (mean)
    /// and 0.03 (variance). Sampling cannot tell a valid schedule from another, so the callers also check the
    /// schedule's own values (that the instance's hyper-parameters, the helper and the clip are what was evaluated).
    /// </summary>
    private void AssertSamplesTheData<TSchedule>(TSchedule schedule, string name)
        where TSchedule : struct, INoiseSchedule
    {
        var denoiser = new GaussianDenoiser(new[] { DataMean }, DataStd);

        double[] ode = new double[Samples];
        double[] odeTimes = TimeSteps.Karras(schedule, 40);
        Prior.Sample(schedule, odeTimes[0], ode.AsSpan(), seed: 3);
        HeunSampler.Sample(schedule, denoiser, odeTimes, ode.AsSpan());

        double[] sde = new double[Samples];
        double[] sdeTimes = TimeSteps.UniformTime(schedule, 400);
        Prior.Sample(schedule, sdeTimes[0], sde.AsSpan(), seed: 4);
        EulerMaruyamaSampler.Sample(schedule, denoiser, sdeTimes, sde.AsSpan(), new SamplingOptions { Seed = 5 });

        foreach ((string sampler, double[] x) in new[] { ("Heun", ode), ("Euler-Maruyama", sde) })
        {
            (double mean, double variance) = Stats.MeanVariance(x);
            output.WriteLine($"{name} {sampler}: mean {mean:F4} (data {DataMean}), variance {variance:F4} (data {DataStd * DataStd})");
            Assert.InRange(mean, DataMean - 0.04, DataMean + 0.04);
            Assert.InRange(variance, (DataStd * DataStd) - 0.03, (DataStd * DataStd) + 0.03);
        }
    }
}
