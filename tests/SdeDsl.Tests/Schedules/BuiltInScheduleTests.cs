using System;
using SdeDsl.Schedules;
using Xunit;

namespace SdeDsl.Tests.Schedules;

/// <summary>
/// Every member of the built-in EDM, VE and VP schedules against the closed forms of docs/math.md §5,
/// written out by hand here (never taken from generated code).
/// </summary>
/// <remarks>
/// Tolerances are in units of the double epsilon <c>Eps</c> = 2^-52 and are relative unless stated. The
/// generated members are short chains of correctly rounded operations (+, *, /, Sqrt: 1/2 ulp each) and
/// Exp/Log (at most 1 ulp in .NET), so a faithful implementation is within a handful of ulps; a wrong
/// formula (a missing factor 2, s instead of s^2, a sign) is off by tens of percent, and a cancelling
/// formula (exp(u) - 1 at small u) is off by up to 1e-5 at t = 1e-10. Each tolerance below says which
/// chain of operations it covers.
/// </remarks>
public sealed class BuiltInScheduleTests
{
    private const double Eps = 2.220446049250313e-16;

    private const double BetaMin = 0.1, BetaD = 19.9;

    /// <summary>Times across VP's range and below it, down to where exp(u) - 1 would lose every digit.</summary>
    public static TheoryData<double> VpTimes => new()
    {
        1e-10, 3e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 3e-4, 1e-3, 2e-3, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 1,
    };

    public static TheoryData<double> EdmTimes => new() { 0.002, 0.01, 0.1, 0.5, 1, 2.5, 7, 13, 40, 80 };

    public static TheoryData<double> VeTimes => new() { 0.0004, 0.001, 0.02, 0.3, 1, 4, 17, 250, 3000, 10000 };

    // ---------------------------------------------------------------- EDM: sigma = t, s = 1

    [Fact]
    public void Edm_range_and_flags()
    {
        var edm = default(Edm);
        Assert.Equal(0.002, edm.TMin);
        Assert.Equal(80.0, edm.TMax);
        Assert.True(edm.IsScaleIdentity);
    }

    [Theory]
    [MemberData(nameof(EdmTimes))]
    public void Edm_members_match_the_closed_forms(double t)
    {
        INoiseSchedule edm = default(Edm);

        // Every EDM member is at most one correctly rounded operation on t, so equality is exact.
        Assert.Equal(t, edm.Sigma(t));
        Assert.Equal(1.0, edm.SigmaDerivative(t));
        Assert.Equal(1.0, edm.Scale(t));
        Assert.Equal(0.0, edm.ScaleDerivative(t));
        Assert.Equal(0.0, edm.Drift(t));
        Assert.Equal(Math.Sqrt(2 * t), edm.Diffusion(t));            // g = s sqrt(2 sigma' sigma) = sqrt(2 t)
        Assert.Equal(2 * t, edm.DiffusionSquared(t));                 // g^2 = 2 t
        Assert.Equal(1 / t, edm.OdeStateCoefficient(t));              // sigma'/sigma + s'/s = 1/t
        Assert.Equal(1 / t, edm.OdeDenoiserCoefficient(t));           // sigma' s / sigma = 1/t
        Assert.Equal(t, edm.TimeAtSigma(t));                          // sigma^-1(sigma) = sigma
    }

    // ---------------------------------------------------------------- VE: sigma = sqrt(t), s = 1

    [Fact]
    public void Ve_range_and_flags()
    {
        var ve = default(Ve);
        Assert.Equal(0.02 * 0.02, ve.TMin);   // sigma_min^2
        Assert.Equal(100.0 * 100.0, ve.TMax); // sigma_max^2
        Assert.True(ve.IsScaleIdentity);
        Assert.Equal(0.02, Ve.SigmaMin);
        Assert.Equal(100.0, Ve.SigmaMax);
    }

    [Theory]
    [MemberData(nameof(VeTimes))]
    public void Ve_members_match_the_closed_forms(double t)
    {
        INoiseSchedule ve = default(Ve);
        double sqrtT = Math.Sqrt(t);

        Assert.Equal(sqrtT, ve.Sigma(t));
        AssertRelative(0.5 / sqrtT, ve.SigmaDerivative(t), 2 * Eps, "sigma' = 1 / (2 sqrt t)");   // sqrt and one division
        Assert.Equal(1.0, ve.Scale(t));
        Assert.Equal(0.0, ve.ScaleDerivative(t));
        Assert.Equal(0.0, ve.Drift(t));

        // g^2 = 2 sigma' sigma = 2 (1 / (2 sqrt t)) sqrt t = 1 exactly, so g = 1 (SGM: VE has g = sqrt(d sigma^2/dt) = 1).
        AssertRelative(1.0, ve.Diffusion(t), 4 * Eps, "g = 1");
        AssertRelative(1.0, ve.DiffusionSquared(t), 4 * Eps, "g^2 = 1");
        AssertRelative(0.5 / t, ve.OdeStateCoefficient(t), 4 * Eps, "sigma'/sigma = 1 / (2 t)");
        AssertRelative(0.5 / t, ve.OdeDenoiserCoefficient(t), 4 * Eps, "sigma' s / sigma = 1 / (2 t)");
    }

