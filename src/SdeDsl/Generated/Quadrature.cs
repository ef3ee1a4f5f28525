using System;
using System.ComponentModel;

namespace SdeDsl.Generated;

/// <summary>
/// <para>Adaptive Gauss-Kronrod quadrature (the G7-K15 pair of QUADPACK's QK15, with its error estimate),
/// bisecting intervals until each meets its share of a relative tolerance near double precision. No
/// allocation: recursion on the stack, bounded in depth and in total evaluations.</para>
/// <para><b>For generated code only; not a supported API.</b> This type exists so the code SdeDsl's source generator emits can call it
/// (as <c>global::SdeDsl.Generated.Quadrature</c>); it is hidden from IntelliSense and may change or disappear in any release.</para>
/// </summary>
/// <remarks>
/// Generated schedules declared by drift and diffusion call this for integrals the generator cannot do
/// in closed form (s(t) = exp(integral_0^t f), sigma(t)^2 = integral_0^t g^2/s^2, docs/math.md §1; the quadrature itself is docs/math.md §10.4).
/// This file is compiled into the generator too, which evaluates the same integrals at build time.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
// Also compiled into the generator (linked source, SDEDSL_GENERATOR defined), where it is internal: a project that
// references both assemblies (the generator tests) never sees two public SdeDsl.Generated types of one name.
#if SDEDSL_GENERATOR
internal
#else
public
#endif
static class Quadrature
{
    /// <summary>The relative accuracy asked of every integral.</summary>
    internal const double RelativeTolerance = 1e-14;

    /// <summary>The deepest bisection; 2^-40 of the interval is far below any smooth integrand's needs.</summary>
    internal const int MaxDepth = 40;

    /// <summary>The most 15-point panels one integral may use.</summary>
    internal const int MaxPanels = 4000;

    // 50 machine epsilons: the round-off level of a 15-point weighted sum (QUADPACK).
    internal const double RoundOff = 50 * 2.220446049250313e-16;

    // Kronrod abscissae (descending) and weights; Gauss weights for the odd-indexed abscissae and the centre.
    internal static readonly double[] Xk =
    {
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
        0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0.0,
    };

    internal static readonly double[] Wk =
    {
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
        0.140653259715525918745189590510238, 0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
    };

    internal static readonly double[] Wg =
    {
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780, 0.381830050505118944950369775488975,
        0.417959183673469387755102040816327,
    };

    /// <summary>The integral of <paramref name="integrand"/> from <paramref name="a"/> to <paramref name="b"/>.</summary>
    public static double Integrate<TIntegrand>(in TIntegrand integrand, double a, double b)
        where TIntegrand : IIntegrand
    {
        if (a == b)
        {
            return 0;
        }

        double whole = Panel(integrand, a, b, out double error, out double magnitude);
        int panels = 1;
        double tolerance = Math.Max(RelativeTolerance * magnitude, 1e-300);
        return Refine(integrand, a, b, whole, error, magnitude, tolerance, 0, ref panels);
    }

    private static double Refine<TIntegrand>(
        in TIntegrand integrand, double a, double b, double estimate, double error, double magnitude, double tolerance, int depth, ref int panels)
        where TIntegrand : IIntegrand
    {
        // Done when the panel meets its share of the tolerance, or its error is at the round-off of its
        // own sum (QUADPACK's 50 eps floor), where bisecting further cannot help.
        if (!(error > Math.Max(tolerance, RoundOff * magnitude)) || depth >= MaxDepth || panels >= MaxPanels)
        {
            return estimate;
        }

        double middle = 0.5 * (a + b);
        double left = Panel(integrand, a, middle, out double leftError, out double leftMagnitude);
        double right = Panel(integrand, middle, b, out double rightError, out double rightMagnitude);
        panels += 2;
        return Refine(integrand, a, middle, left, leftError, leftMagnitude, 0.5 * tolerance, depth + 1, ref panels)
             + Refine(integrand, middle, b, right, rightError, rightMagnitude, 0.5 * tolerance, depth + 1, ref panels);
    }

    /// <summary>One 15-point Kronrod panel with QUADPACK's error estimate; <paramref name="magnitude"/> is the integral of |f|.</summary>
    private static double Panel<TIntegrand>(in TIntegrand integrand, double a, double b, out double error, out double magnitude)
        where TIntegrand : IIntegrand
    {
        double centre = 0.5 * (a + b), half = 0.5 * (b - a);
        Span<double> lower = stackalloc double[7];
        Span<double> upper = stackalloc double[7];
        double fc = integrand.Evaluate(centre);
        double gauss = fc * Wg[3], kronrod = fc * Wk[7], absolute = Math.Abs(kronrod);
        for (int j = 0; j < 7; j++)
        {
            double x = half * Xk[j];
            double f1 = integrand.Evaluate(centre - x), f2 = integrand.Evaluate(centre + x);
            lower[j] = f1;
            upper[j] = f2;
            kronrod += Wk[j] * (f1 + f2);
            absolute += Wk[j] * (Math.Abs(f1) + Math.Abs(f2));
            if (j % 2 == 1)
            {
                gauss += Wg[j / 2] * (f1 + f2);
            }
        }

        double mean = 0.5 * kronrod;
        double spread = Wk[7] * Math.Abs(fc - mean);
        for (int j = 0; j < 7; j++)
        {
            spread += Wk[j] * (Math.Abs(lower[j] - mean) + Math.Abs(upper[j] - mean));
        }

        magnitude = absolute * Math.Abs(half);
        error = PanelError(kronrod, gauss, half, spread);
        return kronrod * half;
    }

    /// <summary>
    /// QUADPACK's error estimate of one G7-K15 panel of half-width <paramref name="half"/>: |K - G| h, sharpened by the
    /// spread of the integrand about its mean (<paramref name="spread"/>, unscaled) as min(1, (200 |K - G| / spread)^1.5).
    /// </summary>
    internal static double PanelError(double kronrod, double gauss, double half, double spread)
    {
        spread *= Math.Abs(half);
        double error = Math.Abs((kronrod - gauss) * half);
        return spread != 0 && error != 0 ? spread * Math.Min(1, Math.Pow(200 * error / spread, 1.5)) : error;
    }
}
