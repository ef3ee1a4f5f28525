using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SdeDsl.Generators.Tests.Infrastructure;

namespace SdeDsl.Generators.Tests.Robustness;

/// <summary>What a robustness run saw, for the test log and for coverage assertions.</summary>
public sealed class RobustnessStats
{
    public int Inputs { get; set; }

    public int InputsWithCompileErrors { get; set; }

    public int GeneratedSources { get; set; }

    public int GeneratedFromCleanInputs { get; set; }

    public int UnparsableFromBrokenInputs { get; set; }

    public SortedDictionary<string, int> DiagnosticIds { get; } = new(StringComparer.Ordinal);

    public List<string> Failures { get; } = new();

    public override string ToString()
        => $"{Inputs} inputs ({InputsWithCompileErrors} with compile errors of their own), {GeneratedSources} generated sources "
           + $"({GeneratedFromCleanInputs} from clean inputs; {UnparsableFromBrokenInputs} from broken inputs do not parse), {Failures.Count} failures, generator diagnostics: "
           + string.Join(", ", DiagnosticIds.Select(d => d.Key + " x" + d.Value));
}

/// <summary>
/// Runs the generator over many declarations, several per compilation (each in its own file, so problems
/// are attributed per file), and checks the robustness contract:
/// <list type="bullet">
/// <item>the generator never throws (no exception on the run result, no CS8784/CS8785);</item>
/// <item>it never reports an SDE9xx (internal failure) diagnostic;</item>
/// <item>when the input file compiles without errors, the generated code parses and adds no error or warning, neither in
/// the generated file nor in the user's file, and every [NoiseSchedule] type in it gets either source or a
/// diagnostic (nothing is dropped silently).</item>
/// </list>
/// </summary>
public static class RobustnessChecker
{
    public static void Check(IReadOnlyList<string> sources, int batchSize, RobustnessStats stats)
    {
        for (int start = 0; start < sources.Count; start += batchSize)
        {
            CheckBatch(sources.Skip(start).Take(batchSize).ToList(), stats);
        }
    }

    private static void CheckBatch(List<string> sources, RobustnessStats stats)
    {
        CSharpCompilation input = GeneratorHarness.Compilation(sources.ToArray());
        GeneratorRun run = GeneratorHarness.Run(input);
        stats.Inputs += sources.Count;

        Dictionary<string, string> sourceByPath = input.SyntaxTrees.Zip(sources, (tree, source) => (tree.FilePath, source)).ToDictionary(p => p.FilePath, p => p.source);
        if (run.Exception is not null || run.GeneratorDiagnostics.Any(d => d.Id is "CS8784" or "CS8785"))
        {
            // Find the declarations that make it throw.
            foreach (string source in sources)
            {
                GeneratorRun single = GeneratorHarness.Run(source);
                if (single.Exception is not null)
                {
                    stats.Failures.Add("The generator threw " + single.Exception.GetType().Name + ": " + single.Exception.Message + "\n" + source);
                }
            }

            return;
        }

        var inputErrors = input.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is not null)
            .GroupBy(d => d.Location.SourceTree!.FilePath)
            .ToDictionary(g => g.Key, g => g.ToList());
        stats.InputsWithCompileErrors += inputErrors.Count;

        foreach (Diagnostic diagnostic in run.GeneratorDiagnostics)
        {
            stats.DiagnosticIds.TryGetValue(diagnostic.Id, out int count);
            stats.DiagnosticIds[diagnostic.Id] = count + 1;
            if (diagnostic.Id.StartsWith("SDE9", StringComparison.Ordinal))
            {
                string path = diagnostic.Location.GetLineSpan().Path;
                stats.Failures.Add("Internal generator failure " + diagnostic + "\n" + sourceByPath.GetValueOrDefault(path, "(unknown file " + path + ")"));
            }
        }