    [Theory]
    [InlineData(0.02)]
    [InlineData(0.05)]
    [InlineData(1)]
    [InlineData(3.7)]
    [InlineData(42)]
    [InlineData(100)]
    public void Ve_inverse_is_sigma_squared(double sigma)
    {
        var ve = default(Ve);
        AssertRelative(sigma * sigma, ve.TimeAtSigma(sigma), Eps, "sigma^-1(sigma) = sigma^2"); // one rounding
        AssertRelative(sigma, ve.Sigma(ve.TimeAtSigma(sigma)), 2 * Eps, "sigma(sigma^-1(sigma)) = sigma");
    }

    // ---------------------------------------------------------------- VP

    [Fact]
    public void Vp_range_and_flags()
    {
        var vp = default(Vp);
        Assert.Equal(1e-3, vp.TMin);
        Assert.Equal(1.0, vp.TMax);
        Assert.False(vp.IsScaleIdentity);
        Assert.Equal(BetaMin, Vp.BetaMin);
        Assert.Equal(BetaD, Vp.BetaD);
    }

    [Theory]
    [MemberData(nameof(VpTimes))]
    public void Vp_sigma_and_scale_match_the_closed_forms_without_cancellation(double t)
    {
        INoiseSchedule vp = default(Vp);
        double u = Exponent(t);

        // sigma = sqrt(exp(u) - 1) with exp(u) - 1 from its series: sqrt, expm1 (a few ulps) and u (two
        // roundings) give well under 2 ulps of sigma. A textbook exp(u) - 1 is off by ~1e-6 at t = 1e-10.
        double sigma = Math.Sqrt(ExpM1Series(u));
        AssertRelative(sigma, vp.Sigma(t), 4 * Eps, "sigma = sqrt(expm1(u))");

        // s = 1 / sqrt(exp(u)) = exp(-u / 2). Any faithful form evaluates exp of an argument with ~2 ulps of relative
        // error, i.e. 2 u Eps absolute, which exp turns into 2 u Eps relative (u <= 10.05 on the range), plus an ulp
        // or two of Exp itself in each of the two evaluations.
        double scale = Math.Exp(-0.5 * u);
        AssertRelative(scale, vp.Scale(t), (4 + 2 * u) * Eps, "s = exp(-u/2)");
    }

    [Theory]
    [MemberData(nameof(VpTimes))]
    public void Vp_derivatives_drift_and_diffusion_match_the_closed_forms(double t)
    {
        INoiseSchedule vp = default(Vp);
        double u = Exponent(t);
        double beta = BetaMin + BetaD * t;    // beta(t) = u'(t)
        double expm1 = ExpM1Series(u);
        double sigma = Math.Sqrt(expm1);
        double scale = Math.Exp(-0.5 * u);

        // The exp of u carries |u| * (relative error of u) of extra relative error; u is two roundings.
        double expError = 2 * u * Eps;

        // sigma' = beta exp(u) / (2 sigma)
        double sigmaPrime = beta * Math.Exp(u) / (2 * sigma);
        AssertRelative(sigmaPrime, vp.SigmaDerivative(t), 8 * Eps + 2 * expError, "sigma' = beta e^u / (2 sigma)");

        // s' = -beta s / 2
        double scalePrime = -0.5 * beta * scale;
        AssertRelative(scalePrime, vp.ScaleDerivative(t), 8 * Eps + 2 * expError, "s' = -beta s / 2");

        // f = s'/s = -beta / 2 (VP as (f, g): f = -beta(t) / 2, docs/math.md §5)
        AssertRelative(-0.5 * beta, vp.Drift(t), 4 * Eps, "f = -beta / 2");

        // g^2 = 2 s^2 sigma' sigma = e^-u beta e^u = beta; g = sqrt(beta) (docs/math.md §5)
        AssertRelative(beta, vp.DiffusionSquared(t), 4 * Eps, "g^2 = beta");
        AssertRelative(Math.Sqrt(beta), vp.Diffusion(t), 4 * Eps, "g = sqrt(beta)");
    }

