using SdeDsl.Generators.Collections;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Model;

/// <summary>How a schedule is declared.</summary>
internal enum DeclarationKind
{
    /// <summary>By sigma(t) and optionally s(t).</summary>
    SigmaAndScale,

    /// <summary>By the SDE's drift f(t) and diffusion g(t).</summary>
    DriftAndDiffusion,
}

/// <summary>
/// A parsed <c>[NoiseSchedule]</c> declaration: the first pipeline stage's output, plain data only
/// (no symbols, no syntax), so the incremental pipeline can compare it by value.
/// </summary>
/// <param name="Type">The partial type to extend.</param>
/// <param name="TMin">The declared range start.</param>
/// <param name="TMax">The declared range end.</param>
/// <param name="Kind">Which pair of functions was declared.</param>
/// <param name="Declared">The declared functions, by role.</param>
/// <param name="ReservedNames">Names already used in the type (members) that generated locals must avoid.</param>
/// <param name="Location">The type's identifier, for diagnostics about the schedule as a whole.</param>
/// <param name="Diagnostics">Problems found while parsing; a model with errors is not emitted.</param>
/// <remarks>
/// <see cref="HyperParameters"/> lists the instance hyper-parameters the declaration reads (docs/math.md §18), in
/// order of first use; <see cref="DefaultConstructorArguments"/> is the argument list of the generated
/// parameterless constructor (so <c>new S()</c> means the defaults), or null when none is generated.
/// </remarks>
internal sealed record ScheduleModel(
    TypeShape Type,
    double TMin,
    double TMax,
    DeclarationKind Kind,
    EquatableArray<DeclaredFunction> Declared,
    EquatableArray<string> ReservedNames,
    LocationInfo? Location,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public EquatableArray<HyperParameter> HyperParameters { get; init; } = EquatableArray<HyperParameter>.Empty;

    public string? DefaultConstructorArguments { get; init; }

    public Expr? Find(FunctionRole role)
    {
        foreach (DeclaredFunction function in Declared)
        {
            if (function.Role == role)
            {
                return function.Body;
            }
        }

        return null;
    }
}

/// <summary>The role a declared method plays.</summary>
internal enum FunctionRole
{
    Sigma,
    Scale,
    Drift,
    Diffusion,
}

/// <summary>An instance hyper-parameter: its name, the C# that reads it, and its default value.</summary>
internal sealed record HyperParameter(string Name, string Code, double Default);

/// <summary>One declared method: its role, its name and its body as a symbolic expression in t.</summary>
internal sealed record DeclaredFunction(FunctionRole Role, string MethodName, Expr Body, LocationInfo? Location);
