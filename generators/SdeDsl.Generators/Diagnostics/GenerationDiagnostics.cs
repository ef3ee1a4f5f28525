using System;
using System.Linq;
using SdeDsl.Generators.Model;

namespace SdeDsl.Generators.Diagnostics;

/// <summary>
/// What the derive-and-emit stage (Pipeline/ScheduleGeneration) found, as diagnostics: how each integral of an
/// (f, g) declaration was computed (SDE101/SDE102), why a schedule could not be generated (SDE014, SDE019) and
/// internal failures (SDE900), each at the declaration it concerns.
/// </summary>
internal static class GenerationDiagnostics
{
    /// <summary>SDE101 with the closed form, or SDE102 when <paramref name="closedForm"/> is null (quadrature at each call).</summary>
    public static DiagnosticInfo IntegrationPath(ScheduleModel model, FunctionRole declaredBy, string what, string? closedForm)
    {
        LocationInfo? location = model.Declared.FirstOrDefault(f => f.Role == declaredBy)?.Location ?? model.Location;
        string name = model.Type.Declaration.Name;
        return closedForm is null
            ? DiagnosticInfo.Create(DiagnosticDescriptors.IntegratedByQuadrature, location, name, what)
            : DiagnosticInfo.Create(DiagnosticDescriptors.IntegratedInClosedForm, location, name, what, closedForm);
    }

    /// <summary>SDE019 at the diffusion (the integrand whose pieces cannot be located), else the first declared method.</summary>
    public static DiagnosticInfo SwitchPointsUnknown(ScheduleModel model)
    {
        DeclaredFunction declared = model.Declared.FirstOrDefault(f => f.Role == FunctionRole.Diffusion) ?? model.Declared[0];
        return DiagnosticInfo.Create(DiagnosticDescriptors.PiecewiseIntegrandUnlocated, declared.Location ?? model.Location, model.Type.Declaration.Name);
    }

    /// <summary>
    /// SDE207 at the declaration whose integral diverges at t = 0 (docs/math.md §10.4) or, when <paramref name="at"/>
    /// is given, at a pole t = at inside (0, TMax) (§10.4): f for s(t) = exp(int_0^t f), g for
    /// sigma(t)^2 = int_0^t g^2 / s^2; <paramref name="exponent"/> is the integrand's growth |t - at|^-exponent.
    /// </summary>
    public static DiagnosticInfo DivergentIntegral(ScheduleModel model, string integrand, double exponent, double? at)
    {
        bool drift = integrand == "f";
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        string where = at is double pole ? pole.ToString("G6", invariant) : "0";
        DeclaredFunction declared = model.Declared.First(f => f.Role == (drift ? FunctionRole.Drift : FunctionRole.Diffusion));
        return DiagnosticInfo.Create(
            DiagnosticDescriptors.DivergentIntegral,
            declared.Location ?? model.Location,
            model.Type.Declaration.Name,
            drift ? $"f = {declared.MethodName}" : $"g^2 / s^2 (g = {declared.MethodName})",
            at is null ? "t = 0" : $"t = {where} inside (0, TMax)",
            drift ? "f" : "g^2 / s^2",
            at is null ? "t" : $"|t - {where}|",
            exponent.ToString("0.##", invariant),
            drift ? "s(t) = exp(integral_0^t f)" : "sigma(t)^2 = integral_0^t g^2 / s^2");
    }

    /// <summary>SDE014 at the first declared method: a derived function is larger than the engine emits.</summary>
    public static DiagnosticInfo DerivedTooLarge(ScheduleModel model, int size, int maxSize)
    {
        DeclaredFunction declared = model.Declared[0];
        return DiagnosticInfo.Create(
            DiagnosticDescriptors.ExpressionTooLarge,
            declared.Location ?? model.Location,
            declared.Role.ToString(),
            declared.MethodName,
            $"a derived function has {size} nodes, more than the {maxSize} the engine emits");
    }

    /// <summary>SDE900 at the type, naming the exception.</summary>
    public static DiagnosticInfo InternalError(ScheduleModel model, Exception exception)
        => DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, model.Location, model.Type.FullName, exception.GetType().Name + ": " + exception.Message);
}