    [Theory]
    [MemberData(nameof(VpTimes))]
    public void Vp_ode_coefficients_match_the_closed_forms(double t)
    {
        INoiseSchedule vp = default(Vp);
        double u = Exponent(t);
        double beta = BetaMin + BetaD * t;
        double expm1 = ExpM1Series(u);

        // a = sigma'/sigma + s'/s = beta e^u / (2 (e^u - 1)) - beta / 2 = beta / (2 expm1(u)), exactly.
        // An implementation may add the two terms (the natural form of a); their sum cancels as u grows
        // (at t = 1 the terms are ~10 and a ~ 4e-4), so the bound is relative to |sigma'/sigma| + |s'/s|,
        // the conditioning of that sum: a few ulps of each term.
        double a = beta / (2 * expm1);
        double termMagnitude = beta * Math.Exp(u) / (2 * expm1) + 0.5 * beta;
        AssertAbsolute(a, vp.OdeStateCoefficient(t), (8 + 4 * u) * Eps * termMagnitude, "a = beta / (2 expm1(u))");

        // b = sigma' s / sigma = beta e^(u/2) / (2 expm1(u)): no sum, so plainly relative.
        double b = beta * Math.Exp(0.5 * u) / (2 * expm1);
        AssertRelative(b, vp.OdeDenoiserCoefficient(t), (8 + 4 * u) * Eps, "b = beta e^(u/2) / (2 expm1(u))");
    }

    [Theory]
    [MemberData(nameof(VpTimes))]
    public void Vp_inverse_matches_the_closed_form_and_round_trips(double t)
    {
        var vp = default(Vp);
        double sigma = Math.Sqrt(ExpM1Series(Exponent(t)));

        // sigma^-1(sigma): solve beta_d t^2 / 2 + beta_min t = L, L = log(1 + sigma^2), by the cancellation-free
        // root t = 2 L / (beta_min + sqrt(beta_min^2 + 2 beta_d L)).
        double l = Log1PSeries(sigma * sigma);
        double expected = 2 * l / (BetaMin + Math.Sqrt(BetaMin * BetaMin + 2 * BetaD * l));
        AssertRelative(expected, vp.TimeAtSigma(sigma), 8 * Eps, "sigma^-1 closed form");

        // And it inverts sigma: the condition number of t -> sigma(t) -> t is sigma / (t sigma') <= 2 here, so an
        // error of a few ulps in sigma becomes at most twice that in t.
        AssertRelative(t, vp.TimeAtSigma(sigma), 16 * Eps, "sigma^-1(sigma(t)) = t");
    }

    [Fact]
    public void Vp_sigma_at_1e_minus_10_is_accurate_to_1e_minus_15()
    {
        // u = beta_min t + beta_d t^2 / 2 = 1e-11 + 9.95e-20; sigma = sqrt(u + u^2/2 + ...) ~ 3.1623e-6.
        const double T = 1e-10;
        double u = 0.1 * T + 0.5 * 19.9 * T * T;
        double expected = Math.Sqrt(u + (u * u / 2)); // u^3/6 ~ 1e-34 is far below one ulp of u
        double actual = default(Vp).Sigma(T);
        Assert.True(Math.Abs(actual - expected) <= 1e-15 * expected, $"sigma(1e-10) = {actual:R}, expected {expected:R}");
    }

    /// <summary>u(t) = beta_d t^2 / 2 + beta_min t, the exponent of VP (docs/math.md §5).</summary>
    private static double Exponent(double t) => (0.5 * BetaD * t * t) + (BetaMin * t);

    /// <summary>exp(u) - 1 from its Taylor series for |u| &lt; 1 (every term positive: no cancellation).</summary>
    private static double ExpM1Series(double u)
    {
        if (u >= 1)
        {
            return Math.Exp(u) - 1; // exp(u) >= e: subtracting 1 loses under 1 bit
        }

        double term = u, sum = 0;
        for (int k = 1; k < 40 && term != 0; k++)
        {
            sum += term;
            term *= u / (k + 1);
        }

        return sum;
    }

    /// <summary>log(1 + x) for x &gt;= 0: the alternating series for small x, the textbook form where it is exact enough.</summary>
    private static double Log1PSeries(double x)
    {
        if (x >= 0.25)
        {
            return Math.Log(1 + x); // 1 + x >= 1.25: relative error of the sum stays under 2 ulps of the log
        }

        // log(1 + x) = 2 atanh(x / (2 + x)) = 2 (z + z^3/3 + z^5/5 + ...), z = x / (2 + x) <= 1/9: all terms positive.
        double z = x / (2 + x), z2 = z * z, power = z, sum = 0;
        for (int k = 1; k < 60 && power != 0; k += 2)
        {
            sum += power / k;
            power *= z2;
        }

        return 2 * sum;
    }

    private static void AssertRelative(double expected, double actual, double tolerance, string what)
        => Assert.True(
            Math.Abs(actual - expected) <= tolerance * Math.Abs(expected),
            $"{what}: expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):E2}, tolerance {tolerance:E2})");

    private static void AssertAbsolute(double expected, double actual, double tolerance, string what)
        => Assert.True(
            Math.Abs(actual - expected) <= tolerance,
            $"{what}: expected {expected:R}, got {actual:R} (error {Math.Abs(actual - expected):E2}, tolerance {tolerance:E2})");
}
