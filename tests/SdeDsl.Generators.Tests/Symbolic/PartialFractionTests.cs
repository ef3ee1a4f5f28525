using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using SdeDsl.Generators.Derivation;
using SdeDsl.Generators.Symbolic;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Symbolic;

/// <summary>
/// The integrator's partial-fraction rule for P(t)/Q(t) with numeric coefficients (docs/math.md §10.13): each case's
/// closed form, stabilised as emitted, against the generator's own Gauss-Kronrod quadrature of the integrand.
/// </summary>
public sealed class PartialFractionTests
{
    private static readonly Var T = Var.T;

    private static Expr N(double v) => new Num(v);

    private static Expr Pow(Expr b, double k) => Power.Of(b, N(k));

    private static Expr Over(Expr p, Expr q) => p / q;

    /// <summary>The range each case is integrated over ([TMin, TMax] of a schedule) and its integrand.</summary>
    private static (double TMin, double TMax, Expr Integrand) Case(string name) => name switch
    {
        "linear distinct 1/((t+1)(t+2))" => (1e-5, 2, Over(Expr.One, (T + Expr.One) * (T + N(2)))),
        "linear beyond the range 1/((3-t)(t+1))" => (1e-5, 2, Over(Expr.One, (N(3) - T) * (T + Expr.One))),
        "repeated linear 1/(t+1)^3" => (1e-5, 2, Pow(T + Expr.One, -3)),
        "repeated and distinct (t+3)/((t+1)^2 (t+4))" => (1e-5, 2, Over(T + N(3), Pow(T + Expr.One, 2) * (T + N(4)))),
        "quadratic 1/(t^2+t+1)" => (1e-5, 2, Over(Expr.One, Pow(T, 2) + T + Expr.One)),
        "quadratic with b < 0 (2t+3)/(t^2-2t+5)" => (1e-5, 2, Over(N(2) * T + N(3), Pow(T, 2) - (N(2) * T) + N(5))),
        "quadratic past 2c + b t = 0 (2t+3)/(t^2-2t+5) on [0, 8]" => (1e-5, 8, Over(N(2) * T + N(3), Pow(T, 2) - (N(2) * T) + N(5))),
        "mixed (t+2)/((t+1)(t^2+1))" => (1e-5, 2, Over(T + N(2), (T + Expr.One) * (Pow(T, 2) + Expr.One))),
        "improper with long division (t^2+3)/(t+1)" => (1e-5, 2, Over(Pow(T, 2) + N(3), T + Expr.One)),
        "cubic by rational roots 1/(t^3+6t^2+11t+6)" => (1e-5, 2, Pow(Pow(T, 3) + (N(6) * Pow(T, 2)) + (N(11) * T) + N(6), -1)),
        "quartic by rational roots (t+5)/(2t^4+5t^3+4t^2+5t+2)" => (1e-5, 2, Over(T + N(5), (N(2) * Pow(T, 4)) + (N(5) * Pow(T, 3)) + (N(4) * Pow(T, 2)) + (N(5) * T) + N(2))),
        "fractional roots 1/(4t^2+8t+3)" => (1e-5, 2, Pow((N(4) * Pow(T, 2)) + (N(8) * T) + N(3), -1)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static TheoryData<string> Cases => new()
    {
        "linear distinct 1/((t+1)(t+2))", "linear beyond the range 1/((3-t)(t+1))", "repeated linear 1/(t+1)^3",
        "repeated and distinct (t+3)/((t+1)^2 (t+4))", "quadratic 1/(t^2+t+1)", "quadratic with b < 0 (2t+3)/(t^2-2t+5)",
        "quadratic past 2c + b t = 0 (2t+3)/(t^2-2t+5) on [0, 8]", "mixed (t+2)/((t+1)(t^2+1))", "improper with long division (t^2+3)/(t+1)",
        "cubic by rational roots 1/(t^3+6t^2+11t+6)", "quartic by rational roots (t+5)/(2t^4+5t^3+4t^2+5t+2)", "fractional roots 1/(4t^2+8t+3)",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_closed_form_matches_quadrature_and_differentiates_back(string name)
    {
        (double tMin, double tMax, Expr integrand) = Case(name);
        using IDisposable range = Facts.AssumeOrSample(tMin, tMax);
        Expr? integral = Integrator.Definite(integrand, T);
        integral.ShouldNotBeNull();
        ScheduleDeriver.NeedsQuadrature(integral).ShouldBeFalse();
        Expr emitted = Stabilizer.Stabilize(integral, tMin, tMax);
        Expr derivative = Differentiator.Derivative(integral, T);
        var reference = new Integral(integrand);
        foreach (double t in Times(tMin, tMax))
        {
            // The reference is QUADPACK's G7-K15 asked for 1e-14 of integral_0^t |h| (docs/math.md §10.4; these integrands
            // keep one sign on the range, so that is 1e-14 of the value); the closed form's terms cancel by at most
            // PartialFractions.MaxCancellation = 16, each good to a few ulp: 64 ulp = 1.4e-14. 1e-13 bounds both
            // with a margin, and a wrong coefficient or root is off in the leading digits.
            double expected = Evaluator.Evaluate(reference, T, t)!.Value;
            Evaluator.Evaluate(emitted, T, t)!.Value.ShouldBe(expected, 1e-13 * Math.Abs(expected), $"integral at {t}");
            double h = Evaluator.Evaluate(integrand, T, t)!.Value;
            // d/dt of the closed form is a few operations per term: 1e-13 relative is ~500 ulp.
            Evaluator.Evaluate(derivative, T, t)!.Value.ShouldBe(h, 1e-13 * Math.Abs(h), $"d/dt at {t}");
        }
    }

    private static IEnumerable<double> Times(double tMin, double tMax)
        => Enumerable.Range(0, 25).Select(k => tMin + ((tMax - tMin) * k / 24.0))
            .Concat(Enumerable.Range(1, 23).Select(k => tMin * Math.Pow(tMax / tMin, k / 24.0)));

    [Fact]
    public void Near_zero_the_forms_keep_every_digit()
    {
        // integral_0^t 1/(u + 1) = log1p(t) and integral_0^t (u + 1)^-2 = t/(t + 1): at t = 1e-10 the naive forms
        // log(1 + t) - log 1 and 1 - 1/(1 + t) keep 6 digits; these are exact to an ulp or two.
        using IDisposable range = Facts.AssumeOrSample(1e-12, 1);
        Expr log = Stabilizer.Stabilize(Integrator.Definite(Pow(T + Expr.One, -1), T)!, 1e-12, 1);
        Expr power = Stabilizer.Stabilize(Integrator.Definite(Pow(T + Expr.One, -2), T)!, 1e-12, 1);
        foreach (double t in new[] { 1e-12, 1e-10, 1e-6, 0.5 })
        {
            double log1p = t - (t * t / 2) + (t * t * t / 3) - (t * t * t * t / 4); // series, exact to 1e-24 relative for t <= 1e-6
            if (t <= 1e-6)
            {
                Evaluator.Evaluate(log, T, t)!.Value.ShouldBe(log1p, 4.5e-16 * log1p, $"log1p at {t}");
            }

            Evaluator.Evaluate(power, T, t)!.Value.ShouldBe(t / (t + 1), 4.5e-16 * (t / (t + 1)), $"t/(t+1) at {t}");
        }
    }

    [Fact]
    public void The_emitted_logarithms_are_log1p_and_the_arctangent_is_one_call()
    {
        using IDisposable range = Facts.AssumeOrSample(1e-5, 2);
        Expr emitted = Stabilizer.Stabilize(Integrator.Definite(Over(T + N(2), (T + Expr.One) * (Pow(T, 2) + Expr.One)), T)!, 1e-5, 2);
        // (t+2)/((t+1)(t^2+1)) = 1/2 /(t+1) + (3/2 - t/2)/(t^2+1): log1p(t)/2 - log1p(t^2)/4 + 3 atan(t)/2
        Calls(emitted, Function.LogP1).ShouldBe(2);
        Calls(emitted, Function.Log).ShouldBe(0);
        Calls(emitted, Function.Atan).ShouldBe(1);
    }

    private static bool Contains(Expr e, Expr part) => e == part || e.Children.Any(child => Contains(child, part));

    private static int Calls(Expr e, Function f) => (e is Call c && c.Function == f ? 1 : 0) + e.Children.Sum(child => Calls(child, f));

    [Theory]
    [InlineData("irreducible quartic 1/(t^4+5t^2+4)")] // (t^2+1)(t^2+4): no rational root to start from
    [InlineData("repeated quadratic 1/(t^2+1)^2")]
    [InlineData("pole in the range 1/(t-1/2)")]
    [InlineData("symbolic coefficient 1/(t+k), k static readonly")]
    public void Cases_not_handled_have_no_closed_form(string name)
    {
        using IDisposable range = Facts.AssumeOrSample(1e-3, 1);
        Expr integrand = name switch
        {
            "irreducible quartic 1/(t^4+5t^2+4)" => Pow(Pow(T, 4) + (N(5) * Pow(T, 2)) + N(4), -1),
            "repeated quadratic 1/(t^2+1)^2" => Pow(Pow(T, 2) + Expr.One, -2),
            "pole in the range 1/(t-1/2)" => Pow(T - N(0.5), -1),
            _ => Pow(T + new Named("K", "K", null, true), -1),
        };
        Expr? integral = Integrator.Definite(integrand, T);
        if (name.StartsWith("symbolic", StringComparison.Ordinal))
        {
            // 1/(t + k) is still u'/u (docs/math.md §10.4): log(t + k) - log(k), not partial fractions
            integral.ShouldNotBeNull();
            Calls(integral, Function.Log).ShouldBe(2);
        }
        else
        {
            integral.ShouldBeNull();
        }
    }

    [Fact]
    public void Terms_that_cancel_are_refused_for_a_value_and_accepted_for_an_exponent()
    {
        // t^2/(t^2 + 1) = 1 - 1/(t^2 + 1): t - atan(t) = t^3/3 - ... loses 16 digits of its own value at t = 1e-5
        // (refused for sigma^2), but as log s only its absolute error counts (exp(log s) is then good to an ulp).
        using IDisposable range = Facts.AssumeOrSample(1e-5, 2);
        Expr integrand = Over(Pow(T, 2), Pow(T, 2) + Expr.One);
        Integrator.Definite(integrand, T).ShouldBeNull();
        Integrator.Definite(integrand, T, IntegralAccuracy.Relative).ShouldBeNull();
        Expr? exponent = Integrator.Definite(-integrand, T, IntegralAccuracy.Absolute);
        exponent.ShouldNotBeNull();
        exponent.ShouldBe(Call.Of(Function.Atan, T) - T);
    }

    [Fact]
    public void A_root_at_zero_diverges()
    {
        using IDisposable range = Facts.AssumeOrSample(1e-3, 1);
        Expr integrand = Over(Expr.One, T * (T + Expr.One)); // 1/t - 1/(t + 1): log t - log1p(t), -inf at 0
        Integrator.DivergesAtZero(integrand, T).ShouldBe(true);
        Integrator.Definite(integrand, T).ShouldBeNull();
        Integrator.DivergesAtZero(Pow(T, -2) * Pow(T + Expr.One, -1), T).ShouldBe(true); // repeated: -1/t at 0
    }

    [Fact]
    public void A_constant_factor_stays_symbolic()
    {
        // wobble/((t + 1)(t + 2)) with wobble a hyper-parameter: wobble (log1p(t) - log1p(t/2))
        using IDisposable range = Facts.AssumeOrSample(1e-3, 1);
        var wobble = new Named("wobble", "wobble", 1, true, IsHyperParameter: true);
        Expr? integral = Integrator.Definite(wobble * Pow((T + Expr.One) * (T + N(2)), -1), T);
        integral.ShouldNotBeNull();
        Differentiator.DependsOn(Rewriter.Substitute(integral, T, N(0.5)), T).ShouldBeFalse();
        Contains(integral, wobble).ShouldBeTrue();
    }

    private const string Declaration = """
        using System;
        using SdeDsl;

        namespace Tests;

        [NoiseSchedule(TMin = 1e-6, TMax = 2)]
        public partial struct Rational
        {
            [Drift]     static double F(double t) => DRIFT;
            [Diffusion] static double G(double t) => DIFFUSION;
        }
        """;

    [Fact]
    public void A_rational_diffusion_generates_without_quadrature()
    {
        // g^2 = (t + 2)/((t + 1)(t^2 + 1)), f = 0: sigma^2 = log1p(t)/2 - log1p(t^2)/4 + 3 atan(t)/2.
        GeneratorRun run = GeneratorHarness.Run(Declaration
            .Replace("DRIFT", "0", StringComparison.Ordinal)
            .Replace("DIFFUSION", "Math.Sqrt((t + 2) / ((t + 1) * (t * t + 1)))", StringComparison.Ordinal));
        run.Exception.ShouldBeNull();
        run.CompilationProblems.ShouldBeEmpty();
        run.GeneratorDiagnostics.Where(d => d.Severity > DiagnosticSeverity.Info).ShouldBeEmpty();
        string generated = run.Sources.Values.Single();
        generated.ShouldNotContain("Quadrature.Integrate");
        generated.ShouldContain("LogP1(");
        INoiseSchedule schedule = run.Schedule("Tests.Rational");
        foreach (double t in Times(1e-6, 2))
        {
            double sigma = Math.Sqrt((Log1P(t) / 2) - (Log1P(t * t) / 4) + (1.5 * Math.Atan(t)));
            // three terms that do not cancel (their magnitudes sum to at most 1.2 times the value), each a few ulp
            // on both sides, then a sqrt that halves the relative error: 16 ulp is generous and far below any wrong term.
            schedule.Sigma(t).ShouldBe(sigma, 16 * 2.2e-16 * sigma, $"sigma({t})");
        }
    }

    /// <summary>log(1 + x) to an ulp or two by Goldberg's correction (the reference, independent of the engine).</summary>
    private static double Log1P(double x) => 1 + x == 1 ? x : Math.Log(1 + x) * x / ((1 + x) - 1);

    [Fact]
    public void A_rational_drift_integrates_in_closed_form()
    {
        // f = -1/((t + 1)(t + 2)): log s = log1p(t/2) - log1p(t), s = (1 + t/2)/(1 + t) (sigma^2 stays a quadrature).
        GeneratorRun run = GeneratorHarness.Run(Declaration
            .Replace("DRIFT", "-1 / ((t + 1) * (t + 2))", StringComparison.Ordinal)
            .Replace("DIFFUSION", "1", StringComparison.Ordinal));
        run.Exception.ShouldBeNull();
        run.CompilationProblems.ShouldBeEmpty();
        string generated = run.Sources.Values.Single();
        generated.ShouldNotContain("log s(t) = integral_0^t f(u) du has no closed form");
        INoiseSchedule schedule = run.Schedule("Tests.Rational");
        foreach (double t in Times(1e-6, 2))
        {
            double scale = (1 + (t / 2)) / (1 + t);
            // exp of two log1p terms, each a few ulp absolute (|log s| < 0.3): 8 ulp of s.
            schedule.Scale(t).ShouldBe(scale, 8 * 2.2e-16 * scale, $"s({t})");
        }
    }

    [Fact]
    public void A_rational_integrand_that_is_not_handled_still_falls_back_to_quadrature()
    {
        // g^2 = 1/(t^4 + 5 t^2 + 4): no rational root, so sigma^2 is a quadrature with the existing remark.
        GeneratorRun run = GeneratorHarness.Run(Declaration
            .Replace("DRIFT", "0", StringComparison.Ordinal)
            .Replace("DIFFUSION", "1 / Math.Sqrt(t * t * t * t + 5 * t * t + 4)", StringComparison.Ordinal));
        run.Exception.ShouldBeNull();
        run.CompilationProblems.ShouldBeEmpty();
        string generated = run.Sources.Values.Single();
        generated.ShouldContain("global::SdeDsl.Generated.Quadrature.Integrate(");
        generated.ShouldContain("sigma(t)^2 = integral_0^t g(u)^2 / s(u)^2 du has no closed form the generator can find");
        INoiseSchedule schedule = run.Schedule("Tests.Rational");
        // (t^2+1)(t^2+4): integral = atan(t)/3 - atan(t/2)/6; quadrature's 1e-14 and a sqrt: 1e-13 with margin.
        foreach (double t in new[] { 1e-6, 0.5, 2 })
        {
            double sigma = Math.Sqrt((Math.Atan(t) / 3) - (Math.Atan(t / 2) / 6));
            schedule.Sigma(t).ShouldBe(sigma, 1e-13 * sigma);
        }
    }

    [Fact]
    public void A_drift_with_a_root_at_zero_is_still_SDE207()
    {
        Markup markup = Markup.Parse(Declaration
            .Replace("[Drift]     static double F", "[Drift]     static double [|F|]", StringComparison.Ordinal)
            .Replace("DRIFT", "-1 / (t * (t + 1))", StringComparison.Ordinal)
            .Replace("DIFFUSION", "1", StringComparison.Ordinal));
        GeneratorRun run = GeneratorHarness.Run(markup.Source);
        run.Exception.ShouldBeNull();
        run.Sources.ShouldBeEmpty();
        Diagnostic error = run.GeneratorDiagnostics.Single(d => d.Id == "SDE207");
        error.Severity.ShouldBe(DiagnosticSeverity.Error);
        error.Location.SourceSpan.ShouldBe(markup.Span);
        error.GetMessage().ShouldContain("f grows like t^-1 there");
    }

    [Fact]
    public void QuadratureDrift_in_closed_form_agrees_with_its_all_quadrature_twin()
    {
        // f = -t^2/(t^2 + 1) = -1 + 1/(t^2 + 1): log s = atan(t) - t in closed form (absolute accuracy: it is only used as
        // exp(log s)). The twin multiplies f by sin^2 + cos^2 (1 to an ulp, no rule), so it takes the old quadrature path.
        string source = Snapshots.GeneratedSourceSnapshotTests.Sources["QuadratureDrift"];
        string twin = source.Replace("QuadratureDrift", "QuadratureTwin", StringComparison.Ordinal)
            .Replace("-t * t / (1 + t * t)", "-t * t / (1 + t * t) * (Math.Sin(t) * Math.Sin(t) + Math.Cos(t) * Math.Cos(t))", StringComparison.Ordinal);
        twin.ShouldNotBe(source);
        GeneratorRun closedRun = GeneratorHarness.Run(source), twinRun = GeneratorHarness.Run(twin);
        closedRun.Sources.Values.Single().ShouldNotContain("log s(t) = integral_0^t f(u) du has no closed form");
        twinRun.Sources.Values.Single().ShouldContain("log s(t) = integral_0^t f(u) du has no closed form");
        INoiseSchedule closed = closedRun.Schedule("Tests.QuadratureDrift"), quadrature = twinRun.Schedule("Tests.QuadratureTwin");
        foreach (double t in Times(1e-5, 2))
        {
            // The twin's log s is good to 1e-14 of |log s| <= 1 (absolute), sigma^2 nests a second quadrature and the
            // sqrt halves its error: 1e-12 leaves a margin of ten (as for VpByQuadrature in DriftDiffusionDeclarationTests).
            foreach ((string member, Func<INoiseSchedule, double, double> f) in Members)
            {
                double expected = f(quadrature, t), actual = f(closed, t);
                // a(t) = sigma'/sigma + s'/s: its error bound scales with the two terms, not their sum.
                double scale = member == "a" ? Math.Abs(quadrature.SigmaDerivative(t) / quadrature.Sigma(t)) + Math.Abs(quadrature.Drift(t)) : Math.Abs(expected);
                actual.ShouldBe(expected, 1e-12 * scale, $"{member}({t})");
            }

            // s' = f s: the derivative of atan(t) - t, 1/(t^2 + 1) - 1, is brought together as -t^2/(t^2 + 1) (no
            // cancellation at small t), so s' is a few operations from f s: 8 ulp.
            double fs = -t * t / (1 + (t * t)) * closed.Scale(t);
            closed.ScaleDerivative(t).ShouldBe(fs, 8 * 2.2e-16 * Math.Abs(fs), $"s'({t})");
        }
    }

    private static readonly (string Member, Func<INoiseSchedule, double, double> Function)[] Members =
    {
        ("sigma", (s, t) => s.Sigma(t)),
        ("sigma'", (s, t) => s.SigmaDerivative(t)),
        ("s", (s, t) => s.Scale(t)),
        ("s'", (s, t) => s.ScaleDerivative(t)),
        ("a", (s, t) => s.OdeStateCoefficient(t)),
        ("b", (s, t) => s.OdeDenoiserCoefficient(t)),
    };
}
