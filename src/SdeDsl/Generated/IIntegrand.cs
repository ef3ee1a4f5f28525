using System.ComponentModel;

namespace SdeDsl.Generated;

/// <summary>
/// <para>A function of one variable for <see cref="Quadrature"/> (implemented by generated structs, so calls inline).</para>
/// <para><b>For generated code only; not a supported API.</b> This type exists so the code SdeDsl's source generator emits can call it
/// (as <c>global::SdeDsl.Generated.IIntegrand</c>); it is hidden from IntelliSense and may change or disappear in any release.</para>
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
// Also compiled into the generator (linked source, SDEDSL_GENERATOR defined), where it is internal: a project that
// references both assemblies (the generator tests) never sees two public SdeDsl.Generated types of one name.
#if SDEDSL_GENERATOR
internal
#else
public
#endif
interface IIntegrand
{
    /// <summary>The integrand's value at <paramref name="t"/>.</summary>
    double Evaluate(double t);
}
