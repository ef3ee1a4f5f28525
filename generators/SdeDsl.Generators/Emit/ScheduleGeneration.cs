using System;
using System.Linq;
using System.Threading;
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

            if (model.Kind == DeclarationKind.DriftAndDiffusion)
            {
                return Fail(hintName, model, DiagnosticInfo.Create(DiagnosticDescriptors.DriftDiffusionNotSupported, model.Location, model.Type.Declaration.Name));
            }

            Expr? sigma = model.Find(FunctionRole.Sigma);
            if (sigma is null)
            {
                return new GeneratedSchedule(hintName, null, EquatableArray<DiagnosticInfo>.Empty);
            }

            cancellationToken.ThrowIfCancellationRequested();
            DerivedSchedule derived = ScheduleDeriver.Derive(sigma, model.Find(FunctionRole.Scale), model.TMin, model.TMax);
            int size = ScheduleDeriver.LargestSize(derived);
            if (size > ScheduleDeriver.MaxSize)
            {
                DeclaredFunction declared = model.Declared.First(f => f.Role == FunctionRole.Sigma);
                return Fail(hintName, model, DiagnosticInfo.Create(
                    DiagnosticDescriptors.ExpressionTooLarge,
                    declared.Location ?? model.Location,
                    declared.Role.ToString(),
                    declared.MethodName,
                    $"a derived function has {size} nodes, more than the {ScheduleDeriver.MaxSize} the engine emits"));
            }

            return new GeneratedSchedule(hintName, ScheduleEmitter.Emit(model, derived), EquatableArray<DiagnosticInfo>.Empty);
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

    private static GeneratedSchedule Fail(string hintName, ScheduleModel model, DiagnosticInfo diagnostic)
        => new(hintName, null, model.Diagnostics.Concat(new[] { diagnostic }).ToEquatableArray());

    private static string HintName(TypeShape type)
    {
        var name = new System.Text.StringBuilder();
        foreach (char c in type.FullName)
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

        return name + ".g.cs";
    }
}
