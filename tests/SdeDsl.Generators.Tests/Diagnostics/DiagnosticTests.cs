using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Diagnostics;

public sealed class DiagnosticTests
{
    [Theory]
    [MemberData(nameof(DiagnosticCases.Names), MemberType = typeof(DiagnosticCases))]
    public void Each_bad_declaration_gets_exactly_its_diagnostic_at_the_marked_span(string name)
    {
        (string id, string marked) = DiagnosticCases.All[name];
        Markup markup = Markup.Parse(marked);

        GeneratorRun run = GeneratorHarness.Run(markup.Source);

        run.Exception.ShouldBeNull();
        Diagnostic diagnostic = run.GeneratorDiagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe(id);
        diagnostic.Location.SourceSpan.ShouldBe(markup.Span, $"'{markup.Source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length)}' was marked instead");
        diagnostic.Severity.ShouldBe(DiagnosticSeverity.Error);
        run.Sources.ShouldBeEmpty("a schedule with an error generates nothing rather than something wrong");
        diagnostic.ToString().ShouldMatchApproved(c => c.WithDiscriminator(name).NoDiff());
    }

    [Fact]
    public void Every_descriptor_has_a_case_and_a_release_entry()
    {
        var covered = DiagnosticCases.All.Values.Select(c => c.Id).Concat(ScheduleCheckCases.All.Values.Select(c => c.Id)).Concat(ParserDiagnosticTests.Cases.Values.Select(c => c.Id)).Concat(new[] { "SDE101", "SDE102", "SDE900", "SDE301" /* UnsupportedElementTypeAnalyzerTests */, "SDE207", "SDE208" /* Derivation/DivergenceDiagnosticsTests */ }).ToHashSet();
        string releases = RepositoryFiles.Read("generators/SdeDsl.Generators/AnalyzerReleases.Unshipped.md");
        foreach (DiagnosticDescriptor descriptor in SdeDsl.Generators.Diagnostics.DiagnosticDescriptors.Descriptors)
        {
            covered.ShouldContain(descriptor.Id);
            releases.ShouldContain(descriptor.Id + " |");
            descriptor.MessageFormat.ToString().ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Theory]
    [InlineData("t")]
    [InlineData("Math.Sqrt(t)")]
    [InlineData("double.Exp(2 * t) - 1")]
    [InlineData("Math.Log(1 + t, 2) + Math.PI * t")]
    [InlineData("(double)t / 3")]
    public void Good_declarations_get_no_diagnostic(string sigma)
    {
        GeneratorRun run = GeneratorHarness.Run(TestSources.BySigma("Good", sigma));
        run.GeneratorDiagnostics.ShouldBeEmpty();
        run.CompilationProblems.ShouldBeEmpty();
        run.Sources.ShouldHaveSingleItem();
    }

    [Fact]
    public void A_drift_and_diffusion_declaration_says_which_path_each_integral_took_at_its_method()
    {
        Markup closedForm = Markup.Parse("""
            using System;
            using SdeDsl;
            namespace Tests;
            [NoiseSchedule(TMin = 1e-4, TMax = 1)]
            public partial struct Mixed
            {
                [Drift] static double [|F|](double t) => -0.5 * (1 + t);
                [Diffusion] static double G(double t) => Math.Sqrt(1 + t * t * Math.Sin(t));
            }
            """);
        GeneratorRun run = GeneratorHarness.Run(closedForm.Source);

        run.Sources.ShouldHaveSingleItem();
        run.CompilationProblems.ShouldBeEmpty();
        run.GeneratorDiagnostics.Length.ShouldBe(2);
        Diagnostic scale = run.GeneratorDiagnostics.Single(d => d.Id == "SDE101");
        scale.Severity.ShouldBe(DiagnosticSeverity.Info);
        scale.Location.SourceSpan.ShouldBe(closedForm.Span);
        scale.GetMessage().ShouldBe("Noise schedule 'Mixed': s(t) = exp(integral_0^t f) was integrated in closed form: exp(-0.25 * t^2 - 0.5 * t)");
        Diagnostic sigma = run.GeneratorDiagnostics.Single(d => d.Id == "SDE102");
        sigma.Severity.ShouldBe(DiagnosticSeverity.Info);
        closedForm.Source.Substring(sigma.Location.SourceSpan.Start, sigma.Location.SourceSpan.Length).ShouldBe("G");
        sigma.GetMessage().ShouldContain("sigma(t)^2 = integral_0^t g^2 / s^2 has no closed form");
    }

    [Fact]
    public async Task An_internal_failure_becomes_SDE900_for_that_schedule_and_the_others_still_generate()
    {
        // The seam is an AsyncLocal, so it is set for this test's flow only.
        await Task.Run(() =>
        {
            Generators.Pipeline.ScheduleGeneration.FailureInjection.Value = "Tests.Broken";
            GeneratorRun run = GeneratorHarness.Run(TestSources.BySigma("Broken", "t"), TestSources.BySigma("Fine", "2 * t"));

            run.Exception.ShouldBeNull();
            Diagnostic diagnostic = run.GeneratorDiagnostics.ShouldHaveSingleItem();
            diagnostic.Id.ShouldBe("SDE900");
            diagnostic.GetMessage().ShouldContain("Tests.Broken");
            diagnostic.Location.GetLineSpan().Path.ShouldBe("Schedule0.cs");
            run.Sources.Keys.ShouldBe(new[] { "Tests.Fine.g.cs" });
        });
    }
}
