using System.Linq;
using Microsoft.CodeAnalysis;
using SdeDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace SdeDsl.Generators.Tests.Differential;

/// <summary>
/// Declarations whose C# meaning the DSL cannot reproduce in double arithmetic must be refused with a
/// diagnostic at the sub-expression, not silently given another meaning.
/// </summary>
public sealed class CSharpSemanticsTests
{
    [Theory]
    [InlineData("static readonly int M = 3;", "t * (M / 2)", "M / 2")]      // int division at run time: 1, not 1.5
    [InlineData("static readonly float G = 0.1f;", "G * G * t", "G * G")]   // a float product at run time
    [InlineData("static readonly long L = 7;", "t + L % 2", "L % 2")]       // % is outside the DSL anyway
    public void Run_time_arithmetic_in_a_narrower_type_is_refused_at_the_subexpression(string members, string sigma, string flagged)
    {
        GeneratorRun run = GeneratorHarness.Run(TestSources.BySigma("Narrow", sigma, members: members));
        Assert.Null(run.Exception);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("SDE008", diagnostic.Id);
        Assert.Equal(flagged, run.Input.SyntaxTrees.Single().GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void A_narrow_member_used_in_double_arithmetic_keeps_its_value()
    {
        // M is widened to double before any arithmetic here, which the DSL reproduces exactly.
        GeneratorRun run = GeneratorHarness.Run(TestSources.BySigma("Widened", "t * M / 2 + 1.0 / M + G * t", members: "static readonly int M = 3; static readonly float G = 0.1f;"));
        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        INoiseSchedule schedule = run.Schedule("Tests.Widened");
        const int M = 3;
        const float G = 0.1f;
        foreach (double t in new[] { 0.01, 0.3, 1.0 })
        {
            double expected = (t * M / 2) + (1.0 / M) + (G * t);
            Assert.Equal(expected, schedule.Sigma(t), 1e-15 * expected);
            Assert.Equal((M / 2.0) + G, schedule.SigmaDerivative(t), 1e-15);
        }

        Assert.Contains("((double)M)", run.Sources.Values.Single(), System.StringComparison.Ordinal);
    }
}
