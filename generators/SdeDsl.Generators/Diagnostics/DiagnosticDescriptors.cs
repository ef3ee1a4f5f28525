using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SdeDsl.Generators.Diagnostics;

/// <summary>
/// Every diagnostic the generator and the analyzers report. Ids are stable: SDE0xx for declarations the generator
/// cannot accept, SDE1xx for notes on how a schedule was derived, SDE2xx for schedules that go wrong on their range,
/// SDE3xx for uses of the runtime that cannot work (reported by the analyzers in <c>Analyzers/</c>), SDE9xx for the
/// generator's own failures. Each is listed in AnalyzerReleases.Unshipped.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "SdeDsl";

    public static readonly DiagnosticDescriptor TypeNotPartial = Error(
        "SDE001",
        "Noise schedule type must be partial",
        "'{0}' must be declared partial so SdeDsl can generate the members of noise schedule '{1}'");

    public static readonly DiagnosticDescriptor NothingDeclared = Error(
        "SDE002",
        "Noise schedule declares no functions",
        "Noise schedule '{0}' declares no [Sigma] method (or [Drift] and [Diffusion] methods)");

    public static readonly DiagnosticDescriptor MixedDeclaration = Error(
        "SDE003",
        "Noise schedule mixes (s, sigma) and (f, g)",
        "Noise schedule '{0}' declares both [{1}] and [{2}]; declare it either by sigma (and optionally s) or by drift and diffusion, not both");

    public static readonly DiagnosticDescriptor IncompletePair = Error(
        "SDE004",
        "Noise schedule declares half a pair",
        "Noise schedule '{0}' declares [{1}] but no [{2}]");

    public static readonly DiagnosticDescriptor DuplicateRole = Error(
        "SDE005",
        "Function declared twice",
        "Noise schedule '{0}' already declares a [{1}] method; '{2}' is a second one");

    public static readonly DiagnosticDescriptor WrongSignature = Error(
        "SDE006",
        "Schedule method has the wrong signature",
        "[{0}] method '{1}' must have the signature 'double {1}(double t)'");

    public static readonly DiagnosticDescriptor BodyNotSingleExpression = Error(
        "SDE007",
        "Schedule method body is not a single expression",
        "[{0}] method '{1}' must have an expression body or a body of a single return statement");

    public static readonly DiagnosticDescriptor UnsupportedConstruct = Error(
        "SDE008",
        "Unsupported construct in a schedule expression",
        "{0} is not supported in a schedule expression: {1}");

    public static readonly DiagnosticDescriptor UnknownIdentifier = Error(
        "SDE009",
        "Identifier is not t or a constant",
        "'{0}' cannot be used in a schedule expression: {1}");

    public static readonly DiagnosticDescriptor InvalidTimeRange = Error(
        "SDE010",
        "Invalid time range",
        "Noise schedule '{0}' has an invalid time range: {1}");

    public static readonly DiagnosticDescriptor MissingTimeRange = Error(
        "SDE011",
        "Time range not set",
        "Noise schedule '{0}' must set both TMin and TMax, e.g. [NoiseSchedule(TMin = 0.002, TMax = 80)]");

    public static readonly DiagnosticDescriptor NameCollision = Error(
        "SDE012",
        "Member name collides with a generated member",
        "'{0}' collides with the member SdeDsl generates for noise schedule '{1}'; rename or remove it");

    public static readonly DiagnosticDescriptor StaticSchedule = Error(
        "SDE013",
        "Noise schedule type cannot be static",
        "Noise schedule '{0}' cannot be static: it implements INoiseSchedule with instance members; declare 'partial struct {0}'");

    public static readonly DiagnosticDescriptor ExpressionTooLarge = Error(
        "SDE014",
        "Schedule expression too large",
        "The expression of [{0}] method '{1}' is too large for the symbolic engine: {2}");

    public static readonly DiagnosticDescriptor ScheduleNotStruct = Error(
        "SDE015",
        "Noise schedule type must be a struct",
        "[NoiseSchedule] types must be structs: the samplers are generic over struct schedules so the JIT specialises them; declare '{0}'");

    public static readonly DiagnosticDescriptor RecursiveHelper = Error(
        "SDE016",
        "Helper method calls itself",
        "'{0}' cannot be inlined into a schedule expression: it calls itself ({1}); helpers are inlined symbolically, so they cannot recurse");

    public static readonly DiagnosticDescriptor HelperNotInlinable = Error(
        "SDE017",
        "Helper method cannot be inlined",
        "'{0}' cannot be inlined into a schedule expression: {1}");

    public static readonly DiagnosticDescriptor InvalidHyperParameter = Error(
        "SDE018",
        "Hyper-parameter cannot be used",
        "'{0}' cannot be used as a hyper-parameter of the schedule: {1}");

    public static readonly DiagnosticDescriptor PiecewiseIntegrandUnlocated = Error(
        "SDE019",
        "Piecewise integrand with switch points unknown at build time",
        "Noise schedule '{0}': an integral of the (f, g) declaration has no closed form and a piecewise integrand whose condition reads a hyper-parameter or static readonly member, so the quadrature cannot be split where the pieces switch; write the condition linear in t (it then integrates in closed form) or with constants");

    // Parser diagnostics added for issue 17 (integer division).
    public static readonly DiagnosticDescriptor IntegerDivision = Warning(
        "SDE020",
        "Integer division in a schedule expression",
        "'{0}' is integer division and equals {1}; write {2}");

    public static readonly DiagnosticDescriptor IntegratedInClosedForm = new(
        "SDE101",
        "Integrated in closed form",
        "Noise schedule '{0}': {1} was integrated in closed form: {2}",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor IntegratedByQuadrature = new(
        "SDE102",
        "Integrated by numerical quadrature",
        "Noise schedule '{0}': {1} has no closed form the generator can find; it is computed by adaptive Gauss-Kronrod quadrature at each call",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SigmaNotIncreasing = Warning(
        "SDE201",
        "sigma(t) is not strictly increasing",
        "Noise schedule '{0}': sigma(t) is not strictly increasing on [TMin, TMax]; at t = {1}: {2}");

    public static readonly DiagnosticDescriptor ScaleNotPositive = Warning(
        "SDE202",
        "s(t) is not positive",
        "Noise schedule '{0}': s(t) must be positive on [TMin, TMax], but s({1}) = {2}");

    public static readonly DiagnosticDescriptor NegativeDiffusionSquared = Warning(
        "SDE203",
        "g(t)^2 is negative",
        "Noise schedule '{0}': g(t)^2 = 2 s^2 sigma' sigma must not be negative, but g^2({1}) = {2}");

    public static readonly DiagnosticDescriptor NotFinite = Warning(
        "SDE204",
        "A schedule function is not finite",
        "Noise schedule '{0}': {1}(t) is not finite at t = {2} (it is {3})");

    public static readonly DiagnosticDescriptor SigmaStartsFarFromZero = Warning(
        "SDE205",
        "sigma(TMin) is far from 0",
        "Noise schedule '{0}' does not start near the data: {1} (the check's threshold is sigma(TMin) / sigma(TMax) <= 1%)");

    public static readonly DiagnosticDescriptor NotDifferentiable = Warning(
        "SDE206",
        "sigma(t) or s(t) is not differentiable at a switch point",
        "Noise schedule '{0}': {1}(t) is not differentiable at t = {2}, where a piece of its piecewise definition switches ({3}); samplers of order 2 and above lose their order across it, so put a grid time at t = {2}");

    // ---- Derivation (issue 17): divergent integrals and skipped build-time checks (docs/math.md §10.4, §10.7).

    public static readonly DiagnosticDescriptor DivergentIntegral = Error(
        "SDE207",
        "The integral of a declared function diverges",
        "Noise schedule '{0}': the integral over (0, t] of {1} diverges at {2} ({3} grows like {4}^-{5} there), so {6} is not defined on [TMin, TMax]");

    public static readonly DiagnosticDescriptor ChecksSkipped = new(
        "SDE208",
        "Build-time schedule checks skipped",
        "Noise schedule '{0}': the build-time checks SDE201-SDE206 were skipped: evaluating {1} at t = {2} needs more than the {3} integrand evaluations build-time quadrature may use",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedElementType = new(
        "SDE301",
        "Unsupported tensor element type",
        "SdeDsl supports float and double tensors; '{0}' is not supported by '{1}'",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The samplers, kernels and denoisers of SdeDsl run on float and double tensors only; any other IBinaryFloatingPointIeee754 type (System.Half, NFloat, ...) satisfies the constraint of their type parameter but would throw NotSupportedException at run time.");

    public static readonly DiagnosticDescriptor InternalError = new(
        "SDE900",
        "SdeDsl generator internal error",
        "SdeDsl could not generate noise schedule '{0}' because of an internal error; please report it: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    private static readonly Dictionary<string, DiagnosticDescriptor> All = typeof(DiagnosticDescriptors)
        .GetFields()
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToDictionary(d => d.Id);

    public static IReadOnlyCollection<DiagnosticDescriptor> Descriptors => All.Values;

    public static DiagnosticDescriptor ById(string id) => All[id];

    private static DiagnosticDescriptor Warning(string id, string title, string message)
        => new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    private static DiagnosticDescriptor Error(string id, string title, string message)
        => new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
