using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// A numeric polynomial split over the reals into its leading coefficient, real roots and irreducible quadratics
/// (docs/math.md §10.13): degree 1 and 2 directly (the quadratic by the cancellation-free formula (10.1)), degree 3
/// and 4 only when rational roots (the rational root theorem on the integer-scaled coefficients) bring it down to 2.
/// </summary>
internal sealed class RealFactors
{
    private RealFactors(double leading, List<double> roots, List<(double B, double C)> quadratics)
    {
        Leading = leading;
        Roots = roots;
        Quadratics = quadratics;
    }

    /// <summary>The leading coefficient L in p = L prod (t - r) prod (t^2 + b t + c).</summary>
    public double Leading { get; }

    /// <summary>The real roots r, repeated by multiplicity.</summary>
    public List<double> Roots { get; }

    /// <summary>The monic irreducible quadratics t^2 + b t + c (b^2 &lt; 4c), repeated by multiplicity.</summary>
    public List<(double B, double C)> Quadratics { get; }

    /// <summary>The largest degree factored (by rational roots above 2).</summary>
    public const int MaxDegree = 4;

    /// <summary>
    /// Discriminants within this relative distance of 0 (b^2 and 4ac agreeing to 12 digits) are not decided: a
    /// double root and two close roots or an irreducible quadratic differ in the last digits of the coefficients.
    /// </summary>
    private const double UndecidedDiscriminant = 1e-12;

    /// <summary>The factors of <paramref name="p"/> (degree 1 to 4), or null when they cannot be found.</summary>
    public static RealFactors? Of(double[] p)
    {
        int degree = NumericPolynomial.Degree(p);
        if (degree < 1 || degree > MaxDegree)
        {
            return null;
        }

        var roots = new List<double>();
        var quadratics = new List<(double, double)>();
        double[]? rest = degree > 2 ? RationalRoots(p, roots) : p;
        if (rest is null)
        {
            return null;
        }

        bool factored = NumericPolynomial.Degree(rest) switch
        {
            2 => Quadratic(rest, roots, quadratics),
            1 => Linear(rest, roots),
            _ => true,
        };
        if (!factored)
        {
            return null;
        }

        return new RealFactors(p[degree], roots, quadratics);
    }

    private static bool Linear(double[] p, List<double> roots)
    {
        if (NumericPolynomial.Degree(p) == 0)
        {
            return true;
        }

        roots.Add(-p[0] / p[1] + 0.0);
        return true;
    }

    /// <summary>a t^2 + b t + c: real roots by (10.1) q = -(b + sign(b) sqrt(b^2 - 4ac))/2, r = q/a, c/q; else irreducible.</summary>
    private static bool Quadratic(double[] p, List<double> roots, List<(double, double)> quadratics)
    {
        double a = p[2], b = p[1], c = p[0];
        double disc = (b * b) - (4 * a * c);
        if (disc != 0 && Math.Abs(disc) <= UndecidedDiscriminant * ((b * b) + Math.Abs(4 * a * c)))
        {
            return false;
        }

        if (disc < 0)
        {
            quadratics.Add((b / a, c / a));
            return true;
        }

        if (disc == 0)
        {
            double r = -b / (2 * a) + 0.0;
            roots.Add(r);
            roots.Add(r);
            return true;
        }

        double q = -0.5 * (b + ((b >= 0 ? 1 : -1) * Math.Sqrt(disc)));
        roots.Add((q / a) + 0.0);
        roots.Add((c / q) + 0.0);
        return true;
    }

    /// <summary>The largest integer coefficient (and numerator and denominator searched) tried.</summary>
    private const long MaxInteger = 1L << 31;

    /// <summary>
    /// Rational roots p/q of a polynomial whose coefficients are exact fractions (docs/math.md §10.12): scaled to
    /// integers, each root has p | a0 and q | an (the rational root theorem); each found root is divided out exactly
    /// in integers. Returns the deflated polynomial once it is of degree 2 or less, null when the roots run out first.
    /// </summary>
    private static double[]? RationalRoots(double[] p, List<double> roots)
    {
        if (Integers(p) is not List<BigInteger> a)
        {
            return null;
        }

        while (a.Count - 1 > 2)
        {
            if (a[0].IsZero)
            {
                roots.Add(0);
                a.RemoveAt(0);
                continue;
            }

            (BigInteger P, BigInteger Q)? found = null;
            foreach (BigInteger q in Divisors(BigInteger.Abs(a[a.Count - 1])))
            {
                foreach (BigInteger num in Divisors(BigInteger.Abs(a[0])))
                {
                    foreach (BigInteger signed in new[] { num, -num })
                    {
                        if (BigInteger.GreatestCommonDivisor(signed, q).IsOne && IsRoot(a, signed, q))
                        {
                            found = (signed, q);
                            break;
                        }
                    }

                    if (found is not null)
                    {
                        break;
                    }
                }

                if (found is not null)
                {
                    break;
                }
            }

            if (found is not (BigInteger root, BigInteger denominator))
            {
                return null;
            }

            roots.Add((double)root / (double)denominator);
            a = DivideByLinear(a, root, denominator);
        }

        return a.Select(c => (double)c).ToArray();
    }

    /// <summary>The coefficients times the least common denominator of their exact fractions, or null.</summary>
    private static List<BigInteger>? Integers(double[] p)
    {
        var fractions = new List<(long P, long Q)>();
        foreach (double c in p)
        {
            if (!ExactFraction.TryRecognise(c, out long num, out long den) || Math.Abs(num) > MaxInteger)
            {
                return null;
            }

            fractions.Add((num, den));
        }

        BigInteger lcm = fractions.Aggregate(BigInteger.One, (m, f) => m * f.Q / BigInteger.GreatestCommonDivisor(m, f.Q));
        return fractions.Select(f => f.P * lcm / f.Q).ToList();
    }

    /// <summary>sum a_i p^i q^(n-i) = 0: q^n a(p/q) = 0 in integers.</summary>
    private static bool IsRoot(List<BigInteger> a, BigInteger p, BigInteger q)
    {
        BigInteger total = BigInteger.Zero;
        int n = a.Count - 1;
        for (int i = 0; i <= n; i++)
        {
            total += a[i] * BigInteger.Pow(p, i) * BigInteger.Pow(q, n - i);
        }

        return total.IsZero;
    }

    /// <summary>a(t) / (q t - p), exact: the quotient has integer coefficients by Gauss's lemma.</summary>
    private static List<BigInteger> DivideByLinear(List<BigInteger> a, BigInteger p, BigInteger q)
    {
        int n = a.Count - 1;
        var quotient = new BigInteger[n];
        BigInteger carry = BigInteger.Zero;
        for (int i = n; i >= 1; i--)
        {
            // a_i + carry = q * quotient_{i-1}; the next carry is p * quotient_{i-1}.
            BigInteger coefficient = (a[i] + carry) / q;
            quotient[i - 1] = coefficient;
            carry = p * coefficient;
        }

        return quotient.ToList();
    }

    private static IEnumerable<BigInteger> Divisors(BigInteger n)
    {
        if (n > MaxInteger)
        {
            yield break; // too many candidates to try
        }

        for (BigInteger d = BigInteger.One; d * d <= n; d++)
        {
            if ((n % d).IsZero)
            {
                yield return d;
                if (d * d != n)
                {
                    yield return n / d;
                }
            }
        }
    }
}
