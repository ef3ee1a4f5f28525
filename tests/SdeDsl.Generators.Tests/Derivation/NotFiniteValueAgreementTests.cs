using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Generators.Tests.Derivation;

/// <summary>
/// SDE204 quotes, for the function it names, the value the GENERATED member returns at the t it names (docs/math.md
/// §10.7, §18.8): hostile declarations with poles at TMin, TMax and inside, approached from either side, the sign of a
/// zero, sqrt of a negative, log(0), and derived members whose non-finite value has another sign than the declared
/// one's. Each declaration is generated, compiled and run in-process; every SDE204 it gets is checked.
/// </summary>
public sealed partial class NotFiniteValueAgreementTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"'\w+': (\S+)\(t\) is not finite at t = (\S+) \(it is (\S+)\)$")]
    private static partial Regex NotFiniteMessage();

    public static TheoryData<string, string, double, double> Declarations => new()
    {
        // name, the declared members, TMin, TMax
        // sigma with a pole at TMax, from the left: +inf, and sigma' = 1/(0.5 - t)^2 = +inf.
        { "PoleAtTMax", "[Sigma] static double SigmaOf(double t) => 1 / (0.5 - t);", 0.01, 0.5 },
        // The same function written -1/(t - 0.5): C# gives -1 / +0 = -inf at 0.5 (the canonical form may be either).
        { "PoleAtTMaxNegated", "[Sigma] static double SigmaOf(double t) => -1 / (t - 0.5);", 0.01, 0.5 },
        // 1 / -(t - 0.5): the negation of +0 is -0, so the declared C# gives 1 / -0 = -inf; the canonical form is
        // 1/(0.5 - t), whose denominator is +0, so the generated sigma is +inf, and so is SDE204 (docs/math.md §18.8).
        { "NegatedZero", "[Sigma] static double SigmaOf(double t) => 1 / -(t - 0.5);", 0.01, 0.5 },
        // A pole at TMin approached from the right: t/(t - 0.01) at 0.01 is 0.01 / +0 = +inf, sigma' = -0.01/(t - 0.01)^2 = -inf.
        { "PoleAtTMin", "[Sigma] static double SigmaOf(double t) => 2 * t - 0.01 / (t - 0.01);", 0.01, 0.5 },
        // A pole inside, on a grid point (TMin = 0, TMax = 511: the uniform grid is the integers): t + 1/(100 - t).
        { "PoleInside", "[Sigma] static double SigmaOf(double t) => 1000 * t + 1 / (100 - t);", 0, 511 },
        { "PoleInsideFromTheRight", "[Sigma] static double SigmaOf(double t) => 1000 * t - 1 / (t - 100);", 0, 511 },
        // log(0) at TMax: -log(0.5 - t) = +inf, its derivative 1/(0.5 - t) = +inf.
        { "LogOfZero", "[Sigma] static double SigmaOf(double t) => -Math.Log(0.5 - t);", 0.01, 0.5 },
        // sqrt of a negative below 0.25: NaN from TMin on.
        { "SqrtOfNegative", "[Sigma] static double SigmaOf(double t) => Math.Sqrt(t - 0.25);", 0.01, 0.5 },
        // sigma = -(0.5 - t)^0.75 is increasing and -0 at 0.5; sigma' = 0.75 (0.5 - t)^-0.25 = +inf there, and
        // g^2 = 2 sigma' sigma = +inf * -0 = NaN in C#, -0 if x^a x^b were combined across the zero.
        // (-Math.Sqrt(0.5 - t), the same case with exponents 1/2, -1/2, is Sqrt_pole_generates_compiling_code.)
        { "DerivativePoleAtTMax", "[Sigma] static double SigmaOf(double t) => -Math.Pow(0.5 - t, 0.75);", 0.01, 0.5 },
        { "DerivativePoleOfPositive", "[Sigma] static double SigmaOf(double t) => 2 - Math.Pow(0.5 - t, 0.75);", 0.01, 0.5 },
        // The scale with a pole at TMax: s = 1/(0.5 - t), s' = +inf, f = s'/s = 1/(0.5 - t) = +inf.
        { "ScalePole", "[Sigma] static double SigmaOf(double t) => t; [Scale] static double ScaleOf(double t) => 1 / (0.5 - t);", 0.01, 0.5 },
        // s = -1/(t - 0.5) is the same function but -inf at 0.5 in C#; f = s'/s is then -(t - 0.5)^-1 or 1/(0.5 - t).
        { "ScalePoleNegated", "[Sigma] static double SigmaOf(double t) => t; [Scale] static double ScaleOf(double t) => -1 / (t - 0.5);", 0.01, 0.5 },
        // s = cos(pi t / 2) reaches 0 at t = 1 only at the limit: f = -pi/2 tan(pi t/2) is finite but huge; s = 0 at 1
        // exactly in neither; sigma = tan(pi t/2) likewise. A log-type pole from the negative side: log(t - 0.01) at TMin.
        { "LogPoleAtTMin", "[Sigma] static double SigmaOf(double t) => 10 + Math.Log(t - 0.01);", 0.01, 0.5 },
        // g^2 declared through the SDE with a pole at TMax: g = 1/sqrt(0.5 - t), f = 0.
        { "DiffusionPole", "[Drift] static double F(double t) => 0; [Diffusion] static double G(double t) => 1 / Math.Sqrt(0.5 - t);", 0.01, 0.5 },
        // f with a pole at TMax (the integral of f diverges only logarithmically there).
        { "DriftPole", "[Drift] static double F(double t) => -1 / (0.5 - t); [Diffusion] static double G(double t) => 1;", 0.01, 0.5 },
    };

    [Theory]
    [MemberData(nameof(Declarations))]
    public void SDE204_quotes_what_the_generated_member_returns_at_the_t_it_names(string name, string members, double tMin, double tMax)
    {
        string source = $$"""
            using System;
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = {{tMin.ToString("R", CultureInfo.InvariantCulture)}}, TMax = {{tMax.ToString("R", CultureInfo.InvariantCulture)}})]
            public partial struct {{name}}
            {
                {{members}}
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        run.Exception.ShouldBeNull();
        run.CompilationProblems.ShouldBeEmpty();
        List<Diagnostic> sde204 = run.GeneratorDiagnostics.Where(d => d.Id == "SDE204").ToList();
        sde204.ShouldNotBeEmpty("each declaration here has a non-finite value on its grid");
        INoiseSchedule schedule = run.Schedule("Tests." + name);
        var disagreements = new List<string>();
        foreach (Diagnostic d in sde204)
        {
            Match m = NotFiniteMessage().Match(d.GetMessage(CultureInfo.InvariantCulture));
            m.Success.ShouldBeTrue(d.GetMessage(CultureInfo.InvariantCulture));
            string function = m.Groups[1].Value, reported = m.Groups[3].Value;
            double t = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            double generated = Member(schedule, function, t);
            output.WriteLine($"{name}: {function}({t:R}) reported {reported}, generated {generated:R}, declared {Declared(schedule, function, t)}");
            if (generated.ToString("G6", CultureInfo.InvariantCulture) != reported)
            {
                disagreements.Add($"{function}({t:R}): SDE204 says {reported}, the generated member returns {generated:R}");
            }
        }

        disagreements.ShouldBeEmpty();
    }

    /// <summary>
    /// sigma = -sqrt(0.5 - t) on [0.01, 0.5]: ReverseSdeStepCoefficients used to declare <c>double pow = 1 / sqrt;</c>
    /// before <c>double sqrt = double.Sqrt(u);</c> (CS0841): the printer prints x^-1/2 through x^1/2, a node the
    /// common-subexpression order did not see; Emit/CommonSubexpressions now orders locals by the printed tree.
    /// </summary>
    [Fact]
    public void Sqrt_pole_generates_compiling_code()
    {
        GeneratorRun run = GeneratorHarness.Run(TestSources.BySigma("SqrtPole", "-Math.Sqrt(0.5 - t)", tMin: 0.01, tMax: 0.5));
        run.Exception.ShouldBeNull();
        run.CompilationProblems.ShouldBeEmpty();
    }

    /// <summary>The declared method's own value for sigma and s (for the log: the generated code may differ from it only where docs/math.md §10.7 says).</summary>
    private static string Declared(INoiseSchedule s, string function, double t)
    {
        string? method = function switch { "sigma" => "SigmaOf", "s" => "ScaleOf", _ => null };
        MethodInfo? declared = method is null ? null : s.GetType().GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static);
        return declared is null ? "-" : ((double)declared.Invoke(null, [t])!).ToString("R", CultureInfo.InvariantCulture);
    }

    private static double Member(INoiseSchedule s, string function, double t) => function switch
    {
        "sigma" => s.Sigma(t),
        "s" => s.Scale(t),
        "sigma'" => s.SigmaDerivative(t),
        "s'" => s.ScaleDerivative(t),
        "f" => s.Drift(t),
        "g^2" => s.DiffusionSquared(t),
        "g" => s.Diffusion(t),
        "a" => s.OdeStateCoefficient(t),
        "b" => s.OdeDenoiserCoefficient(t),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "not a checked function"),
    };
}
