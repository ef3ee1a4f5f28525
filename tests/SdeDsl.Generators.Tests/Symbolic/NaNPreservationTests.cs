using System;
using System.Linq;
using SdeDsl.Generators.Symbolic;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Symbolic;

/// <summary>Simplification never removes a NaN or infinity the declared C# produces (docs/math.md §10.11).</summary>
public sealed class NaNPreservationTests
{
    private const double Big = double.PositiveInfinity;

    public static TheoryData<string, string, double, double> Declarations => new()
    {
        // name, declared sigma (also evaluated below as C#), TMin, TMax
        { "InfinityTimesZero", "t + t * Big * 0", 1e-6, 1 },
        { "NothingTimesNaN", "t + (t - t) * Math.Log(t - 2)", 1e-6, 1 },
        { "ZeroTimesNaN", "t + t * 0 * Math.Log(t - 2)", 1e-6, 1 },
        { "NaNOverNaN", "t + Math.Log(t - 2) / Math.Log(t - 2)", 1e-6, 1 },
        { "NaNMinusNaN", "t + Math.Log(t - 2) - Math.Log(t - 2)", 1e-6, 1 },
        { "ExpOfLogOfNegative", "t + Math.Exp(Math.Log(t - 2))", 1e-6, 1 },
        { "SquaredRootOfNegative", "t + Math.Pow(Math.Sqrt(t - 2), 2)", 1e-6, 1 },
        { "LogOfOverflowedExp", "Math.Log(Math.Exp(t))", 1, 800 },
    };

    /// <summary>The declared expressions as the C# compiler and runtime evaluate them.</summary>
    private static double Declared(string name, double t) => name switch
    {
        "InfinityTimesZero" => t + (t * Big * 0),
        "NothingTimesNaN" => t + ((t - t) * Math.Log(t - 2)),
        "ZeroTimesNaN" => t + (t * 0 * Math.Log(t - 2)),
        "NaNOverNaN" => t + (Math.Log(t - 2) / Math.Log(t - 2)),
        "NaNMinusNaN" => t + Math.Log(t - 2) - Math.Log(t - 2),
        "ExpOfLogOfNegative" => t + Math.Exp(Math.Log(t - 2)),
        "SquaredRootOfNegative" => t + Math.Pow(Math.Sqrt(t - 2), 2),
        "LogOfOverflowedExp" => Math.Log(Math.Exp(t)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Declarations))]
    public void The_generated_sigma_keeps_the_declared_NaN_or_infinity(string name, string sigma, double tMin, double tMax)
    {
        GeneratorRun run = GeneratorHarness.Run(TestSources.BySigma(name, sigma, tMin: tMin, tMax: tMax, members: "const double Big = double.PositiveInfinity;"));
        run.Exception.ShouldBeNull();
        run.CompilationProblems.ShouldBeEmpty();
        INoiseSchedule schedule = run.Schedule("Tests." + name);
        bool sawNonFinite = false;
        foreach (double t in Enumerable.Range(0, 21).Select(i => tMin + ((tMax - tMin) * i / 20)))
        {
            double expected = Declared(name, t), actual = schedule.Sigma(t);
            sawNonFinite |= !double.IsFinite(expected);
            if (double.IsNaN(expected))
            {
                double.IsNaN(actual).ShouldBeTrue($"sigma({t}) = {actual}, the declared C# gives NaN");
            }
            else if (double.IsInfinity(expected))
            {
                actual.ShouldBe(expected, $"sigma({t})");
            }
            else
            {
                actual.ShouldBe(expected, 1e-15 * Math.Abs(expected), $"sigma({t})"); // t, or log(exp(t)) = t to an ulp
            }
        }

        sawNonFinite.ShouldBeTrue(); // each case does produce a NaN or infinity somewhere on its range
    }

    [Theory]
    [InlineData("Math.Log(Math.Exp(t))", "Math.Log")]   // exp(t) is finite on [0, 1]: log(exp t) = t
    [InlineData("t + (t - t)", "t - t")]                   // t is finite: t - t = 0
    [InlineData("t * Math.Sqrt(t) * Math.Sqrt(t)", "Sqrt")] // t >= 0: sqrt(t)^2 = t
    public void Where_the_range_proves_the_dropped_part_finite_the_simplification_still_applies(string sigma, string gone)
    {
        GeneratorRun run = GeneratorHarness.Run(TestSources.BySigma("Simplified", sigma, tMin: 1e-3, tMax: 1));
        run.Exception.ShouldBeNull();
        run.CompilationProblems.ShouldBeEmpty();
        string source = run.Sources.Values.Single();
        string sigmaMember = source.Split('\n').First(line => line.Contains("public readonly double Sigma(double t)", StringComparison.Ordinal));
        sigmaMember.ShouldNotContain(gone);
    }

    [Fact]
    internal void Interval_facts_follow_the_assumed_range()
    {
        using IDisposable range = Facts.Assume(0, 1);
        Facts.IsFinite(Var.T).ShouldBeTrue();
        Facts.IsFinite(Call.Of(Function.Log, Var.T)).ShouldBeFalse();                  // log 0 = -inf
        Facts.IsFinite(Call.Of(Function.Log, Var.T + new Num(1))).ShouldBeTrue();
        Facts.IsFinitePositive(Call.Of(Function.Cos, Var.T)).ShouldBeTrue();          // cos on [0, 1] is in [0.54, 1]
        Facts.IsNonNegativeOrNaN(Expr.One - Call.Of(Function.Exp, -Var.T)).ShouldBeTrue(); // exp(0) = 1 exactly
        Facts.IsFinite(Power.Of(Var.T, Expr.MinusOne)).ShouldBeFalse();               // 1 / 0
        Facts.Bounds(Call.Of(Function.Sin, Var.T * new Num(4))).Lo.ShouldBeLessThan(-0.75); // sin dips below 0 on [0, 4]
    }

    [Fact]
    internal void Outside_a_range_scope_the_derivation_identities_apply()
    {
        // The derivation (sigma', a(t), g^2, step coefficients) builds the mathematics of the declared functions.
        (Var.T - Var.T).ShouldBe(Expr.Zero);
        Call.Of(Function.Log, Call.Of(Function.Exp, Var.T)).ShouldBe(Var.T);
    }
}
