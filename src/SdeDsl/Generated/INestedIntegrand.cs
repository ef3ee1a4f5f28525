using System.ComponentModel;

namespace SdeDsl.Generated;

/// <summary>
/// <para>The outer integrand of a nested pair for <see cref="NestedQuadrature"/>: a function of t and of the inner
/// integral Y(t) = integral_0^t f, which the quadrature supplies (implemented by generated structs, so calls inline).</para>
/// <para><b>For generated code only; not a supported API.</b> This type exists so the code SdeDsl's source generator emits can call it
/// (as <c>global::SdeDsl.Generated.INestedIntegrand</c>); it is hidden from IntelliSense and may change or disappear in any release.</para>
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface INestedIntegrand
{
    /// <summary>The integrand's value at <paramref name="t"/>, where the inner integral is <paramref name="inner"/>.</summary>
    double Evaluate(double t, double inner);
}
