using System;
using System.Collections.Generic;
using System.Linq;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Derivation;

/// <summary>
/// Whether integral_0^t h diverges at 0 (docs/math.md §10.4): h behaves like c t^-p near 0 with the exponent
/// p = log(|h(t1)| / |h(t2)|) / log(t2 / t1) measured at t1 = 1e-8 TMax and t2 = 1e-6 TMax; p &gt;= 0.99 diverges
/// (f = -1/t: p = 1; g^2 = 1/t^2: p = 2), while integrable singularities (t^-1/2, log t, 1/(t log^2 t): p &lt;= 0.9)
/// pass. A slower divergence than any power (1/(t |log t|)) is not detected; its quadrature then fails at run time.
/// <see cref="Inside"/> applies the same exponent rule on both sides of a singularity located inside (0, TMax)
/// (docs/math.md §10.4).
/// </summary>
internal static class Divergence
{
    /// <summary>The exponent above which the integral is reported divergent.</summary>
    public const double ExponentThreshold = 0.99;

    /// <summary>Sample count per family of <see cref="TimeGrid"/> (uniform and geometric: at most 2 x 257 - 2 points).</summary>
    public const int GridCount = 257;

    /// <summary>Candidates refined at most (the largest |h| first): each costs at most <see cref="RefineSteps"/> + 6 evaluations.</summary>
    public const int MaxCandidates = 32;

    /// <summary>Bisection or golden-section steps per candidate: 0.5^80 and 0.618^80 shrink any bracket below one ulp.</summary>
    public const int RefineSteps = 80;

    /// <summary>The measured exponent p when h is not integrable at 0, else null (also when h cannot be evaluated).</summary>
    public static double? AtZero(Expr h, double tMax)
    {
        if (!(tMax > 0))
        {
            return null;
        }

        double t1 = 1e-8 * tMax, t2 = 1e-6 * tMax;
        double? p = Growth(Value(h, t1), Value(h, t2), t2 / t1);
        return p >= ExponentThreshold ? p : null;
    }

    /// <summary>
    /// The exponent p of |h| ~ d^-p measured at two distances from the singular point whose ratio is
    /// <paramref name="distanceRatio"/> (far / near): log(|h(near)| / |h(far)|) / log(ratio); +inf when h(near) is
    /// infinite; null when either value is NaN (or unknown) or h(far) is 0.
    /// </summary>
    private static double? Growth(double near, double far, double distanceRatio)
    {
        if (double.IsNaN(near) || double.IsNaN(far) || far == 0)
        {
            return null;
        }

        return double.IsInfinity(near) ? double.PositiveInfinity : Math.Log(Math.Abs(near) / Math.Abs(far)) / Math.Log(distanceRatio);
    }

    /// <summary>
    /// A non-integrable singularity of h inside (0, TMax) (docs/math.md §10.4; a pole within 1e-8 TMax of TMax is left
    /// to SDE204, which reports the non-finite value there): its location a and the exponent p of
    /// its |t - a|^-p growth (the larger of the two sides), else null (also when h cannot be evaluated). h is sampled on
    /// <see cref="TimeGrid"/> over [1e-6 TMax, TMax] (below that <see cref="AtZero"/> decides); candidates are the
    /// non-finite samples, the sign changes (odd poles 1/(t - a), refined by bisection) and the local maxima of |h|
    /// (even poles 1/(t - a)^2, refined by golden section), the <see cref="MaxCandidates"/> with the largest |h|
    /// first. Each refined a is decided by p = log(|h(a +- d1)| / |h(a +- d2)|) / log(d2 / d1), d1 = 1e-8 TMax,
    /// d2 = 1e-6 TMax, as at 0: roots (p = -1), jumps and smooth peaks (p = 0) and integrable singularities
    /// (|t - a|^-1/2, log |t - a|) pass. At most 2 GridCount + MaxCandidates (RefineSteps + 6) = 3,266 evaluations.
    /// Never throws.
    /// </summary>
    public static (double At, double Exponent)? Inside(Expr h, double tMax)
    {
        if (!(tMax > 0) || double.IsInfinity(tMax))
        {
            return null;
        }

        double[] x = TimeGrid.Points(1e-6 * tMax, tMax, GridCount);
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            if (Evaluator.Evaluate(h, Var.T, x[i]) is not double value)
            {
                return null; // unknown at build time (a static readonly constant): nothing to decide
            }

            y[i] = value;
        }

