using System;
using System.Linq;
using SdeDsl.Generators.Symbolic;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Symbolic;

/// <summary>The integrator's rules for 1/(a + b t^2) and sin^2, cos^2 (docs/math.md §10.13).</summary>
public sealed class IntegratorRuleTests
{
    private static readonly Var T = Var.T;

    private static Expr Sq(Expr e) => Power.Of(e, new Num(2));

    public static TheoryData<string> Cases => new() { "1/(1+t^2)", "1/(4+9t^2)", "3/(2-5t^2)", "-1/(-2-t^2)", "sin^2(3t+1)", "cos^2(2t)", "2 sin^2(t)" };

    private static (Expr Integrand, Func<double, double> ClosedForm) Case(string name) => name switch
    {
        // closed forms of integral_0^t, written independently of the engine's output
        "1/(1+t^2)" => (Power.Of(Expr.One + Sq(T), Expr.MinusOne), t => Math.Atan(t)),
        "1/(4+9t^2)" => (Power.Of(new Num(4) + (new Num(9) * Sq(T)), Expr.MinusOne), t => Math.Atan(1.5 * t) / 6),
        "3/(2-5t^2)" => (new Num(3) * Power.Of(new Num(2) - (new Num(5) * Sq(T)), Expr.MinusOne), t => 3 * Math.Atanh(Math.Sqrt(2.5) * t) / (2 * Math.Sqrt(2.5))),
        "-1/(-2-t^2)" => (-Power.Of(new Num(-2) - Sq(T), Expr.MinusOne), t => Math.Atan(t / Math.Sqrt(2)) / Math.Sqrt(2)),
        "sin^2(3t+1)" => (Sq(Call.Of(Function.Sin, (new Num(3) * T) + Expr.One)), t => (t / 2) - ((Math.Sin((6 * t) + 2) - Math.Sin(2)) / 12)),
        "cos^2(2t)" => (Sq(Call.Of(Function.Cos, new Num(2) * T)), t => (t / 2) + (Math.Sin(4 * t) / 8)),
        "2 sin^2(t)" => (new Num(2) * Sq(Call.Of(Function.Sin, T)), t => t - (Math.Sin(2 * t) / 2)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_closed_form_differentiates_back_to_the_integrand_and_matches_the_stated_integral(string name)
    {
        (Expr integrand, Func<double, double> closedForm) = Case(name);
        Expr? integral = Integrator.Definite(integrand, T);
        integral.ShouldNotBeNull();
        integral.ShouldNotBeOfType<Integral>();
        Expr derivative = Differentiator.Derivative(integral, T);
        foreach (double t in Enumerable.Range(1, 40).Select(i => i * 0.5 / 40)) // (0, 0.5]: inside 3/(2 - 5t^2)'s poles at 0.63
        {
            double expected = Evaluator.Evaluate(integrand, T, t)!.Value;
            // d/dt of the closed form and the integrand are the same few operations apart: 1e-13 relative is
            // ~500 ulp, far below any wrong rule (a wrong constant or argument is off in the leading digits).
            // The power-reduced forms are differences of O(1) terms (1/2 - cos(2u)/2, t/2 - sin(2u)/(4k)), so
            // near u = 0 their error is absolute, a few ulp of 1: 4e-16 absolute is allowed on top.
            double slack = name.Contains("sin^2", StringComparison.Ordinal) || name.Contains("cos^2", StringComparison.Ordinal) ? 4e-16 : 0;
            Evaluator.Evaluate(derivative, T, t)!.Value.ShouldBe(expected, (1e-13 * Math.Abs(expected)) + slack, $"d/dt at {t}");
            double value = Evaluator.Evaluate(integral, T, t)!.Value;
            value.ShouldBe(closedForm(t), (1e-13 * Math.Abs(closedForm(t))) + slack, $"integral at {t}");
        }
    }

    [Fact]
    internal void A_divergent_integral_at_zero_is_detectable()
    {
        Integrator.DivergesAtZero(-Power.Of(T, Expr.MinusOne), T).ShouldBe(true);              // f = -1/t: log 0
        Integrator.DivergesAtZero(Power.Of(Expr.One + Sq(T), Expr.MinusOne), T).ShouldBe(false); // atan(0) = 0
        Integrator.DivergesAtZero(Call.Of(Function.Cbrt, Call.Of(Function.Sin, T)), T).ShouldBeNull(); // no closed form
        Integrator.Definite(-Power.Of(T, Expr.MinusOne), T).ShouldBeNull();
    }

    [Fact]
    public void A_diffusion_with_g_squared_one_over_one_plus_t_squared_integrates_in_closed_form()
    {
        // g^2 = 1/(1 + t^2), f = 0: sigma^2 = atan(t). It used to need quadrature.
        const string source = """
            using System;
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = 1e-3, TMax = 1)]
            public partial struct AtanVe
            {
                [Drift]     static double F(double t) => 0;
                [Diffusion] static double G(double t) => 1 / Math.Sqrt(1 + t * t);
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        run.Exception.ShouldBeNull();
        run.CompilationProblems.ShouldBeEmpty();
        string generated = run.Sources.Values.Single();
        generated.ShouldNotContain("Quadrature.Integrate");
        generated.ShouldContain("double.Atan(");
        INoiseSchedule schedule = run.Schedule("Tests.AtanVe");
        foreach (double t in new[] { 1e-3, 0.1, 0.5, 1 })
        {
            schedule.Sigma(t).ShouldBe(Math.Sqrt(Math.Atan(t)), 4e-16 * Math.Sqrt(Math.Atan(t))); // a sqrt of an atan: an ulp or two
        }
    }
}
