using System;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Derivation;

/// <summary>
/// Whether integral_0^t h diverges at 0 (docs/math.md §10.4): h behaves like c t^-p near 0 with the exponent
/// p = log(|h(t1)| / |h(t2)|) / log(t2 / t1) measured at t1 = 1e-8 TMax and t2 = 1e-6 TMax; p &gt;= 0.99 diverges
/// (f = -1/t: p = 1; g^2 = 1/t^2: p = 2), while integrable singularities (t^-1/2, log t, 1/(t log^2 t): p &lt;= 0.9)
/// pass. A slower divergence than any power (1/(t |log t|)) is not detected; its quadrature then fails at run time.
/// </summary>
internal static class Divergence
{
    /// <summary>The exponent above which the integral is reported divergent.</summary>
    public const double ExponentThreshold = 0.99;

    /// <summary>The measured exponent p when h is not integrable at 0, else null (also when h cannot be evaluated).</summary>
    public static double? AtZero(Expr h, double tMax)
    {
        if (!(tMax > 0))
        {
            return null;
        }

        double t1 = 1e-8 * tMax, t2 = 1e-6 * tMax;
        double? h1 = Evaluator.Evaluate(h, Var.T, t1), h2 = Evaluator.Evaluate(h, Var.T, t2);
        if (h1 is not double a || h2 is not double b || double.IsNaN(a) || double.IsNaN(b) || b == 0)
        {
            return null;
        }

        if (double.IsInfinity(a))
        {
            return double.PositiveInfinity;
        }

        double p = Math.Log(Math.Abs(a) / Math.Abs(b)) / Math.Log(t2 / t1);
        return p >= ExponentThreshold ? p : null;
    }
}
