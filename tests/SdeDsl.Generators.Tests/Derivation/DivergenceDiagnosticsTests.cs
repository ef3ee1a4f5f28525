using System.Linq;
using Microsoft.CodeAnalysis;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Derivation;

/// <summary>
/// SDE207: an (f, g) declaration whose integral diverges at t = 0 is an error at the declaring method and nothing is
/// generated; SDE208: when build-time quadrature runs out of its budget the checks are skipped with an info note
/// (docs/math.md §10.4, §10.7).
/// </summary>
public sealed class DivergenceDiagnosticsTests
{
    private static string Declare(string body) => $$"""
        using System;
        using SdeDsl;

        namespace Tests;

        [NoiseSchedule(TMin = 1e-3, TMax = 1)]
        public partial struct Divergent
        {
            {{body}}
        }
        """;

    [Theory]
    // f = -1/t: log s = integral_0^t f = -infinity for every t.
    [InlineData("[Drift] static double [|F|](double t) => -1 / t; [Diffusion] static double G(double t) => 1;",
        "Noise schedule 'Divergent': the integral over (0, t] of f = F diverges at t = 0 (f grows like t^-1 there), so s(t) = exp(integral_0^t f) is not defined on [TMin, TMax]")]
    // g^2 = 1/t^2 with s = 1: sigma^2 = integral_0^t 1/u^2 du = infinity.
    [InlineData("[Drift] static double F(double t) => 0; [Diffusion] static double [|G|](double t) => 1 / t;",
        "Noise schedule 'Divergent': the integral over (0, t] of g^2 / s^2 (g = G) diverges at t = 0 (g^2 / s^2 grows like t^-2 there), so sigma(t)^2 = integral_0^t g^2 / s^2 is not defined on [TMin, TMax]")]
    public void A_divergent_integral_is_SDE207_at_the_declaration(string body, string message)
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
    // An integrable singularity is not divergent: g^2 = t^-1/2 exp(-2 t^2) (p = 1/2; no closed form, so quadrature).
    [InlineData("[Drift] static double F(double t) => 0; [Diffusion] static double G(double t) => Math.Pow(t, -0.25) * Math.Exp(-t * t);")]
    public void An_integrable_singularity_is_not_SDE207(string body)
    {
        GeneratorRun run = GeneratorHarness.Run(Declare(body));

        run.Exception.ShouldBeNull();
        run.GeneratorDiagnostics.ShouldNotContain(d => d.Id == "SDE207");
        run.Sources.ShouldHaveSingleItem();
    }

    [Fact]
    public void Exhausted_quadrature_budget_is_SDE208_naming_the_skipped_checks()
    {
        // s = exp(integral of a cube root with a vertical tangent at 0.1): the inner quadrature needs thousands of
        // panels and sigma^2 integrates 1/s^2 over it again, far past the build-time budget.
        Markup markup = Markup.Parse(Declare(
            "[Drift] static double F(double t) => -Math.Cbrt(0.1 - t) * Math.Exp(-t * t); [Diffusion] static double [|G|](double t) => 1;"));

        GeneratorRun run = GeneratorHarness.Run(markup.Source);

        run.Exception.ShouldBeNull();
        Diagnostic info = run.GeneratorDiagnostics.Single(d => d.Id == "SDE208");
        info.Severity.ShouldBe(DiagnosticSeverity.Info);
        info.Location.SourceSpan.ShouldBe(markup.Span);
        info.GetMessage().ShouldStartWith("Noise schedule 'Divergent': the build-time checks SDE201-SDE206 were skipped: evaluating sigma at t = ");
        info.GetMessage().ShouldEndWith(" needs more than the 4000000 integrand evaluations build-time quadrature may use");
    }
}