        var candidates = new List<(double Weight, Func<double> Locate)>();
        for (int i = 0; i < x.Length; i++)
        {
            int k = i;
            if (!IsFinite(y[k]))
            {
                candidates.Add((double.PositiveInfinity, () => x[k]));
                continue;
            }

            if (k + 1 < x.Length && IsFinite(y[k + 1]) && y[k] * y[k + 1] < 0)
            {
                candidates.Add((Math.Min(Math.Abs(y[k]), Math.Abs(y[k + 1])), () => SignChange(h, x[k], x[k + 1], y[k])));
            }

            bool aboveLeft = k > 0 && IsFinite(y[k - 1]) && Math.Abs(y[k]) > Math.Abs(y[k - 1]);
            bool aboveRight = k + 1 == x.Length || (IsFinite(y[k + 1]) && Math.Abs(y[k]) >= Math.Abs(y[k + 1]));
            if (aboveLeft && aboveRight)
            {
                double right = k + 1 < x.Length ? x[k + 1] : x[k];
                candidates.Add((Math.Abs(y[k]), () => LargestMagnitude(h, x[k - 1], right)));
            }
        }

        (double At, double Exponent)? worst = null;
        foreach (var candidate in candidates.OrderByDescending(c => c.Weight).Take(MaxCandidates))
        {
            double a = candidate.Locate();
            if (!(tMax - a > 1e-8 * tMax))
            {
                continue; // a pole at TMax itself: the integral exists on [TMin, TMax) and SDE204 reports the value at TMax
            }

            if (Exponent(h, a, tMax) is double p && p >= ExponentThreshold && (worst is null || p > worst.Value.Exponent))
            {
                worst = (a, p);
            }
        }

        return worst;
    }

    private static bool IsFinite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);

    private static double Value(Expr h, double t) => Evaluator.Evaluate(h, Var.T, t) ?? double.NaN;

    /// <summary>Bisection of [lo, hi] keeping the sign change (h(lo) has the sign of <paramref name="atLo"/>).</summary>
    private static double SignChange(Expr h, double lo, double hi, double atLo)
    {
        for (int step = 0; step < RefineSteps; step++)
        {
            double mid = lo + (hi - lo) / 2;
            if (mid <= lo || mid >= hi)
            {
                break;
            }

            double v = Value(h, mid);
            if (!IsFinite(v))
            {
                return mid;
            }

            if (v * atLo > 0)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return lo + (hi - lo) / 2;
    }

    /// <summary>Golden-section search for the largest |h| on [lo, hi]; a non-finite value is the singularity itself.</summary>
    private static double LargestMagnitude(Expr h, double lo, double hi)
    {
        const double InverseGolden = 0.6180339887498949;
        double Magnitude(double t)
        {
            double v = Value(h, t);
            return double.IsNaN(v) ? 0 : Math.Abs(v);
        }

        double c = hi - InverseGolden * (hi - lo), d = lo + InverseGolden * (hi - lo);
        double fc = Magnitude(c), fd = Magnitude(d);
        for (int step = 0; step < RefineSteps && c < d; step++)
        {
            if (double.IsInfinity(fc))
            {
                return c;
            }

            if (double.IsInfinity(fd))
            {
                return d;
            }

            if (fc >= fd)
            {
                hi = d;
                d = c;
                fd = fc;
                c = hi - InverseGolden * (hi - lo);
                fc = Magnitude(c);
            }
            else
            {
                lo = c;
                c = d;
                fc = fd;
                d = lo + InverseGolden * (hi - lo);
                fd = Magnitude(d);
            }
        }

        return fc >= fd ? c : d;
    }

    /// <summary>The larger growth exponent of the two sides of <paramref name="a"/> that lie in (0, TMax], or null.</summary>
    private static double? Exponent(Expr h, double a, double tMax)
    {
        double d1 = 1e-8 * tMax, d2 = 1e-6 * tMax;
        double? largest = null;
        foreach (int side in new[] { -1, 1 })
        {
            double near = a + side * d1, far = a + side * d2;
            if (!(far > 0) || far > tMax)
            {
                continue;
            }

            double hFar = Value(h, far);
            if (double.IsInfinity(hFar) || Growth(Value(h, near), hFar, d2 / d1) is not double p)
            {
                continue;
            }

            largest = largest is double q ? Math.Max(q, p) : p;
        }

        return largest;
    }
}
