using System.Collections.Generic;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// The integral from 0 to t of <paramref name="Integrand"/> (written in t as its dummy variable), for
/// integrands the <see cref="Integrator"/> has no rule for. It differentiates exactly
/// (d/dt integral_0^t h = h(t)), evaluates by adaptive quadrature, and is emitted as a call to
/// SdeDsl.Generated.Quadrature with a generated integrand struct.
/// </summary>
internal sealed record Integral(Expr Integrand) : Expr
{
    /// <summary>
    /// Points in (0, TMax] where a piece of a piecewise integrand switches (docs/math.md §18.4), ascending: the
    /// quadrature runs on each segment between them, because an adaptive rule whose nodes all lie on one side of a
    /// switch sees a smooth function and accepts a wrong value.
    /// </summary>
    public Collections.EquatableArray<double> Breakpoints { get; init; } = Collections.EquatableArray<double>.Empty;

    public override IReadOnlyList<Expr> Children => new[] { Integrand };
}
