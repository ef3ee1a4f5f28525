using System.Collections.Generic;
using System.Linq;
using SdeDsl.Generators.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Generators.Tests.Robustness;

/// <summary>
/// The shapes a schedule type can take (namespaces, nesting in classes and structs, generics, record structs, partial
/// parts in two files, members named like the generated parameters and locals) and shapes it cannot take (classes,
/// records, interfaces: SDE015) through the same robustness contract, and for the valid ones: the generated schedule
/// loads and evaluates the declared sigma.
/// </summary>
public sealed class DeclarationShapeTests
{
    private readonly ITestOutputHelper output;

    public DeclarationShapeTests(ITestOutputHelper output) => this.output = output;

    public static TheoryData<string, string?> Shapes => new()
    {
        // (source, fully qualified metadata name of a valid schedule whose sigma(0.5) is 1.25, or null)
        { "using SdeDsl; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct GlobalNs { [Sigma] static double S(double t) => t + 0.75; }", "GlobalNs" },
        { "using SdeDsl; namespace A.B { [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct BlockNs { [Sigma] static double S(double t) => t + 0.75; } }", "A.B.BlockNs" },
        { "using SdeDsl; namespace N; public partial class Outer { [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct Inner { [Sigma] static double S(double t) => t + 0.75; } }", "N.Outer+Inner" },
        { "using SdeDsl; namespace N; public partial class Outer<T> { [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct Inner { [Sigma] static double S(double t) => t + 0.75; } }", null },
        { "using SdeDsl; namespace N; public class NotPartial { [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct Inner { [Sigma] static double S(double t) => t + 0.75; } }", null },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public readonly partial struct ReadOnly { [Sigma] static double S(double t) => t + 0.75; }", "N.ReadOnly" },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial record struct RecordStruct { [Sigma] static double S(double t) => t + 0.75; }", "N.RecordStruct" },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public sealed partial class AClass { [Sigma] static double S(double t) => t + 0.75; }", null },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial record ARecord { [Sigma] static double S(double t) => t + 0.75; }", null },
        { "using SdeDsl; namespace N; public partial struct StructHost { [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial record struct Inner { [Sigma] static double S(double t) => t + 0.75; } }", "N.StructHost+Inner" },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public static partial class Static { [Sigma] static double S(double t) => t + 0.75; }", null },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct Generic<T> { [Sigma] static double S(double t) => t + 0.75; }", null },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial interface IFace { [Sigma] static double S(double t) => t + 0.75; }", null },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct TwoAttributes { [Sigma, Scale] static double S(double t) => t + 0.75; }", "N.TwoAttributes" },
        { "using SdeDsl; namespace N; [NoiseSchedule(0.1, 1)] public partial struct Positional { [Sigma] static double S(double t) => t + 0.75; }", null },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct BlockBody { [Sigma] static double S(double t) { return t + 0.75; } }", "N.BlockBody" },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct TwoStatements { [Sigma] static double S(double t) { double x = t; return x + 0.75; } }", null },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct Abstractish { [Sigma] private static partial double S(double t); private static partial double S(double t) => t + 0.75; }", "N.Abstractish" },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct Instance { [Sigma] double S(double t) => t + 0.75; }", "N.Instance" },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct WrongSignature { [Sigma] static float S(float t) => t + 0.75f; }", null },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct RefParameter { [Sigma] static double S(in double t) => t + 0.75; }", null },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct Collision { [Sigma] static double S(double t) => t + 0.75; public double Sigma(double t) => t; }", null },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct Duplicate { [Sigma] static double S(double t) => t + 0.75; [Sigma] static double S2(double t) => t; }", null },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct OnlyScale { [Scale] static double S(double t) => t + 0.75; }", null },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct ByDrift { [Drift] static double F(double t) => -t; [Diffusion] static double G(double t) => 1; }", null },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct Mixed { [Sigma] static double S(double t) => t; [Drift] static double F(double t) => -t; }", null },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1)] public partial struct NoTMax { [Sigma] static double S(double t) => t + 0.75; }", null },
        // Members named like the generated parameters, locals and helpers: the generated code must still mean the declaration.
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct ParameterNames { const double t = 0.5; const double sigma = 0.5; [Sigma] static double S(double x) => x * t + sigma + 0.5; }", "N.ParameterNames" },
        { "using SdeDsl; using System; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct LocalNames { const double u = 0.25, p = 1, pow = 2, sqrt = 0, exp = 1, v = 0.5; [Sigma] static double S(double t) => Math.Sqrt(Math.Exp(t * t) * u * 4) * pow / 2 + sqrt * Math.Exp(t) - exp + v + 0.75 - Math.Sqrt(Math.Exp(0.25)) + p - 1 + (Math.Exp(t) - Math.Exp(t)); }", null },
        { "using SdeDsl; namespace N; public partial struct System { } [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct ShadowsSystem { [Sigma] static double S(double t) => global::System.Math.Sqrt(t) + 0.75 - global::System.Math.Sqrt(0.5) + 0.5; }", "N.ShadowsSystem" },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct Math { [Sigma] static double S(double t) => t + 0.75; }", "N.Math" },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct @double { [Sigma] static double S(double t) => t + 0.75; }", "N.double" },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct KeywordConstant { const double @int = 0.75; [Sigma] static double S(double t) => t + @int; }", "N.KeywordConstant" },
        { "using SdeDsl; namespace @class.@event; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct KeywordNamespace { [Sigma] static double S(double t) => t + 0.75; }", "class.event.KeywordNamespace" },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct KeywordTypeParameter<@object> { [Sigma] static double S(double t) => t + 0.75; }", null },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public ref partial struct RefStructNewton { [Sigma] static double S(double t) => t + System.Math.Sin(t) / 2 + 0.75 - System.Math.Sin(0.5) / 2 - 0.5; }", null },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] file partial struct FileLocal { [Sigma] static double S(double t) => t + 0.75; }", null },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] internal partial struct Internal { [Sigma] static double S(double t) => t + 0.75; }", "N.Internal" },
        { "using SdeDsl; namespace N; public partial class Host { [NoiseSchedule(TMin = 0.1, TMax = 1)] private partial struct PrivateNested { [Sigma] static double S(double t) => t + 0.75; } }", "N.Host+PrivateNested" },
        { "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct SdeDsl { [Sigma] static double S(double t) => t + 0.75; }", "N.SdeDsl" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_declaration_shape_is_generated_or_diagnosed_and_valid_ones_evaluate(string source, string? validType)
    {
        var stats = new RobustnessStats();
        RobustnessChecker.Check(new List<string> { source }, 1, stats);
        output.WriteLine(stats.ToString());
        Assert.True(stats.Failures.Count == 0, string.Join("\n\n", stats.Failures));
        if (validType is not null)
        {
            GeneratorRun run = GeneratorHarness.Run(source);
            Assert.True(run.GenerationProblems.Count == 0 && run.CompilationProblems.Count == 0, string.Join("\n", run.GenerationProblems.Concat(run.CompilationProblems)) + "\n" + string.Join("\n", run.Sources.Values));
            Assert.Equal(1.25, run.Schedule(validType).Sigma(0.5), 1e-15);
        }
    }

    [Fact]
    public void The_attribute_on_two_partial_parts_does_not_crash_the_generator()
    {
        // Two [NoiseSchedule] parts of one type (an error of the user's, CS0579) must not make the generator add
        // the same hint name twice, which throws inside the compiler (CS8785) and drops every generated file.
        string first = "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct Twice { [Sigma] static double S(double t) => t; }";
        string second = "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct Twice { }";
        string other = "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct Other { [Sigma] static double S(double t) => t; }";
        GeneratorRun run = GeneratorHarness.Run(first, second, other);
        Assert.Null(run.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8785" or "CS8784" || d.Id.StartsWith("SDE9", System.StringComparison.Ordinal));
        Assert.Contains("N.Other.g.cs", run.Sources.Keys);
    }

    [Fact]
    public void Schedules_whose_names_differ_only_in_case_are_both_generated()
    {
        // Hint names are compared ignoring case (they become file names): Foo and foo must not collide.
        string source = "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct Foo { [Sigma] static double S(double t) => t; } "
                        + "[NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct foo { [Sigma] static double S(double t) => 2 * t; }";
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Null(run.Exception);
        Assert.Empty(run.GenerationProblems);
        Assert.Empty(run.CompilationProblems);
        Assert.Equal(2, run.Sources.Count);
        System.Reflection.Assembly assembly = run.Load();
        Assert.Equal(0.5, ((INoiseSchedule)System.Activator.CreateInstance(assembly.GetType("N.Foo")!)!).Sigma(0.5));
        Assert.Equal(1.0, ((INoiseSchedule)System.Activator.CreateInstance(assembly.GetType("N.foo")!)!).Sigma(0.5));
    }

    [Fact]
    public void Schedules_in_namespaces_that_differ_only_in_case_are_both_generated()
    {
        string lower = "using SdeDsl; namespace N.a; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct X { [Sigma] static double S(double t) => t; }";
        string upper = "using SdeDsl; namespace N.A; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct X { [Sigma] static double S(double t) => 2 * t; }";
        string plain = "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct Plain { [Sigma] static double S(double t) => t; }";
        GeneratorRun run = GeneratorHarness.Run(lower, upper, plain);
        Assert.Null(run.Exception);
        Assert.Empty(run.GenerationProblems);
        Assert.Empty(run.CompilationProblems);
        Assert.Equal(3, run.Sources.Count);
        Assert.Contains("N.Plain.g.cs", run.Sources.Keys); // names without a case twin are unchanged
        System.Reflection.Assembly assembly = run.Load();
        Assert.Equal(1.0, ((INoiseSchedule)System.Activator.CreateInstance(assembly.GetType("N.A.X")!)!).Sigma(0.5));
    }

    [Theory]
    [InlineData("-0.5 * Math.Exp(Math.Sin(t))", "Math.Sqrt(Math.Exp(Math.Sin(t)))")] // VP-like, beta = e^sin t has no closed-form integral
    [InlineData("0.0 / 0.0", "1")]                                                  // a NaN drift (its integral diverges at 0)
    [InlineData("1 / 0.0", "t")]                                                    // an infinite drift
    [InlineData("Math.Cbrt(Math.Sinh(Math.E) * (0.1f - t))", "Math.Exp(0.25)")]       // a cusp in the range: nested quadrature hung the generator
    public void Drift_diffusion_declarations_whose_integrals_fall_back_to_quadrature_do_not_fail_internally(string drift, string diffusion)
    {
        string source = "using System; using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.01, TMax = 1)] public partial struct ByFg { "
                        + "[Drift] static double F(double t) => " + drift + "; [Diffusion] static double G(double t) => " + diffusion + "; }";
        var stats = new RobustnessStats();
        RobustnessChecker.Check(new List<string> { source }, 1, stats);
        output.WriteLine(stats.ToString());
        Assert.True(stats.Failures.Count == 0, string.Join("\n\n", stats.Failures));
    }

    [Fact]
    public void A_schedule_split_over_two_files_is_generated_once()
    {
        string first = "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct Split { [Sigma] static double S(double t) => t * K; }";
        string second = "namespace N; public partial struct Split { const double K = 2.5; }";
        GeneratorRun run = GeneratorHarness.Run(first, second);
        Assert.Null(run.Exception);
        Assert.Empty(run.GenerationProblems);
        Assert.Empty(run.CompilationProblems);
        Assert.Single(run.Sources);
        Assert.Equal(1.25, run.Schedule("N.Split").Sigma(0.5));
    }
}
