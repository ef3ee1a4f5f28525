using System;
using System.Linq;
using System.Reflection;
using SdeDsl.Generators.Tests.Differential;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Declarations;

/// <summary>
/// Differential tests of helpers, hyper-parameters and piecewise functions (docs/math.md §18): the generated members
/// of <see cref="RicherDeclarationSources"/> against closed forms written out here, derivatives against Ridders'
/// extrapolated differences (<see cref="NumericalReference"/>), inverses by round trip.
/// </summary>
/// <remarks>
/// Tolerances, as in <see cref="DifferentialTests"/>: values that are the same formula evaluated in another order agree
/// to a few ulps, so 1e-13 relative; Ridders' derivatives converge to ~1e-12 on these smooth pieces and its error
/// estimate is added, so derivatives must agree to 1e-10 of |f| + |f'| plus four estimates (a wrong piece or a lost
/// chain factor is off by 1e-3 or more); sigma^-1(sigma(t)) = t to 1e-12 (the brief's bound; conditioning here is
/// below 40); quadrature is at relative tolerance 1e-14 per panel, so 1e-12 against the closed-form integral.
/// Near a switch point the difference stencil must not cross it, so its first step stays on one piece.
/// </remarks>
public sealed class RicherDeclarationDifferentialTests
{
    private const double ValueTolerance = 1e-13;
    private const double DerivativeTolerance = 1e-10;
    private const double InverseTolerance = 1e-12;
    private const double QuadratureTolerance = 1e-12;

    private static INoiseSchedule Create(string name, params object[] arguments)
    {
        GeneratorRun run = GeneratorHarness.Run(RicherDeclarationSources.All[name]);
        run.GenerationProblems.ShouldBeEmpty();
        Type type = run.Load().GetType("Tests." + name) ?? throw new InvalidOperationException("No type " + name);
        return (INoiseSchedule)Activator.CreateInstance(type, arguments)!;
    }

    [Theory]
    [InlineData(0.1, 20)]
    [InlineData(0.5, 5)]
    [InlineData(2, 2)]
    public void Hyper_parameters_are_read_from_the_instance(double betaMin, double betaMax)
    {
        INoiseSchedule schedule = Create("HyperVp", betaMin, betaMax);

        // VP with beta(t) = beta_min + (beta_max - beta_min) t: log(1 + sigma^2) = -2 log s = integral_0^t beta.
        double LogMean(double t) => (0.5 * (betaMax - betaMin) * t * t) + (betaMin * t);
        double Sigma(double t) => Math.Sqrt(ExpM1(LogMean(t)));
        double Scale(double t) => Math.Exp(-0.5 * LogMean(t));
        double Beta(double t) => betaMin + ((betaMax - betaMin) * t);
        CheckAgainst(schedule, Sigma, Scale, Grid(1e-3, 1));
        foreach (double t in Grid(1e-3, 1))
        {
            Close(schedule.Drift(t), -0.5 * Beta(t), ValueTolerance * Beta(t), "Drift", t);
            Close(schedule.DiffusionSquared(t), Beta(t), ValueTolerance * Beta(t), "DiffusionSquared", t);
        }
    }

    [Fact]
    public void The_parameterless_constructor_means_the_defaults_and_default_is_all_zeros()
    {
        GeneratorRun run = GeneratorHarness.Run(RicherDeclarationSources.All["HyperVp"]);
        Type type = run.Load().GetType("Tests.HyperVp")!;
        var byDefaults = (INoiseSchedule)Activator.CreateInstance(type)!; // calls the generated HyperVp()
        var explicitDefaults = (INoiseSchedule)Activator.CreateInstance(type, 0.1, 20.0)!;
        var zeroed = (INoiseSchedule)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type);
        foreach (double t in Grid(1e-3, 1))
        {
            byDefaults.Sigma(t).ShouldBe(explicitDefaults.Sigma(t));
            zeroed.Sigma(t).ShouldBe(0);
        }

