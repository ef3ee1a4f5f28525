using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SdeDsl.Generators;

namespace SdeDsl.Generators.Tests.Infrastructure;

/// <summary>
/// Runs the generator in-process on in-memory compilations built from the running runtime's trusted
/// platform assemblies plus SdeDsl itself (no reference packs are downloaded).
/// </summary>
public static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return trusted.Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is { } name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"))
            .Append(typeof(INoiseSchedule).Assembly.Location)
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static CSharpCompilation Compilation(params string[] sources)
        => CSharpCompilation.Create(
            "SdeDsl.Generated.Tests",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Schedule{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver()
        => CSharpGeneratorDriver.Create(
            new[] { new NoiseScheduleGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(params string[] sources) => Run(Compilation(sources));

    public static GeneratorRun Run(CSharpCompilation compilation)
    {
        GeneratorDriver driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> _);
        return new GeneratorRun(driver, compilation, output, driver.GetRunResult());
    }
}

/// <summary>One generator run: its driver (for incremental reruns), input and output compilations and result.</summary>
public sealed record GeneratorRun(GeneratorDriver Driver, Compilation Input, Compilation Output, GeneratorDriverRunResult Result)
{
    /// <summary>Diagnostics the generator reported.</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

    /// <summary>
    /// Generator diagnostics that mean the schedule was not generated as declared: everything except info
    /// notes (SDE1xx), the schedule-quality checks (SDE2xx), which judge the schedule, not the generator, and
    /// SDE020 (integer division), which warns that the declaration, generated exactly as declared, may not be meant.
    /// </summary>
    public IReadOnlyList<Diagnostic> GenerationProblems
        => GeneratorDiagnostics.Where(d => d.Severity > DiagnosticSeverity.Info && !d.Id.StartsWith("SDE2", StringComparison.Ordinal) && d.Id != "SDE020").ToList();

    /// <summary>Errors and warnings of the compilation with the generated code added.</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems
        => Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    /// <summary>The exception the generator threw, if any (the compiler would report it as CS8785).</summary>
    public Exception? Exception => Result.Results.Single().Exception;

    /// <summary>The generated sources by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources
        => Result.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>Compiles the output in memory and loads it into a collectible context.</summary>
    public Assembly Load()
    {
        using var stream = new MemoryStream();
        var emitted = Output.Emit(stream);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("The generated code does not compile:\n" + string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        stream.Position = 0;
        return new AssemblyLoadContext("generated", isCollectible: true).LoadFromStream(stream);
    }

    /// <summary>A default instance of the generated schedule type <paramref name="typeName"/>.</summary>
    public INoiseSchedule Schedule(string typeName)
    {
        Type type = Load().GetType(typeName) ?? throw new InvalidOperationException("No type " + typeName);
        return (INoiseSchedule)Activator.CreateInstance(type)!;
    }
}