        GeneratorRunResult result = run.Result.Results.Single();
        var inputPaths = new HashSet<string>(sourceByPath.Keys);
        var outputProblems = run.Output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is not null)
            .GroupBy(d => d.Location.SourceTree!.FilePath)
            .ToDictionary(g => g.Key, g => g.ToList());

        foreach (GeneratedSourceResult generated in result.GeneratedSources)
        {
            stats.GeneratedSources++;
            string text = generated.SourceText.ToString();
            var syntaxErrors = generated.SyntaxTree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            IReadOnlyList<string> origins = Origins(run.Output, generated.SyntaxTree);
            string originText = string.Join("\n", origins.Select(p => sourceByPath.GetValueOrDefault(p, string.Empty)));
            // The origin of the generated file is unknown only if it declares no type the compiler can bind: then every input must be clean.
            bool inputClean = origins.Count > 0 ? origins.All(p => !inputErrors.ContainsKey(p)) : inputErrors.Count == 0;
            if (!inputClean)
            {
                // Outside the contract (the user must fix their errors first), but worth knowing: generated code
                // that does not even parse, e.g. for a type whose name or namespace the user has not finished typing.
                stats.UnparsableFromBrokenInputs += syntaxErrors.Count > 0 ? 1 : 0;
                continue;
            }

            if (syntaxErrors.Count > 0)
            {
                stats.Failures.Add("Generated code from a clean input does not parse: " + string.Join("; ", syntaxErrors) + "\n" + originText + "\n--- generated:\n" + text);
            }

            stats.GeneratedFromCleanInputs++;
            if (outputProblems.TryGetValue(generated.SyntaxTree.FilePath, out List<Diagnostic>? problems))
            {
                stats.Failures.Add("Generated code from a clean input has errors or warnings: " + string.Join("; ", problems.Take(5)) + "\n" + originText + "\n--- generated:\n" + text);
            }
        }

        foreach (SyntaxTree tree in input.SyntaxTrees)
        {
            string path = tree.FilePath;
            if (inputErrors.ContainsKey(path))
            {
                continue;
            }

            // Generated code must not break a user file that compiled (e.g. by colliding with its members).
            if (outputProblems.TryGetValue(path, out List<Diagnostic>? problems) && problems.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                stats.Failures.Add("Generated code introduced errors into a clean input file: " + string.Join("; ", problems.Take(5)) + "\n" + sourceByPath[path]);
            }

            // Every [NoiseSchedule] type of a clean file gets source or a diagnostic in that file.
            SemanticModel model = input.GetSemanticModel(tree);
            foreach (TypeDeclarationSyntax declaration in tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol type
                    || !type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "SdeDsl.NoiseScheduleAttribute"))
                {
                    continue;
                }

                bool hasSource = HasGeneratedSource(run.Output, result, type);
                bool hasDiagnostic = run.GeneratorDiagnostics.Any(d => d.Location.GetLineSpan().Path == path);
                if (!hasSource && !hasDiagnostic)
                {
                    stats.Failures.Add("A [NoiseSchedule] type of a clean file got neither source nor a diagnostic: " + type.ToDisplayString() + "\n" + sourceByPath[path]);
                }
            }
        }
    }

    /// <summary>The input files declaring the types a generated file reopens (found through the output compilation's symbols).</summary>
    private static IReadOnlyList<string> Origins(Compilation output, SyntaxTree generated)
    {
        SemanticModel model = output.GetSemanticModel(generated);
        return generated.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>()
            .Select(d => model.GetDeclaredSymbol(d))
            .OfType<INamedTypeSymbol>()
            .SelectMany(t => t.DeclaringSyntaxReferences)
            .Select(r => r.SyntaxTree)
            .Where(tree => tree != generated)
            .Select(tree => tree.FilePath)
            .Distinct()
            .ToList();
    }

    /// <summary>True when some generated file reopens the type declared as <paramref name="type"/> (compared by display name).</summary>
    private static bool HasGeneratedSource(Compilation output, GeneratorRunResult result, INamedTypeSymbol type)
        => result.GeneratedSources.Any(g =>
        {
            SemanticModel model = output.GetSemanticModel(g.SyntaxTree);
            return g.SyntaxTree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>()
                .Any(d => model.GetDeclaredSymbol(d)?.ToDisplayString() == type.ToDisplayString());
        });
}
