using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace SdeDsl.Generated;

/// <summary>
/// <para>exp(x) - 1 and log(1 + x) to a few ulps for small |x|, where the textbook forms cancel.</para>
/// <para><b>For generated code only; not a supported API.</b> This type exists so the code SdeDsl's source generator emits can call it
/// (as <c>global::SdeDsl.Generated.AccurateMath</c>); it is hidden from IntelliSense and may change or disappear in any release.</para>
/// </summary>
/// <remarks>
/// The generator emits these wherever exp(u) - 1 or log(1 + u) arises (VP's sigma near t = 0 depends
/// on it). <c>double.ExpM1</c> and <c>double.LogP1</c> are not used: in .NET 10 they are implemented as
/// <c>Math.Exp(x) - 1</c> and <c>Math.Log(x + 1)</c> and lose every digit at |x| near 1e-16.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
// Also compiled into the generator (linked source, SDEDSL_GENERATOR defined), where it is internal: a project that
// references both assemblies (the generator tests) never sees two public SdeDsl.Generated types of one name.
#if SDEDSL_GENERATOR
internal
#else
public
#endif
static class AccurateMath
{
    /// <summary>exp(x) - 1 without cancellation (Kahan's correction: (u - 1) x / log u with u = exp x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ExpM1(double x)
    {
        if (!(Math.Abs(x) < 0.5))
        {
            return Math.Exp(x) - 1; // no cancellation here; also passes NaN and infinities through
        }

        double u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        double um1 = u - 1.0;
        return um1 * x / Math.Log(u);
    }

    /// <summary>log(1 + x) without cancellation (Goldberg's correction: log(u) x / (u - 1) with u = 1 + x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogP1(double x)
    {
        if (!(Math.Abs(x) < 0.5))
        {
            return Math.Log(1.0 + x); // 1 + x is exact or harmless here; passes NaN and infinities through
        }

        double u = 1.0 + x;
        if (u == 1.0)
        {
            return x;
        }

        return Math.Log(u) * x / (u - 1.0);
    }
}
