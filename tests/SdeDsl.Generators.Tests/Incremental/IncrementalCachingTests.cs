using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SyntaxFactory = Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Incremental;

/// <summary>
/// The pipeline's models are value-equatable plain data, so re-running on an equal compilation, or after
/// an edit that does not touch a schedule, reuses every result.
/// </summary>
public sealed class IncrementalCachingTests
{
    private static readonly string[] TrackedSteps = { TrackingNames.Declarations, TrackingNames.Generated, TrackingNames.Sources };

    private static readonly string[] Sources =
    {
        TestSources.BySigma("First", "Math.Sqrt(Math.Exp(t) - 1)", "Math.Exp(-0.5 * t)"),
        TestSources.BySigma("Second", "t + 0.5 * Math.Sin(t)", tMax: 3),
    };

    [Fact]
    public void A_second_run_on_a_cloned_compilation_reuses_every_step()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Sources);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);

        GeneratorRunResult second = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps)
        {
            IncrementalGeneratorRunStep[] runs = second.TrackedSteps[step].ToArray();
            runs.Length.ShouldBe(2, $"step {step} ran once per schedule");
            runs.SelectMany(r => r.Outputs).ShouldAllBe(o => o.Reason == IncrementalStepRunReason.Cached || o.Reason == IncrementalStepRunReason.Unchanged);
        }

        SourceOutputs(second).ShouldAllBe(o => o.Reason == IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void An_unrelated_edit_regenerates_nothing()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Sources);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);

        CSharpCompilation edited = compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace Tests; public static class Unrelated { public static int Answer => 42; }", GeneratorHarness.ParseOptions));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps)
        {
            second.TrackedSteps[step].SelectMany(r => r.Outputs)
                .ShouldAllBe(o => o.Reason == IncrementalStepRunReason.Cached || o.Reason == IncrementalStepRunReason.Unchanged);
        }

        SourceOutputs(second).ShouldAllBe(o => o.Reason == IncrementalStepRunReason.Cached);
    }

    /// <summary>
    /// The outputs that add sources (fed by the Sources step). The diagnostics output is combined with
    /// the compilation to report at real source locations, so it re-runs, by design, on any edit.
    /// </summary>
    private static List<(object Value, IncrementalStepRunReason Reason)> SourceOutputs(GeneratorRunResult result)
    {
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value)
            .Where(run => run.Inputs.Any(input => input.Source.Name == TrackingNames.Sources))
            .SelectMany(run => run.Outputs)
            .ToList();
        outputs.Count.ShouldBe(2, "one source output per schedule");
        return outputs;
    }

    [Fact]
    public void Editing_one_schedule_regenerates_only_that_schedule()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Sources);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);

        SyntaxTree old = compilation.SyntaxTrees.Last();
        SyntaxTree changed = old.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(old.ToString().Replace("0.5 * Math.Sin(t)", "0.25 * Math.Sin(t)")));
        GeneratorRunResult second = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, changed)).GetRunResult().Results.Single();

        var reasons = second.TrackedSteps[TrackingNames.Generated].SelectMany(r => r.Outputs).Select(o => o.Reason).ToList();
        reasons.Count(r => r == IncrementalStepRunReason.Modified).ShouldBe(1);
        reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged).ShouldBe(1);
    }

    [Fact]
    public void No_pipeline_model_holds_a_symbol_a_syntax_node_or_a_compilation()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Sources.Append(DiagnosticCasesSource()).ToArray());
        GeneratorRunResult result = GeneratorHarness.Driver().RunGenerators(compilation).GetRunResult().Results.Single();

        int models = 0;
        foreach (string step in TrackedSteps.Append(TrackingNames.Diagnostics))
        {
            foreach ((object value, IncrementalStepRunReason _) in result.TrackedSteps[step].SelectMany(r => r.Outputs))
            {
                models++;
                Walk(value, new HashSet<object>(ReferenceEqualityComparer.Instance), step);
            }
        }

        models.ShouldBe(9, "three schedules through parse and generate, two of them with source, one diagnostics list");
    }

    [Fact]
    public void The_object_graph_walk_detects_a_syntax_node_or_symbol_hidden_in_a_model()
    {
        var holdsNode = new { Inner = new List<object> { SyntaxFactory.IdentifierName("x") } };
        Should.Throw<ShouldAssertException>(() => Walk(holdsNode, new HashSet<object>(ReferenceEqualityComparer.Instance), "test"));

        var holdsSymbol = new { Symbol = (object)GeneratorHarness.Compilation("class C { }").GetTypeByMetadataName("C")! };
        Should.Throw<ShouldAssertException>(() => Walk(holdsSymbol, new HashSet<object>(ReferenceEqualityComparer.Instance), "test"));
    }

    /// <summary>A declaration with errors, so diagnostic-carrying models are walked too.</summary>
    private static string DiagnosticCasesSource() => TestSources.BySigma("Bad", "Math.Floor(t)");

    private static void Walk(object? node, HashSet<object> seen, string path)
    {
        if (node is null || node is string || node.GetType().IsPrimitive || node is Enum || !seen.Add(node))
        {
            return;
        }

        // "is" tests, not exact-type comparisons: ISymbol and friends are interfaces and abstract bases.
        (node is ISymbol or Compilation or SyntaxNode or SyntaxTree or SemanticModel or Location)
            .ShouldBeFalse($"{path} holds a {node.GetType().Name}");

        if (node is IEnumerable sequence)
        {
            int i = 0;
            foreach (object? item in sequence)
            {
                Walk(item, seen, $"{path}[{i++}]");
            }
        }

        for (Type? type = node.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (!field.FieldType.IsPointer)
                {
                    Walk(field.GetValue(node), seen, $"{path}.{field.Name}");
                }
            }
        }
    }
}
