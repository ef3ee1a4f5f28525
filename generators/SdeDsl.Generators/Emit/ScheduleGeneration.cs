using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using SdeDsl.Generators.Derivation;
using SdeDsl.Generators.Diagnostics;
using SdeDsl.Generators.Model;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Emit;

/// <summary>
/// The second pipeline stage: derive every function symbolically and emit the source, or report why not.
/// Never throws: an internal failure for one schedule becomes SDE900 for that schedule only.
/// </summary>
internal static class ScheduleGeneration
{
    /// <summary>
    /// Test seam: generation of the schedule with this full name throws inside the guarded region, so
    /// tests can prove that an internal failure becomes SDE900 for that schedule alone. Unset in use.
    /// </summary>
    internal static readonly AsyncLocal<string?> FailureInjection = new();

    /// <summary>
    /// The integrand evaluations all build-time quadrature of one schedule may use (a few seconds at most);
    /// smooth schedules need far fewer. Past it, checks that need the integrals are skipped.
    /// </summary>
    public const long BuildTimeQuadratureEvaluations = 4_000_000;

    public static GeneratedSchedule Generate(ScheduleModel model, CancellationToken cancellationToken)
    {
        string hintName = HintName(model.Type);
        if (model.Diagnostics.Count > 0)
        {
            return new GeneratedSchedule(hintName, null, model.Diagnostics);
        }

        try
        {
            if (FailureInjection.Value == model.Type.FullName)
            {
                throw new InvalidOperationException("failure injected by a test");
            }

            cancellationToken.ThrowIfCancellationRequested();
            using IDisposable quadratureBudget = Evaluator.LimitQuadrature(BuildTimeQuadratureEvaluations);
            using IDisposable evaluationRange = Facts.AssumeOrSample(model.TMin, model.TMax); // what simplification may assume of t (docs/math.md §10.9)
            DerivedSchedule? derived = Derive(model, out List<DiagnosticInfo> notes);
            if (derived is null)
            {
                return new GeneratedSchedule(hintName, null, EquatableArray<DiagnosticInfo>.Empty);
            }

            if (derived.SwitchPointsUnknown)
            {
                DeclaredFunction declared = model.Declared.FirstOrDefault(f => f.Role == FunctionRole.Diffusion) ?? model.Declared[0];
                return Fail(hintName, model, DiagnosticInfo.Create(
                    DiagnosticDescriptors.PiecewiseIntegrandUnlocated, declared.Location ?? model.Location, model.Type.Declaration.Name));
            }

            int size = ScheduleDeriver.LargestSize(derived);
            if (size > ScheduleDeriver.MaxSize)
            {
                DeclaredFunction declared = model.Declared[0];
                return Fail(hintName, model, DiagnosticInfo.Create(
                    DiagnosticDescriptors.ExpressionTooLarge,
                    declared.Location ?? model.Location,
                    declared.Role.ToString(),
                    declared.MethodName,
                    $"a derived function has {size} nodes, more than the {ScheduleDeriver.MaxSize} the engine emits"));
            }

            cancellationToken.ThrowIfCancellationRequested();
            notes.AddRange(ScheduleChecks.Check(derived, model.TMin, model.TMax).Select(finding => Warning(model, finding)));
            return new GeneratedSchedule(hintName, ScheduleEmitter.Emit(model, derived), notes.ToEquatableArray());
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            return Fail(hintName, model, DiagnosticInfo.Create(
                DiagnosticDescriptors.InternalError, model.Location, model.Type.FullName, exception.GetType().Name + ": " + exception.Message));
        }
    }

    /// <summary>The derived schedule, with an info note per integrated function saying which path it took.</summary>
    private static DerivedSchedule? Derive(ScheduleModel model, out List<DiagnosticInfo> notes)
    {
        notes = new List<DiagnosticInfo>();
        if (model.Kind == DeclarationKind.SigmaAndScale)
        {
            Expr? sigma = model.Find(FunctionRole.Sigma);
            return sigma is null ? null : ScheduleDeriver.Derive(sigma, model.Find(FunctionRole.Scale), model.TMin, model.TMax);
        }

        Expr? drift = model.Find(FunctionRole.Drift), diffusion = model.Find(FunctionRole.Diffusion);
        if (drift is null || diffusion is null)
        {
            return null;
        }

        DerivedSchedule derived = ScheduleDeriver.DeriveFromSde(drift, diffusion, model.TMin, model.TMax);
        string name = model.Type.Declaration.Name;
        LocationInfo? driftAt = model.Declared.First(f => f.Role == FunctionRole.Drift).Location;
        LocationInfo? diffusionAt = model.Declared.First(f => f.Role == FunctionRole.Diffusion).Location;
        notes.Add(PathNote(name, "s(t) = exp(integral_0^t f)", derived.Scale, driftAt));
        notes.Add(PathNote(name, "sigma(t)^2 = integral_0^t g^2 / s^2", Power.Of(derived.Sigma, new Num(2)), diffusionAt));
        return derived;
    }

