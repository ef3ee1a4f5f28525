using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using SdeDsl.Generators.Collections;
using SdeDsl.Generators.Derivation;
using SdeDsl.Generators.Diagnostics;
using SdeDsl.Generators.Emit;
using SdeDsl.Generators.Model;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Pipeline;

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

    /// <summary>The build-time quadrature budget of one schedule (<see cref="ExpressionLimits.BuildTimeQuadratureEvaluations"/>).</summary>
    public const long BuildTimeQuadratureEvaluations = ExpressionLimits.BuildTimeQuadratureEvaluations;

    public static GeneratedSchedule Generate(ScheduleModel model, CancellationToken cancellationToken)
    {
        string hintName = HintNames.For(model.Type);
        if (model.Diagnostics.Any(d => d.IsError))
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
            using IDisposable evaluationRange = Facts.AssumeOrSample(model.TMin, model.TMax); // what simplification may assume of t (docs/math.md §10.11)
            DerivedSchedule? derived = Derive(model, out List<DiagnosticInfo> notes);
            if (derived is null)
            {
                return new GeneratedSchedule(hintName, null, model.Diagnostics);
            }

            if (derived.SwitchPointsUnknown)
            {
                return Fail(hintName, model, GenerationDiagnostics.SwitchPointsUnknown(model));
            }

            if (derived.DivergentIntegral is (string integrand, double exponent, var at))
            {
                return Fail(hintName, model, GenerationDiagnostics.DivergentIntegral(model, integrand, exponent, at));
            }

            int size = ScheduleDeriver.LargestSize(derived);
            if (size > ExpressionLimits.MaxSize)
            {
                return Fail(hintName, model, GenerationDiagnostics.DerivedTooLarge(model, size, ExpressionLimits.MaxSize));
            }

            cancellationToken.ThrowIfCancellationRequested();
            notes.AddRange(ScheduleChecks.Check(derived, model.TMin, model.TMax).Select(finding => ScheduleCheckDiagnostics.From(model, finding)));
            return new GeneratedSchedule(hintName, ScheduleEmitter.Emit(model, derived), notes.ToEquatableArray());
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            return Fail(hintName, model, GenerationDiagnostics.InternalError(model, exception));
        }
    }

    /// <summary>The derived schedule, with an info note per integrated function saying which path it took.</summary>
    private static DerivedSchedule? Derive(ScheduleModel model, out List<DiagnosticInfo> notes)
    {
        notes = new List<DiagnosticInfo>(model.Diagnostics); // the parser's warnings (SDE020) come first
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
        notes.Add(GenerationDiagnostics.IntegrationPath(model, FunctionRole.Drift, "s(t) = exp(integral_0^t f)", ClosedForm(derived.Scale)));
        notes.Add(GenerationDiagnostics.IntegrationPath(model, FunctionRole.Diffusion, "sigma(t)^2 = integral_0^t g^2 / s^2", ClosedForm(Power.Of(derived.Sigma, new Num(2)))));
        return derived;
    }

    /// <summary>The integrated function as readable math, or null when it needs quadrature at each call.</summary>
    private static string? ClosedForm(Expr result)
        => ScheduleDeriver.NeedsQuadrature(result) ? null : new ExpressionPrinter(Notation.Math).Print(result);

    private static GeneratedSchedule Fail(string hintName, ScheduleModel model, DiagnosticInfo diagnostic)
        => new(hintName, null, model.Diagnostics.Concat(new[] { diagnostic }).ToEquatableArray());
}
