using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using SdeDsl.Generators.CodeFixes;
using SdeDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace SdeDsl.Generators.Tests.CodeFixes;

/// <summary>
/// The code fixes, with the Roslyn code-fix testing package: the generator runs inside the test (GetSourceGenerators),
/// so the diagnostics the fixes act on are the generator's own, as the IDE shows them; each test states the diagnostic
/// at its marked span before the fix and that the fixed source has none (the fixed schedule generates and compiles).
/// </summary>
public sealed class CodeFixTests
{
    [Fact]
    public Task A_struct_that_is_not_partial_is_made_partial()
        => Verify<MakePartialCodeFix>(
            Schedule("public struct {|SDE001:Ramp|}", "[Sigma] static double S(double t) => t;"),
            Schedule("public partial struct Ramp", "[Sigma] static double S(double t) => t;"));

    [Fact]
    public Task A_struct_without_modifiers_gets_partial_before_its_keyword()
        => Verify<MakePartialCodeFix>(
            Schedule("struct {|SDE001:Ramp|}", "[Sigma] static double S(double t) => t;"),
            Schedule("partial struct Ramp", "[Sigma] static double S(double t) => t;"));

    [Fact]
    public Task A_containing_class_that_is_not_partial_is_made_partial()
        => Verify<MakePartialCodeFix>(
            """
            using SdeDsl;

            namespace Tests;

            public static class {|SDE001:Outer|}
            {
                [NoiseSchedule(TMin = 0.002, TMax = 80)]
                public partial struct Ramp
                {
                    [Sigma] static double S(double t) => t;
                }
            }
            """,
            """
            using SdeDsl;

            namespace Tests;

            public static partial class Outer
            {
                [NoiseSchedule(TMin = 0.002, TMax = 80)]
                public partial struct Ramp
                {
                    [Sigma] static double S(double t) => t;
                }
            }
            """);

    [Fact]
    public Task A_block_body_with_locals_becomes_the_expression_body_it_stands_for()
        => Verify<ExpressionBodyCodeFix>(
            Schedule("public partial struct Block", "[Sigma] static double {|SDE007:S|}(double t) { double u = 2 * t; double v = u + 1; return u * v; }"),
            Schedule("public partial struct Block", "[Sigma] static double S(double t) => (2 * t) * ((2 * t) + 1);"));

    [Fact]
    public Task A_block_body_that_assigns_gets_no_fix()
    {
        string source = Schedule("public partial struct Assigns", "[Sigma] static double {|SDE007:S|}(double t) { double u = t; u = 2 * u; return u; }");
        return Verify<ExpressionBodyCodeFix>(source, source);
    }

    [Fact]
    public Task Integer_division_of_literals_is_written_as_a_double_division()
        => Verify<IntegerDivisionCodeFix>(
            Schedule("public partial struct Half", "[Sigma] static double S(double t) => t + {|SDE020:1 / 2|} * t;"),
            Schedule("public partial struct Half", "[Sigma] static double S(double t) => t + 1.0 / 2 * t;"));

    [Fact]
    public Task Integer_division_of_constants_gets_a_cast()
        => Verify<IntegerDivisionCodeFix>(
            Schedule("public partial struct Ratio", "const int A = 3, B = 2; [Sigma] static double S(double t) => {|SDE020:A / B|} * t;"),
            Schedule("public partial struct Ratio", "const int A = 3, B = 2; [Sigma] static double S(double t) => (double)A / B * t;"));

    private static Task Verify<TFix>(string source, string fixedSource)
        where TFix : CodeFixProvider, new()
    {
        var test = new GeneratorCodeFixTest<TFix> { TestCode = source, FixedCode = fixedSource };
        return test.RunAsync();
    }

    private static string Schedule(string header, string body) => $$"""
        using System;
        using SdeDsl;

        namespace Tests;

        [NoiseSchedule(TMin = 0.002, TMax = 80)]
        {{header}}
        {
            {{body}}
        }
        """;

    /// <summary>
    /// A code-fix test with the generator in the compilation and the references of <see cref="GeneratorHarness"/> (the
    /// running runtime's assemblies and SdeDsl), so no reference pack is downloaded; generated sources are not compared.
    /// </summary>
    private sealed class GeneratorCodeFixTest<TFix> : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, TFix, DefaultVerifier>
        where TFix : CodeFixProvider, new()
    {
        public GeneratorCodeFixTest()
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
            SolutionTransforms.Add((solution, projectId) => solution.WithProjectMetadataReferences(projectId, GeneratorHarness.References));
        }

        protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.Latest);

        /// <summary>The generator runs in each compilation of the test, so its diagnostics are what the fix sees.</summary>
        protected override IEnumerable<Type> GetSourceGenerators() => new[] { typeof(NoiseScheduleGenerator) };
    }
}
