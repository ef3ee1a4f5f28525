using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SdeDsl.Benchmarks.Infrastructure;
using SdeDsl.Generators;

namespace SdeDsl.Benchmarks.Generator;

/// <summary>
/// The source generator on a compilation of 50 schedules (<see cref="ScheduleSources"/>, one file each, plus one file
/// without a schedule): a cold run (baseline), then the incremental run after an unrelated edit, so the Ratio column is
/// the share of a cold run an edit costs.
/// </summary>
/// <remarks>
/// <para>
/// Cold: a new <see cref="CSharpGeneratorDriver"/> (no generator state) on a new compilation made from the parsed
/// files (no bound symbols cached), as at the first build of a project; the JIT is warm, as in a build server or an
/// IDE, where the compiler process lives on. Incremental: the driver that has already run once on the compilation, run
/// on that compilation with the unrelated file replaced by an edited copy; the driver is immutable, so every operation
/// repeats exactly the same incremental update.
/// </para>
/// <para>
/// The compilation references the running runtime's trusted platform assemblies and SdeDsl, like the generator tests.
/// The setup checks that the cold run generates every schedule with no error and that the generated code compiles,
/// and that the incremental run regenerates no schedule (every output of the Generated step Cached or Unchanged).
/// </para>
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);
    private static readonly CSharpCompilationOptions CompilationOptions =
        new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    private ImmutableArray<MetadataReference> _references;
    private SyntaxTree[] _trees = null!;
    private SyntaxTree _unrelated = null!, _unrelatedEdited = null!;
    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _driverAfterFirstRun = null!;

    /// <summary>Schedules in the compilation: 50 (5 in quick mode).</summary>
    [ParamsSource(nameof(ScheduleCounts))]
    public int ScheduleCount { get; set; }

    /// <summary>The schedule counts (<see cref="BenchmarkSettings.ScheduleCounts"/>).</summary>
    public static IEnumerable<int> ScheduleCounts => BenchmarkSettings.ScheduleCounts;

    /// <summary>Parses the sources, checks both runs and warms up.</summary>
    [GlobalSetup]
    public void Setup()
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        _references = trusted.Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is { } name &&
                (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"))
            .Append(typeof(INoiseSchedule).Assembly.Location)
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

        _unrelated = CSharpSyntaxTree.ParseText(ScheduleSources.Unrelated(42), ParseOptions, path: "Unrelated.cs");
        _unrelatedEdited = _unrelated.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(ScheduleSources.Unrelated(43)));
        _trees = Enumerable.Range(0, ScheduleCount)
            .Select(i => CSharpSyntaxTree.ParseText(ScheduleSources.Schedule(i), ParseOptions, path: $"Schedule{i}.cs"))
            .Append(_unrelated)
            .ToArray();
        _compilation = NewCompilation();
        _driverAfterFirstRun = NewDriver(track: false).RunGenerators(_compilation);

        Check();
        JitWarmup.Run(() => Incremental_AfterUnrelatedEdit(), minimumRounds: 10);
    }

    /// <summary>A fresh driver on a fresh compilation of the parsed files.</summary>
    /// <returns>The driver after the run (holding its results).</returns>
    [Benchmark(Baseline = true), BenchmarkCategory("Generator")]
    public GeneratorDriver Cold() => NewDriver(track: false).RunGenerators(NewCompilation());

    /// <summary>The driver that has run once, after an edit to the file without a schedule.</summary>
    /// <returns>The driver after the run.</returns>
    [Benchmark, BenchmarkCategory("Generator")]
    public GeneratorDriver Incremental_AfterUnrelatedEdit() =>
        _driverAfterFirstRun.RunGenerators(_compilation.ReplaceSyntaxTree(_unrelated, _unrelatedEdited));

    private CSharpCompilation NewCompilation() =>
        CSharpCompilation.Create("SdeDsl.Benchmarks.Schedules", _trees, _references, CompilationOptions);

    private static GeneratorDriver NewDriver(bool track) =>
        CSharpGeneratorDriver.Create(
            new[] { new NoiseScheduleGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    private void Check()
    {
        GeneratorDriver driver = NewDriver(track: true).RunGeneratorsAndUpdateCompilation(_compilation, out Compilation output, out _);
        GeneratorRunResult cold = driver.GetRunResult().Results.Single();
        Diagnostic[] errors = cold.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
            .Concat(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
            .ToArray();
        if (cold.Exception is not null || cold.GeneratedSources.Length != ScheduleCount || errors.Length > 0)
        {
            throw new InvalidOperationException(
                $"Cold run: {cold.GeneratedSources.Length} of {ScheduleCount} schedules generated, exception {cold.Exception?.Message ?? "none"}, " +
                $"errors: {string.Join("; ", errors.Take(5))}");
        }

        GeneratorRunResult incremental = driver.RunGenerators(_compilation.ReplaceSyntaxTree(_unrelated, _unrelatedEdited))
            .GetRunResult().Results.Single();
        var regenerated = incremental.TrackedSteps["Generated"].SelectMany(step => step.Outputs)
            .Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .ToArray();
        if (incremental.GeneratedSources.Length != ScheduleCount || regenerated.Length > 0)
        {
            throw new InvalidOperationException(
                $"Incremental run: {incremental.GeneratedSources.Length} sources, {regenerated.Length} schedules regenerated after an unrelated edit.");
        }
    }
}
