using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using SdeDsl.Generators.Tests.Infrastructure;

namespace SdeDsl.Generators.Tests.Differential;

/// <summary>The generated schedule of one case, its generated source and the run that produced it.</summary>
public sealed record CompiledCase(DifferentialCase Case, INoiseSchedule Schedule, string Source);

/// <summary>
/// Compiles the whole catalogue in one in-memory compilation (one generator run, one emitted assembly).
/// If that fails, each case is compiled on its own so one broken case cannot hide the results of the rest.
/// </summary>
public static class CompiledCases
{
    private static readonly Lazy<(GeneratorRun Run, Assembly? Assembly, string Errors)> LazyBatch = new(CompileBatch);
    private static readonly ConcurrentDictionary<string, CompiledCase> Single = new();

    public static (GeneratorRun Run, Assembly? Assembly, string Errors) Batch => LazyBatch.Value;

    public static string SourceOf(DifferentialCase c)
        => TestSources.BySigma(c.Name, c.SigmaText, c.ScaleText, c.TMin, c.TMax, DifferentialCases.Members);

    public static CompiledCase For(DifferentialCase c)
    {
        (GeneratorRun run, Assembly? assembly, _) = Batch;
        if (assembly is not null)
        {
            return Create(c, run, assembly);
        }

        return Single.GetOrAdd(c.Name, _ =>
        {
            GeneratorRun own = GeneratorHarness.Run(SourceOf(c));
            if (own.Exception is not null)
            {
                throw new InvalidOperationException("The generator threw for " + c.Name, own.Exception);
            }

            if (own.GeneratorDiagnostics.Any(IsFailure))
            {
                throw new InvalidOperationException("The generator reported for " + c.Name + ":\n" + string.Join("\n", own.GeneratorDiagnostics));
            }

            return Create(c, own, own.Load());
        });
    }

    private static CompiledCase Create(DifferentialCase c, GeneratorRun run, Assembly assembly)
    {
        Type type = assembly.GetType(c.TypeName) ?? throw new InvalidOperationException("No generated type " + c.TypeName);
        var schedule = (INoiseSchedule)Activator.CreateInstance(type)!;
        string source = run.Sources.TryGetValue(c.TypeName + ".g.cs", out string? text) ? text : throw new InvalidOperationException("No generated source for " + c.TypeName);
        return new CompiledCase(c, schedule, source);
    }

    /// <summary>
    /// Any diagnostic but the schedule checks (SDE2xx): those judge whether a schedule is a good diffusion
    /// schedule, which these expressions need not be; and but SDE020, the integer-division warning, which the
    /// IntegerDivision cases provoke on purpose to prove the C# value (1 / 2 is 0) is kept.
    /// </summary>
    private static bool IsFailure(Diagnostic d) => !d.Id.StartsWith("SDE2", StringComparison.Ordinal) && d.Id != "SDE020";

    private static (GeneratorRun Run, Assembly? Assembly, string Errors) CompileBatch()
    {
        GeneratorRun run = GeneratorHarness.Run(DifferentialCases.All.Select(SourceOf).ToArray());
        try
        {
            if (run.Exception is null && !run.GeneratorDiagnostics.Any(IsFailure) && run.CompilationProblems.Count == 0)
            {
                return (run, run.Load(), string.Empty);
            }
        }
        catch (InvalidOperationException)
        {
            // Fall through: reported below and per case.
        }

        IEnumerable<Diagnostic> problems = run.GeneratorDiagnostics.Where(IsFailure).Concat(run.CompilationProblems);
        return (run, null, (run.Exception?.ToString() ?? string.Empty) + string.Join("\n", problems));
    }
}
