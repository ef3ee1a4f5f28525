using System.Linq;
using Microsoft.CodeAnalysis;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Derivation;

/// <summary>
/// SDE204 quotes the non-finite value the declared C# produces, with its sign: +inf, -inf and NaN each at the
/// declaring method (docs/math.md §10.7).
/// </summary>
public sealed class NotFiniteMessageTests
{
    [Theory]
    // t / (0.5 - t) at t = TMax = 0.5: 0.5 / +0 = +inf in C#.
    [InlineData("t / (0.5 - t)", "Infinity")]
    // -t / (0.5 - t) at 0.5: -0.5 / +0 = -inf; sigma decreasing too, but SDE204 must say -Infinity.
    [InlineData("-t / (0.5 - t)", "-Infinity")]
    // t / (t - 0.5) at 0.5: 0.5 / +0 = +inf although the pole is approached from -inf.
    [InlineData("t / (t - 0.5)", "Infinity")]
    // 1 / (1 - 2 t) at 0.5: 1 / +0 = +inf, and -1 / (1 - 2 t) = -inf, whatever factoring the canonical form chooses.
    [InlineData("t + 1 / (1 - 2 * t)", "Infinity")]
    [InlineData("t - 1 / (1 - 2 * t)", "-Infinity")]
    // log(0.5 - t) at 0.5: log(+0) = -inf.
    [InlineData("-Math.Log(0.5 - t)", "Infinity")]
    [InlineData("Math.Log(0.5 - t) + 10", "-Infinity")]
    // sqrt of a negative: NaN from TMin on.
    [InlineData("Math.Sqrt(t - 0.25)", "NaN")]
    public void SDE204_names_the_value_with_its_sign(string sigma, string value)
    {
        Markup markup = Markup.Parse($$"""
            using System;
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = 1e-4, TMax = 0.5)]
            public partial struct Checked
            {
                [Sigma] static double [|S|](double t) => {{sigma}};
            }
            """);

        GeneratorRun run = GeneratorHarness.Run(markup.Source);

        run.Exception.ShouldBeNull();
        // One SDE204 per function that is not finite (sigma, sigma', g^2, ...): sigma's is the one checked here.
        Diagnostic sde204 = run.GeneratorDiagnostics.Single(d => d.Id == "SDE204" && d.GetMessage().Contains(": sigma(t) is not finite"));
        sde204.Severity.ShouldBe(DiagnosticSeverity.Warning);
        sde204.Location.SourceSpan.ShouldBe(markup.Span);
        sde204.GetMessage().ShouldEndWith($"(it is {value})");
    }
}
