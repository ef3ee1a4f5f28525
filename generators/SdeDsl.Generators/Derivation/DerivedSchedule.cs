using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Derivation;

/// <summary>
/// Every function of a schedule in canonical symbolic form (docs/math.md §1 and §3.1), ready to emit.
/// </summary>
internal sealed record DerivedSchedule(
    Expr Sigma,
    Expr Scale,
    Expr SigmaDerivative,
    Expr ScaleDerivative,
    Expr Drift,
    Expr Diffusion,
    Expr DiffusionSquared,
    Expr OdeStateCoefficient,
    Expr OdeDenoiserCoefficient,
    bool IsScaleIdentity,
    Expr? TimeAtSigma)
{
    /// <summary>True when declared by drift and diffusion (f and g are then as declared, s and sigma integrated).</summary>
    public bool DeclaredBySde { get; init; }

    /// <summary>
    /// True when an integral left to quadrature has a piecewise integrand whose switch points are not known at build
    /// time (its condition reads a hyper-parameter or a static readonly member): SDE019, nothing is emitted.
    /// </summary>
    public bool SwitchPointsUnknown { get; init; }

    /// <summary>
    /// An integral of a declaration by f and g that diverges (SDE207, nothing is emitted): which integrand
    /// ("f" or "g^2"), the exponent p of its |t - At|^-p growth and where: At null for t = 0 (docs/math.md §10.4), else
    /// the pole inside (0, TMax) (§10.4); null when both integrals exist.
    /// </summary>
    public (string Integrand, double Exponent, double? At)? DivergentIntegral { get; init; }
}
