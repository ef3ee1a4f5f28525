using System;
using SdeDsl.Schedules;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests.Schedules.Discrete;

/// <summary>The training tables against reference/diffusers_reference.py (docs/math.md §12.1-§12.3).</summary>
public sealed class DiscreteTableTests
{
    private readonly ITestOutputHelper _output;

    public DiscreteTableTests(ITestOutputHelper output) => _output = output;

    private static DiscreteSchedule Build(string name, TrainingPrecision precision) => name switch
    {
        "sd15" => DiscreteSchedule.Create(BetaSchedule.ScaledLinear, 1000, 0.00085, 0.012, false, precision),
        "sd2_zero_snr" => DiscreteSchedule.Create(BetaSchedule.ScaledLinear, 1000, 0.00085, 0.012, true, precision),
        "ddpm_linear" => DiscreteSchedule.Create(BetaSchedule.Linear, 1000, 0.0001, 0.02, false, precision),
        _ => DiscreteSchedule.Create(BetaSchedule.SquaredCosCapV2, 1000, precision: precision),
    };

    private static double MaxRelative(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Assert.Equal(a.Length, b.Length);
        double worst = 0;
        for (int i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a[i] / b[i] - 1));
        return worst;
    }

    [Theory]
    [InlineData("sd15")]
    [InlineData("sd2_zero_snr")]
    [InlineData("ddpm_linear")]
    [InlineData("cosine")]
    public void Float32_tables_equal_the_numpy_float32_emulation_of_diffusers(string name)
    {
        // The same float32 operations in the same order as the script (which equals torch bit for bit:
        // torch_crosscheck.py), so the tables agree to float32 round-off: the one possible difference is
        // sqrt(beta_start) (C# Math.Sqrt) against Python's beta_start ** 0.5 before the float32 cast, at most 1 float32
        // ulp in a root; through 1000 products the bound 1e-6 relative (8 float32 ulps) covers that. Observed: 0.
        DiscreteSchedule schedule = Build(name, TrainingPrecision.Single);
        double[] reference = DiffusersReference.Table(name, "alphas_cumprod_float32");
        double alphaBar = MaxRelative(schedule.AlphasCumprod, reference);

        // diffusers' Euler sigma table is ((1 - a)/a)^0.5 in float32: 3 float32 roundings, < 2 ulp = 2.4e-7 relative.
        double[] sigmas32 = DiffusersReference.Table(name, "sigmas_diffusers_float32");
        double[] sigmas = new double[1000];
        for (int i = 0; i < 1000; i++) sigmas[i] = schedule.SigmaAt(i);
        double sigma = MaxRelative(sigmas, sigmas32);
        _output.WriteLine($"{name}: alpha_bar max rel {alphaBar:E2}, sigma vs diffusers float32 sigma max rel {sigma:E2}; sigma range [{sigmas[0]:R}, {sigmas[^1]:R}]");
        Assert.True(alphaBar <= 1e-6, $"alpha_bar {alphaBar}");
        Assert.True(sigma <= 1e-6 + 2.4e-7, $"sigma {sigma}");
    }

    [Theory]
    [InlineData("sd15")]
    [InlineData("sd2_zero_snr")]
    [InlineData("ddpm_linear")]
    [InlineData("cosine")]
    public void Float64_tables_equal_the_numpy_float64_tables(string name)
    {
        // Both evaluate the same double operations in the same order; 1e-13 relative allows for pow vs sqrt and the
        // cosine's libm differences (a few double ulps, accumulated over 1000 products: 1000 * 2.2e-16 = 2.2e-13 at worst
        // if every product differed; observed printed).
        DiscreteSchedule schedule = Build(name, TrainingPrecision.Double);
        double worst = MaxRelative(schedule.AlphasCumprod, DiffusersReference.Table(name, "alphas_cumprod_float64"));
        _output.WriteLine($"{name}: float64 alpha_bar max rel {worst:E2}");
        Assert.True(worst <= 3e-13, $"{worst}");
    }

    [Theory]
    [InlineData("sd15")]
    [InlineData("sd2_zero_snr")]
    [InlineData("ddpm_linear")]
    [InlineData("cosine")]
    public void Float32_against_float64_sigma_difference_is_measured(string name)
    {
        // The measurement docs/math.md §12.2 quotes: diffusers' float32 table against the exact (double) one. Near
        // t = 0, 1 - alpha_bar is about i beta_0 while float32 alpha_bar carries absolute errors of i ulps of 1
        // (2^-24 each), so sigma = sqrt((1 - alpha_bar)/alpha_bar) is off by about 2^-24/(2 beta_0) relative; the
        // bound is 4 times 2^-24/beta_0 (margin for the accumulation), and at least 2^-26 (the tables do differ).
        DiscreteSchedule single = Build(name, TrainingPrecision.Single), exact = Build(name, TrainingPrecision.Double);
        double worst = 0;
        int at = 0;
        for (int i = 0; i < 1000; i++)
        {
            double relative = Math.Abs(single.SigmaAt(i) / exact.SigmaAt(i) - 1);
            if (relative > worst) (worst, at) = (relative, i);
        }

        double beta0 = 1 - exact.AlphasCumprod[0];
        double bound = 4 * Math.Pow(2, -24) / beta0;
        _output.WriteLine($"{name}: float32 vs float64 sigma max rel {worst:E3} at timestep {at} (beta_0 = {beta0:E3}, bound {bound:E2})");
        Assert.InRange(worst, Math.Pow(2, -26), bound);
    }

    [Fact]
    public void Zero_terminal_snr_rescale_ends_at_zero_and_keeps_the_first_alpha_bar()
    {
        // Independent derivation (Lin et al. 2023, Algorithm 1, on sqrt(alpha_bar) directly rather than on betas):
        // q_i' = (q_i - q_T) q_0/(q_0 - q_T) from the double table; the rescaled betas, cumulated again, must give q'^2.
        // Tolerance 1e-12 relative (double: two passes through 1000 products and quotients); the last is exactly 0.
        double[] betas = TrainingTables.Betas(BetaSchedule.ScaledLinear, 1000, 0.00085, 0.012, TrainingPrecision.Double);
        double[] original = TrainingTables.AlphasCumprod(betas, TrainingPrecision.Double);
        double[] rescaled = TrainingTables.AlphasCumprod(TrainingTables.RescaleZeroTerminalSnr(betas, TrainingPrecision.Double), TrainingPrecision.Double);
        double q0 = Math.Sqrt(original[0]), qT = Math.Sqrt(original[^1]);
        Assert.Equal(0.0, rescaled[^1]);
        Assert.Equal(original[0], rescaled[0], 1e-15);
        double[] reference = DiffusersReference.Table("sd2_zero_snr", "rescaled_alphas_cumprod_float64");
        for (int i = 0; i < 999; i++)
        {
            double q = (Math.Sqrt(original[i]) - qT) * q0 / (q0 - qT);
            Assert.True(Math.Abs(rescaled[i] / (q * q) - 1) <= 1e-12, $"i = {i}: {rescaled[i]} vs {q * q}");
            Assert.True(Math.Abs(rescaled[i] / reference[i] - 1) <= 1e-12, $"i = {i}: {rescaled[i]} vs script {reference[i]}");
        }

        // The schedule replaces the final 0 by 2^-24 as diffusers' Euler scheduler does: sigma = sqrt(2^24 - 1).
        DiscreteSchedule schedule = DiscreteSchedule.Create(BetaSchedule.ScaledLinear, 1000, 0.00085, 0.012, rescaleZeroTerminalSnr: true);
        Assert.Equal(DiscreteSchedule.ZeroSnrAlphaBar, schedule.AlphasCumprod[^1]);
        Assert.Equal(Math.Sqrt((1 << 24) - 1.0), schedule.SigmaAt(999), 1e-9);
        Assert.Equal(999.0, schedule.TMax);
    }

    [Fact]
    public void Bad_tables_are_rejected_naming_the_argument()
    {
        var zero = Assert.Throws<ArgumentException>(() => DiscreteSchedule.FromAlphasCumprod(new[] { 0.9, 0.5, 0.0 }));
        Assert.Equal("alphasCumprod", zero.ParamName);
        Assert.Contains("ZeroSnrAlphaBar", zero.Message);
        Assert.Equal("alphasCumprod", Assert.Throws<ArgumentException>(() => DiscreteSchedule.FromAlphasCumprod(new[] { 0.5, 0.9 })).ParamName);
        Assert.Equal("alphasCumprod", Assert.Throws<ArgumentException>(() => DiscreteSchedule.FromAlphasCumprod(new[] { 0.5 })).ParamName);
        Assert.Equal("betas", Assert.Throws<ArgumentException>(() => DiscreteSchedule.FromBetas(new[] { 0.1, 1.5 })).ParamName);
        Assert.Equal("betaStart", Assert.Throws<ArgumentOutOfRangeException>(() => TrainingTables.Betas(BetaSchedule.Linear, 10, -1, 0.02)).ParamName);
        Assert.Equal("trainingSteps", Assert.Throws<ArgumentOutOfRangeException>(() => TrainingTables.Betas(BetaSchedule.Linear, 1)).ParamName);
        Assert.Throws<InvalidOperationException>(() => default(DiscreteSchedule).Sigma(1));
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => DiscreteSchedule.Create(BetaSchedule.Linear, 1000).TimeAtSigma(0)).ParamName);
    }
}