    /// <summary>A check's finding as a warning at the method that declares the function it concerns.</summary>
    private static DiagnosticInfo Warning(ScheduleModel model, ScheduleFinding finding)
    {
        FunctionRole role = finding.Function is "s" or "s'" or "f"
            ? (model.Kind == DeclarationKind.DriftAndDiffusion ? FunctionRole.Drift : FunctionRole.Scale)
            : (model.Kind == DeclarationKind.DriftAndDiffusion ? FunctionRole.Diffusion : FunctionRole.Sigma);
        LocationInfo? location = model.Declared.FirstOrDefault(f => f.Role == role)?.Location
            ?? model.Declared.FirstOrDefault()?.Location
            ?? model.Location;
        string name = model.Type.Declaration.Name;
        string t = finding.T.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return finding.Problem switch
        {
            ScheduleProblem.SigmaNotIncreasing => DiagnosticInfo.Create(DiagnosticDescriptors.SigmaNotIncreasing, location, name, t, finding.Detail),
            ScheduleProblem.ScaleNotPositive => DiagnosticInfo.Create(DiagnosticDescriptors.ScaleNotPositive, location, name, t, finding.Detail),
            ScheduleProblem.NegativeDiffusionSquared => DiagnosticInfo.Create(DiagnosticDescriptors.NegativeDiffusionSquared, location, name, t, finding.Detail),
            ScheduleProblem.NotFinite => DiagnosticInfo.Create(DiagnosticDescriptors.NotFinite, location, name, finding.Function, t, finding.Detail),
            ScheduleProblem.NotDifferentiable => DiagnosticInfo.Create(DiagnosticDescriptors.NotDifferentiable, location, name, finding.Function, t, finding.Detail),
            _ => DiagnosticInfo.Create(DiagnosticDescriptors.SigmaStartsFarFromZero, location, name, finding.Detail),
        };
    }

    private static DiagnosticInfo PathNote(string schedule, string what, Expr result, LocationInfo? location)
        => ScheduleDeriver.NeedsQuadrature(result)
            ? DiagnosticInfo.Create(DiagnosticDescriptors.IntegratedByQuadrature, location, schedule, what)
            : DiagnosticInfo.Create(DiagnosticDescriptors.IntegratedInClosedForm, location, schedule, what, new ExpressionPrinter(Notation.Math).Print(result));

    private static GeneratedSchedule Fail(string hintName, ScheduleModel model, DiagnosticInfo diagnostic)
        => new(hintName, null, model.Diagnostics.Concat(new[] { diagnostic }).ToEquatableArray());

    /// <summary>
    /// The hint name: the type's full name with the characters a file name cannot take replaced. The compiler
    /// compares hint names ignoring case, so when a type or namespace on the way has a case twin (Foo and foo,
    /// both schedules, would both be N.foo.g.cs to it and the second AddSource would throw: CS8785, every
    /// generated file lost) a stable hash of the case-sensitive name is appended.
    /// </summary>
    private static string HintName(TypeShape type)
    {
        string name = HintPart(type.FullName);
        if (!type.HasCaseTwin)
        {
            return name + ".g.cs";
        }

        uint hash = 2166136261; // FNV-1a: stable across processes, unlike string.GetHashCode
        foreach (char c in type.FullName)
        {
            hash = (hash ^ c) * 16777619;
        }

        return name + "." + hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + ".g.cs";
    }

    /// <summary>A name with the characters a file name cannot take replaced (&lt;T&gt; becomes {T}).</summary>
    internal static string HintPart(string fullName)
    {
        var name = new System.Text.StringBuilder();
        foreach (char c in fullName)
        {
            name.Append(c switch
            {
                '<' => '{',
                '>' => '}',
                ' ' => '_',
                _ when char.IsLetterOrDigit(c) || c == '.' || c == '_' || c == ',' => c,
                _ => '_',
            });
        }

        return name.ToString();
    }
}
