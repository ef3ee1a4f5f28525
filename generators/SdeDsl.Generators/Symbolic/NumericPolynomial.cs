using System;
using System.Collections.Generic;
using System.Linq;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// Polynomials in one variable with numeric coefficients (index = power, trailing zeros trimmed), for the
/// partial-fraction rule (docs/math.md §10.13): recognition from an expression, arithmetic, long division.
/// </summary>
internal static class NumericPolynomial
{
    /// <summary>The highest degree recognised (numerators and denominators of real schedules are far lower).</summary>
    public const int MaxDegree = 8;

    /// <summary>
    /// The coefficients of <paramref name="e"/> as a polynomial in <paramref name="x"/>, or null when it is not one
    /// or a coefficient is not a number known at generation time (see <see cref="ConstantValue"/>).
    /// </summary>
    public static double[]? Of(Expr e, Var x)
    {
        if (e == x)
        {
            return new[] { 0.0, 1.0 };
        }

        if (!Differentiator.DependsOn(e, x))
        {
            return ConstantValue(e) is double c ? Trim(new[] { c }) : null;
        }

        switch (e)
        {
            case Sum s:
            {
                double[]? total = new[] { 0.0 };
                foreach (Expr term in s.Terms)
                {
                    total = Of(term, x) is double[] c ? Add(total, c) : null;
                    if (total is null)
                    {
                        return null;
                    }
                }

                return total;
            }

            case Product p:
            {
                double[]? total = new[] { 1.0 };
                foreach (Expr factor in p.Factors)
                {
                    total = Of(factor, x) is double[] c ? Multiply(total, c) : null;
                    if (total is null || Degree(total) > MaxDegree)
                    {
                        return null;
                    }
                }

                return total;
            }

            case Power { Exponent: Num { IsInteger: true, Value: >= 0 and <= MaxDegree } n } pw:
            {
                double[]? b = Of(pw.Base, x);
                if (b is null || Degree(b) * (int)n.Value > MaxDegree)
                {
                    return null;
                }

                double[] total = { 1.0 };
                for (int i = 0; i < (int)n.Value; i++)
                {
                    total = Multiply(total, b);
                }

                return total;
            }

            default:
                return null;
        }
    }

    /// <summary>
    /// The value of a constant fixed at generation time: numbers and <c>const</c> members. Hyper-parameters (an
    /// instance's value, only defaulted at build time), <c>static readonly</c> members and non-finite values give null.
    /// </summary>
    public static double? ConstantValue(Expr e)
    {
        if (Contains(e, n => n is Named { IsHyperParameter: true } or Named { Value: null } or Integral or Piecewise))
        {
            return null;
        }

        return Evaluator.Evaluate(e, Var.T, 0) is double v && !double.IsNaN(v) && !double.IsInfinity(v) ? v : null;
    }

    private static bool Contains(Expr e, Func<Expr, bool> predicate) => predicate(e) || e.Children.Any(c => Contains(c, predicate));

    /// <summary>The degree (-1 for the zero polynomial).</summary>
    public static int Degree(double[] p)
    {
        for (int i = p.Length - 1; i >= 0; i--)
        {
            if (p[i] != 0)
            {
                return i;
            }
        }

        return -1;
    }

    public static double[] Trim(double[] p) => p.Take(Math.Max(1, Degree(p) + 1)).ToArray();

    public static double[] Add(double[] a, double[] b)
        => Trim(Enumerable.Range(0, Math.Max(a.Length, b.Length)).Select(i => (i < a.Length ? a[i] : 0) + (i < b.Length ? b[i] : 0)).ToArray());

    public static double[] Scale(double[] a, double k) => Trim(a.Select(c => c * k).ToArray());

    public static double[] Multiply(double[] a, double[] b)
    {
        var result = new double[a.Length + b.Length - 1];
        for (int i = 0; i < a.Length; i++)
        {
            for (int j = 0; j < b.Length; j++)
            {
                result[i + j] += a[i] * b[j];
            }
        }

        return Trim(result);
    }

    /// <summary>p^n.</summary>
    public static double[] Raise(double[] p, int n)
    {
        double[] total = { 1.0 };
        for (int i = 0; i < n; i++)
        {
            total = Multiply(total, p);
        }

        return total;
    }

    /// <summary>Long division n = q d + r with deg r &lt; deg d (d not zero).</summary>
    public static (double[] Quotient, double[] Remainder) Divide(double[] n, double[] d)
    {
        int dn = Degree(n), dd = Degree(d);
        if (dn < dd)
        {
            return (new[] { 0.0 }, Trim(n));
        }

        var remainder = (double[])n.Clone();
        var quotient = new double[dn - dd + 1];
        for (int k = dn - dd; k >= 0; k--)
        {
            double c = remainder[k + dd] / d[dd];
            quotient[k] = c;
            for (int j = 0; j <= dd; j++)
            {
                remainder[k + j] -= c * d[j];
            }

            remainder[k + dd] = 0; // eliminated exactly by construction
        }

        return (Trim(quotient), Trim(remainder.Take(Math.Max(1, dd)).ToArray()));
    }

    /// <summary>p(t) by Horner's rule.</summary>
    public static double Evaluate(double[] p, double t)
    {
        double total = 0;
        for (int i = p.Length - 1; i >= 0; i--)
        {
            total = (total * t) + p[i];
        }

        return total;
    }

    /// <summary>The expression c0 + c1 x + ... (numbers as literals).</summary>
    public static Expr ToExpr(IReadOnlyList<double> p, Var x)
        => Sum.Of(p.Select((c, i) => Product.Of(new Num(c), Power.Of(x, new Num(i)))));
}