        Validate(byDefaults).ShouldBeNull();
        // sigma = 0 everywhere: the first point already has no inverse (0/0 in the closed form).
        Validate(zeroed)!.Message.ShouldStartWith("HyperVp(betaMin: 0, betaMax: 0): sigma^-1(sigma(0.001)) = NaN");
    }

    [Fact]
    public void Validate_names_the_parameters_and_the_problem()
    {
        Validate(Create("HyperVp", 0.5, 5.0)).ShouldBeNull();

        ArgumentException? notFinite = Validate(Create("HyperVp", double.NaN, 5.0));
        notFinite.ShouldNotBeNull().ParamName.ShouldBe("betaMin");
        notFinite.Message.ShouldContain("hyper-parameter betaMin = NaN is not finite");

        // beta(t) = -1 + 1.5 t is negative until t = 2/3: g^2 < 0 (and sigma decreasing) from the start.
        ArgumentException? negative = Validate(Create("HyperVp", -1.0, 0.5));
        negative.ShouldNotBeNull().Message.ShouldStartWith("HyperVp(betaMin: -1, betaMax: 0.5): ");

        // The readonly-field schedule: sigma = gain t + offset, decreasing for a negative gain, so g^2 = 2 sigma' sigma < 0.
        Validate(Create("FieldEdm", 2.0, 0.01)).ShouldBeNull();
        Validate(Create("FieldEdm", -1.0, 100.0))!.Message.ShouldBe("FieldEdm(gain: -1, offset: 100): g(t)^2 must not be negative, but g^2(0.002) = -199.996.");
    }

    [Fact]
    public void Readonly_field_hyper_parameters_and_their_defaults()
    {
        INoiseSchedule schedule = Create("FieldEdm", 2.0, 0.01);
        CheckAgainst(schedule, t => (2 * t) + 0.01, _ => 1, Grid(0.002, 80));

        GeneratorRun run = GeneratorHarness.Run(RicherDeclarationSources.All["FieldEdm"]);
        var byDefaults = (INoiseSchedule)Activator.CreateInstance(run.Load().GetType("Tests.FieldEdm")!)!; // the generated FieldEdm() runs the initialisers
        byDefaults.Sigma(3).ShouldBe(3);
    }

    [Fact]
    public void A_helper_inlines_to_the_written_out_schedule_bit_for_bit()
    {
        // HelperVp writes VP's log-mean once as a two-parameter helper; the built-in Vp writes it out twice.
        INoiseSchedule helper = Create("HelperVp");
        var builtIn = default(SdeDsl.Schedules.Vp);
        foreach (double t in Grid(1e-3, 1))
        {
            helper.Sigma(t).ShouldBe(builtIn.Sigma(t));
            helper.SigmaDerivative(t).ShouldBe(builtIn.SigmaDerivative(t));
            helper.Scale(t).ShouldBe(builtIn.Scale(t));
            helper.ScaleDerivative(t).ShouldBe(builtIn.ScaleDerivative(t));
            helper.OdeStateCoefficient(t).ShouldBe(builtIn.OdeStateCoefficient(t));
            helper.OdeDenoiserCoefficient(t).ShouldBe(builtIn.OdeDenoiserCoefficient(t));
            helper.TimeAtSigma(helper.Sigma(t)).ShouldBe(builtIn.TimeAtSigma(builtIn.Sigma(t)));
        }
    }

    [Fact]
    public void A_clipped_beta_integrates_piecewise_in_closed_form()
    {
        const double BetaMin = 0.1, BetaD = 19.9, BetaMax = 12;
        double switchPoint = (BetaMax - BetaMin) / BetaD;
        GeneratorRun run = GeneratorHarness.Run(RicherDeclarationSources.All["ClippedVp"]);
        run.Sources.Values.Single().ShouldNotContain("Quadrature.Integrate");
        run.GeneratorDiagnostics.ShouldNotContain(d => d.Id == "SDE206"); // beta jumps in slope only: sigma is C^1
        INoiseSchedule schedule = (INoiseSchedule)Activator.CreateInstance(run.Load().GetType("Tests.ClippedVp")!)!;

        // integral_0^t min(beta_min + beta_d u, beta_max) du, by hand on each side of t* = (beta_max - beta_min) / beta_d.
        double B(double t) => t <= switchPoint
            ? (BetaMin * t) + (0.5 * BetaD * t * t)
            : (BetaMin * switchPoint) + (0.5 * BetaD * switchPoint * switchPoint) + (BetaMax * (t - switchPoint));
        CheckAgainst(schedule, t => Math.Sqrt(ExpM1(B(t))), t => Math.Exp(-0.5 * B(t)), Grid(1e-3, 1), switchPoint);

        // sigma' is continuous across t*: the one-sided values agree to the rounding of t* itself.
        double left = schedule.SigmaDerivative(switchPoint * (1 - 1e-12)), right = schedule.SigmaDerivative(switchPoint * (1 + 1e-12));
        Math.Abs(left - right).ShouldBeLessThan(1e-9 * Math.Abs(left));
    }

    [Fact]
    public void Conditional_abs_min_max_and_clamp_differentiate_piecewise()
    {
        // t >= 1 ? t : t^2/2 + 1/2 (C^1 at 1).
        CheckAgainst(Create("SmoothJoin"), t => t >= 1 ? t : (0.5 * t * t) + 0.5, _ => 1, Grid(0.01, 80), 1);

        // Clamp(|t - 2| t, 1e-4, 100) + Max(t, -1) = 3 t - t^2 on the range; s = 1 / Max(1, 1 + t^2) = 1 / (1 + t^2).
        CheckAgainst(Create("AbsMaxClamp"), t => (3 * t) - (t * t), t => 1 / (1 + (t * t)), Grid(0.001, 0.9));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.25)]
    public void A_hyper_parameter_reaches_the_quadrature_integrand(double wobble)
    {
        INoiseSchedule schedule = Create("HyperQuadrature", wobble);
        foreach (double t in Grid(1e-5, 5))
        {
            // sigma^2 = integral_0^t 1 + w sin^2 = t + w (t/2 - sin(2t)/4)
            double expected = Math.Sqrt(t + (wobble * ((0.5 * t) - (0.25 * Math.Sin(2 * t)))));
            Close(schedule.Sigma(t), expected, QuadratureTolerance * expected, "Sigma", t);
        }
    }

    [Fact]
    public void A_piecewise_diffusion_without_a_linear_condition_falls_back_to_quadrature_and_its_kink_is_SDE206()
    {
        // g^2 = (t^2 < 0.25 ? 1 : 2): the condition is not linear in t, so sigma^2 = integral_0^t g^2 is left to
        // quadrature; sigma' = g^2 / (2 sigma) jumps at t = 0.5, a kink in sigma.
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = 1e-3, TMax = 2)]
            public partial struct Stepped
            {
                [Drift] static double F(double t) => 0;
                [Diffusion] static double G(double t) => Math.Sqrt(t * t < 0.25 ? 1 : 2);
            }
            """);
        run.GenerationProblems.ShouldBeEmpty();
        run.Sources.Values.Single().ShouldContain("Quadrature.Integrate");
        Microsoft.CodeAnalysis.Diagnostic kink = run.GeneratorDiagnostics.Where(d => d.Id == "SDE206").ShouldHaveSingleItem();
        kink.GetMessage().ShouldContain("sigma(t) is not differentiable at t = 0.5");
        INoiseSchedule schedule = run.Schedule("Tests.Stepped");
        foreach (double t in Grid(1e-3, 2))
        {
            double expected = Math.Sqrt(t < 0.5 ? t : 0.5 + (2 * (t - 0.5)));
            Close(schedule.Sigma(t), expected, QuadratureTolerance * expected, "Sigma", t);
            Close(schedule.TimeAtSigma(schedule.Sigma(t)), t, InverseTolerance * t, "TimeAtSigma(Sigma(t))", t);
        }
    }

    /// <summary>exp(x) - 1 = 2 e^(x/2) sinh(x/2), without cancellation (independent of the generator's AccurateMath).</summary>
    private static double ExpM1(double x) => 2 * Math.Exp(0.5 * x) * Math.Sinh(0.5 * x);

    /// <summary>Values, derivatives (Ridders) and the inverse of a schedule against its closed form.</summary>
    private static void CheckAgainst(INoiseSchedule schedule, Func<double, double> sigma, Func<double, double> scale, double[] times, double switchPoint = double.NaN)
    {
        foreach (double t in times)
        {
            Close(schedule.Sigma(t), sigma(t), ValueTolerance * Math.Abs(sigma(t)), "Sigma", t);
            Close(schedule.Scale(t), scale(t), ValueTolerance * Math.Abs(scale(t)), "Scale", t);
            Close(schedule.TimeAtSigma(schedule.Sigma(t)), t, InverseTolerance * t, "TimeAtSigma(Sigma(t))", t);
            if (t <= times[0] || t >= times[^1] || Math.Abs(t - switchPoint) < 1e-6)
            {
                continue;
            }

            // The stencil stays inside the range and on one piece.
            double h = 0.4 * Math.Min(Math.Min(t - times[0], times[^1] - t), double.IsNaN(switchPoint) ? double.MaxValue : Math.Abs(t - switchPoint));
            (double dSigma, double dSigmaError) = NumericalReference.Derivative(sigma, t, h);
            Close(schedule.SigmaDerivative(t), dSigma, (DerivativeTolerance * (Math.Abs(dSigma) + Math.Abs(sigma(t)))) + (4 * dSigmaError), "SigmaDerivative", t);
            (double dScale, double dScaleError) = NumericalReference.Derivative(scale, t, h);
            Close(schedule.ScaleDerivative(t), dScale, (DerivativeTolerance * (Math.Abs(dScale) + Math.Abs(scale(t)))) + (4 * dScaleError), "ScaleDerivative", t);
        }
    }

    /// <summary>Uniform and geometric points over [a, b], ends included.</summary>
    private static double[] Grid(double a, double b)
        => Enumerable.Range(0, 33).Select(k => a + ((b - a) * k / 32))
            .Concat(Enumerable.Range(1, 31).Select(k => a * Math.Pow(b / a, k / 32.0)))
            .Order()
            .ToArray();

    private static ArgumentException? Validate(INoiseSchedule schedule)
    {
        try
        {
            schedule.GetType().GetMethod("Validate")!.Invoke(schedule, null);
            return null;
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException argument)
        {
            return argument;
        }
    }

    private static void Close(double actual, double expected, double tolerance, string member, double t)
        => Assert.True(Math.Abs(actual - expected) <= tolerance, $"{member}({t:R}) = {actual:R}, expected {expected:R}, error {Math.Abs(actual - expected):E3} > {tolerance:E3}");
}
