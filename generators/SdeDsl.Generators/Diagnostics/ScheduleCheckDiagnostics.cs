using System.Globalization;
using System.Linq;
using SdeDsl.Generators.Derivation;
using SdeDsl.Generators.Model;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Diagnostics;

/// <summary>
/// The build-time checks' findings (Derivation/ScheduleChecks, docs/math.md §17) as diagnostics: each is an SDE2xx
/// warning at the method that declares the function it concerns. The checks find problems; this says them.
/// </summary>
internal static class ScheduleCheckDiagnostics
{
    public static DiagnosticInfo From(ScheduleModel model, ScheduleFinding finding)
    {
        LocationInfo? location = LocationOf(model, finding.Function);
        string name = model.Type.Declaration.Name;
        string t = finding.T.ToString("R", CultureInfo.InvariantCulture);
        return finding.Problem switch
        {
            ScheduleProblem.SigmaNotIncreasing => DiagnosticInfo.Create(DiagnosticDescriptors.SigmaNotIncreasing, location, name, t, finding.Detail),
            ScheduleProblem.ScaleNotPositive => DiagnosticInfo.Create(DiagnosticDescriptors.ScaleNotPositive, location, name, t, finding.Detail),
            ScheduleProblem.NegativeDiffusionSquared => DiagnosticInfo.Create(DiagnosticDescriptors.NegativeDiffusionSquared, location, name, t, finding.Detail),
            ScheduleProblem.NotFinite => DiagnosticInfo.Create(DiagnosticDescriptors.NotFinite, location, name, finding.Function, t, finding.Detail),
            ScheduleProblem.NotDifferentiable => DiagnosticInfo.Create(DiagnosticDescriptors.NotDifferentiable, location, name, finding.Function, t, finding.Detail),
            ScheduleProblem.ChecksSkipped => DiagnosticInfo.Create(DiagnosticDescriptors.ChecksSkipped, location, name, finding.Function, t, ExpressionLimits.BuildTimeQuadratureEvaluations.ToString(CultureInfo.InvariantCulture)),
            _ => DiagnosticInfo.Create(DiagnosticDescriptors.SigmaStartsFarFromZero, location, name, finding.Detail),
        };
    }

    /// <summary>
    /// The declared method a function comes from: s, s' and f from [Scale] or [Drift], everything else from [Sigma]
    /// or [Diffusion]; the first declared method, or the type, when that one is not declared (s = 1 by default).
    /// </summary>
    public static LocationInfo? LocationOf(ScheduleModel model, string function)
    {
        bool bySde = model.Kind == DeclarationKind.DriftAndDiffusion;
        FunctionRole role = function is "s" or "s'" or "f"
            ? (bySde ? FunctionRole.Drift : FunctionRole.Scale)
            : (bySde ? FunctionRole.Diffusion : FunctionRole.Sigma);
        return model.Declared.FirstOrDefault(f => f.Role == role)?.Location
               ?? model.Declared.FirstOrDefault()?.Location
               ?? model.Location;
    }
}
