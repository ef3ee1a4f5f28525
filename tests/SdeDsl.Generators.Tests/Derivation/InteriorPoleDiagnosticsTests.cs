using System.Linq;
using Microsoft.CodeAnalysis;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Derivation;

/// <summary>
/// SDE207 for a pole inside (0, TMax) (docs/math.md §10.4): an (f, g) declaration whose f or g^2 is not integrable
/// at an interior point is an error at the declaring method and nothing is generated; roots, smooth peaks, poles
/// outside the range and integrable singularities are not reported.
/// </summary>
public sealed class InteriorPoleDiagnosticsTests
{
    private static string Declare(string body) => $$"""
        using System;
        using SdeDsl;

        namespace Tests;

        [NoiseSchedule(TMin = 1e-4, TMax = 2)]
        public partial struct Pole
        {
            {{body}}
        }
        """;

    [Theory]
    // f = -1/(t - 1/2): an odd pole, located by bisection of the sign change; p = 1 on both sides.
    [InlineData("[Drift] static double [|F|](double t) => -1 / (t - 0.5); [Diffusion] static double G(double t) => 1;",
        "Noise schedule 'Pole': the integral over (0, t] of f = F diverges at t = 0.5 inside (0, TMax) (f grows like |t - 0.5|^-1 there), so s(t) = exp(integral_0^t f) is not defined on [TMin, TMax]")]
    // f = 1/(t - 1)^2: an even pole, located by golden section on |f|; p = 2. The integrator's closed form
    // -1/(t - 1) - 1 is finite past t = 1 and wrong, so the rule applies with a closed form too.
    [InlineData("[Drift] static double [|F|](double t) => 1 / ((t - 1) * (t - 1)); [Diffusion] static double G(double t) => 1;",
        "Noise schedule 'Pole': the integral over (0, t] of f = F diverges at t = 1 inside (0, TMax) (f grows like |t - 1|^-2 there), so s(t) = exp(integral_0^t f) is not defined on [TMin, TMax]")]
    // g = |t - 1|^-1/2: g^2 = 1/|t - 1|, p = 1 (g itself is integrable: the sigma^2 integrand is what diverges).
    [InlineData("[Drift] static double F(double t) => 0; [Diffusion] static double [|G|](double t) => 1 / Math.Sqrt(Math.Abs(t - 1));",
        "Noise schedule 'Pole': the integral over (0, t] of g^2 / s^2 (g = G) diverges at t = 1 inside (0, TMax) (g^2 / s^2 grows like |t - 1|^-1 there), so sigma(t)^2 = integral_0^t g^2 / s^2 is not defined on [TMin, TMax]")]
    public void A_pole_inside_the_range_is_SDE207_at_the_declaration(string body, string message)
    {
        Markup markup = Markup.Parse(Declare(body));

        GeneratorRun run = GeneratorHarness.Run(markup.Source);

        run.Exception.ShouldBeNull();
        run.Sources.ShouldBeEmpty();
        Diagnostic error = run.GeneratorDiagnostics.Single(d => d.Id == "SDE207");
        error.Severity.ShouldBe(DiagnosticSeverity.Error);
        error.Location.SourceSpan.ShouldBe(markup.Span);
        error.GetMessage().ShouldBe(message);
    }

    [Theory]
    // The pole of 1/(t + 1/2) is at t = -1/2, outside (0, TMax].
    [InlineData("[Drift] static double F(double t) => -1 / (t + 0.5); [Diffusion] static double G(double t) => 1;")]
    // |t - 1|^-1/2 is integrable (p = 1/2).
    [InlineData("[Drift] static double F(double t) => -1 / Math.Sqrt(Math.Abs(t - 1)); [Diffusion] static double G(double t) => 1;")]
    // log |t - 1| is integrable (p ~ 0.07: |log d| grows slower than any power).
    [InlineData("[Drift] static double F(double t) => Math.Log(Math.Abs(t - 1)); [Diffusion] static double G(double t) => 1;")]
    // A smooth narrow peak (width 1e-2, height 1e3): |f| is flat within 1e-6 of its maximum (p = 0).
    [InlineData("[Drift] static double F(double t) => -1e3 * Math.Exp(-(t - 1) * (t - 1) / 1e-4); [Diffusion] static double G(double t) => 1;")]
    // Roots of sin(10 t): at a simple root |f| shrinks towards it (p = -1); its maxima are smooth (p = 0).
    [InlineData("[Drift] static double F(double t) => Math.Sin(10 * t); [Diffusion] static double G(double t) => 1;")]
    // g with roots and peaks: g^2 = sin^2(10 t) has even roots (p = -2).
    [InlineData("[Drift] static double F(double t) => -0.5; [Diffusion] static double G(double t) => Math.Sin(10 * t);")]
    public void No_pole_inside_the_range_is_not_SDE207(string body)
    {
        GeneratorRun run = GeneratorHarness.Run(Declare(body));

        run.Exception.ShouldBeNull();
        run.GeneratorDiagnostics.ShouldNotContain(d => d.Id == "SDE207");
        run.Sources.ShouldHaveSingleItem();
    }
}
