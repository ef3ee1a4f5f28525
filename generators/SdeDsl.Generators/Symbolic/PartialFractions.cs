using System;
using System.Collections.Generic;
using System.Linq;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// integral_0^t P/Q for polynomials P, Q with numeric coefficients (docs/math.md §10.13): long division, Q split
/// into real roots and irreducible quadratics (<see cref="RealFactors"/>), the partial fractions' coefficients by one
/// linear solve, and each fraction integrated from 0 in a form that does not cancel near t = 0:
/// <code>
/// A/(u - r)         -> A log1p(t/d)                                  d = -r
/// A/(u - r)^(m+1)   -> A t S/(m d (t + d)^m),  S = sum_{j&lt;m} ((t + d)/d)^j
/// (B u + C)/q(u)    -> B/2 log1p(t (t + b)/c) + (C - B b/2) 2/D atan(D t/(2c + b t))   q = u^2 + b u + c, D = sqrt(4c - b^2)
/// </code>
/// A root r = 0 gives log t or t^-m/(-m) (the integral diverges at 0: SDE207); a root elsewhere in [0, TMax] (a pole
/// inside the range) and repeated quadratics are not handled.
/// </summary>
internal static class PartialFractions
{
    /// <summary>
    /// How much larger the sum of the terms' magnitudes may be than the value (docs/math.md §10.13): each term is
    /// good to a few ulp, so 16 keeps the sum within about 64 ulp (1.4e-14), quadrature's own 1e-14 target.
    /// </summary>
    public const double MaxCancellation = 16;

    /// <summary>Distinct roots closer than this (relative) make the coefficients ill-conditioned: not handled.</summary>
    private const double MinRootSeparation = 1e-6;

    /// <summary>
    /// An antiderivative F of <paramref name="e"/> with F(0) = 0 (or infinite there when the integral diverges at 0),
    /// or null when e is not such a quotient, Q cannot be split, Q has a root in the range, or the terms cancel more
    /// than <paramref name="accuracy"/> allows on the range.
    /// </summary>
    public static Expr? Antiderivative(Expr e, Var x, IntegralAccuracy accuracy)
    {
        if (Split(e, x) is not (double[] numerator, List<(double[] Base, int Power)> denominator))
        {
            return null;
        }

        var roots = new List<(double R, int K)>();
        var quadratics = new List<(double B, double C, int M)>();
        double leading = 1;
        foreach ((double[] b, int power) in denominator)
        {
            if (RealFactors.Of(b) is not RealFactors factors)
            {
                return null;
            }

            leading *= Math.Pow(factors.Leading, power);
            foreach (double r in factors.Roots)
            {
                int at = roots.FindIndex(root => root.R == r);
                roots.Add((r, 0));
                if (at >= 0)
                {
                    roots[at] = (r, roots[at].K + power);
                    roots.RemoveAt(roots.Count - 1);
                }
                else
                {
                    roots[roots.Count - 1] = (r, power);
                }
            }

            foreach ((double qb, double qc) in factors.Quadratics)
            {
                int at = quadratics.FindIndex(q => q.B == qb && q.C == qc);
                if (at >= 0)
                {
                    quadratics[at] = (qb, qc, quadratics[at].M + power);
                }
                else
                {
                    quadratics.Add((qb, qc, power));
                }
            }
        }

        if (quadratics.Any(q => q.M > 1) || !Separated(roots, quadratics))
        {
            return null; // repeated quadratics are not handled; near-equal factors are ill-conditioned
        }

        Interval range = Facts.Bounds(x);
        double lo = Math.Min(0, range.Lo), hi = Math.Max(0, range.Hi);
        if (roots.Any(root => root.R != 0 && lo <= root.R && root.R <= hi))
        {
            return null; // a pole in [0, TMax]: the integral diverges there
        }

        double[] q = Denominator(leading, roots, quadratics, skipRoot: -1, rootPower: 0, skipQuadratic: -1);
        (double[] quotient, double[] remainder) = NumericPolynomial.Divide(numerator, q);
        var basis = new List<double[]>();
        foreach ((int i, int k) in roots.Select((root, i) => (i, root.K)))
        {
            for (int l = 1; l <= k; l++)
            {
                basis.Add(Denominator(leading, roots, quadratics, skipRoot: i, rootPower: k - l, skipQuadratic: -1)); // Q / (t - r)^l
            }
        }

        for (int j = 0; j < quadratics.Count; j++)
        {
            double[] others = Denominator(leading, roots, quadratics, skipRoot: -1, rootPower: 0, skipQuadratic: j); // Q / q_j
            basis.Add(NumericPolynomial.Multiply(new[] { 0.0, 1.0 }, others));
            basis.Add(others);
        }

        if (Solve(basis, remainder, NumericPolynomial.Degree(q)) is not double[] coefficients)
        {
            return null;
        }

        coefficients = coefficients.Select(Tidy).ToArray();
        if (!Reproduces(numerator, q, quotient, basis, coefficients, range))
        {
            return null;
        }

        var terms = new List<Expr>();
        for (int i = 0; i < quotient.Length; i++)
        {
            terms.Add(Product.Of(new Num(Tidy(quotient[i] / (i + 1))), Power.Of(x, new Num(i + 1)))); // integral_0^t u^i = t^(i+1)/(i+1)
        }

        int c = 0;
        foreach ((double r, int k) in roots)
        {
            for (int l = 1; l <= k; l++)
            {
                terms.Add(Linear(coefficients[c++], r, l, x));
            }
        }

        foreach ((double b, double qc, int _) in quadratics)
        {
            double big = coefficients[c++], small = coefficients[c++];
            terms.AddRange(Quadratic(big, small, b, qc, x, lo, hi));
        }

        terms.RemoveAll(term => term is Num { Value: 0 });
        return Cancels(terms, x, range, accuracy) ? null : Sum.Of(terms);
    }

    /// <summary>The polynomial numerator and the denominator's polynomial bases with their powers, or null.</summary>
    private static (double[] Numerator, List<(double[] Base, int Power)> Denominator)? Split(Expr e, Var x)
    {
        double[] numerator = { 1.0 };
        var denominator = new List<(double[], int)>();
        int degree = 0;
        foreach (Expr factor in e is Product p ? p.Factors : (IEnumerable<Expr>)new[] { e })
        {
            if (factor is Power { Exponent: Num { IsInteger: true, Value: < 0 } k } power && NumericPolynomial.Of(power.Base, x) is double[] b
                && NumericPolynomial.Degree(b) >= 1)
            {
                denominator.Add((b, (int)-k.Value));
                degree += NumericPolynomial.Degree(b) * (int)-k.Value;
            }
            else if (NumericPolynomial.Of(factor, x) is double[] n)
            {
                numerator = NumericPolynomial.Multiply(numerator, n);
            }
            else
            {
                return null;
            }
        }

        return denominator.Count == 0 || degree > NumericPolynomial.MaxDegree || NumericPolynomial.Degree(numerator) > NumericPolynomial.MaxDegree
            ? null
            : (numerator, denominator);
    }

    /// <summary>Whether distinct roots and distinct quadratics are far enough apart to be told apart.</summary>
    private static bool Separated(List<(double R, int K)> roots, List<(double B, double C, int M)> quadratics)
    {
        for (int i = 0; i < roots.Count; i++)
        {
            for (int j = i + 1; j < roots.Count; j++)
            {
                if (Math.Abs(roots[i].R - roots[j].R) <= MinRootSeparation * Math.Max(Math.Abs(roots[i].R), Math.Abs(roots[j].R)))
                {
                    return false;
                }
            }
        }

        for (int i = 0; i < quadratics.Count; i++)
        {
            for (int j = i + 1; j < quadratics.Count; j++)
            {
                double scale = Math.Abs(quadratics[i].B) + Math.Abs(quadratics[i].C);
                if (Math.Abs(quadratics[i].B - quadratics[j].B) + Math.Abs(quadratics[i].C - quadratics[j].C) <= MinRootSeparation * scale)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>L prod (t - r_i)^k_i prod q_j, with root <paramref name="skipRoot"/> to <paramref name="rootPower"/> and quadratic <paramref name="skipQuadratic"/> left out.</summary>
    private static double[] Denominator(double leading, List<(double R, int K)> roots, List<(double B, double C, int M)> quadratics, int skipRoot, int rootPower, int skipQuadratic)
    {
        double[] total = { leading };
        for (int i = 0; i < roots.Count; i++)
        {
            total = NumericPolynomial.Multiply(total, NumericPolynomial.Raise(new[] { -roots[i].R, 1.0 }, i == skipRoot ? rootPower : roots[i].K));
        }

        for (int j = 0; j < quadratics.Count; j++)
        {
            if (j != skipQuadratic)
            {
                total = NumericPolynomial.Multiply(total, new[] { quadratics[j].C, quadratics[j].B, 1.0 });
            }
        }

        return total;
    }

    /// <summary>The coefficients u with sum u_i basis_i = remainder (n equations, one per power below n), by Gaussian elimination with partial pivoting.</summary>
    private static double[]? Solve(List<double[]> basis, double[] remainder, int n)
    {
        if (basis.Count != n)
        {
            return null;
        }

        var m = new double[n, n + 1];
        for (int row = 0; row < n; row++)
        {
            for (int col = 0; col < n; col++)
            {
                m[row, col] = row < basis[col].Length ? basis[col][row] : 0;
            }

            m[row, n] = row < remainder.Length ? remainder[row] : 0;
        }

        for (int col = 0; col < n; col++)
        {
            int pivot = Enumerable.Range(col, n - col).OrderByDescending(r => Math.Abs(m[r, col])).First();
            if (m[pivot, col] == 0)
            {
                return null;
            }

            for (int k = 0; k <= n; k++)
            {
                (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
            }

            for (int row = col + 1; row < n; row++)
            {
                double factor = m[row, col] / m[col, col];
                for (int k = col; k <= n; k++)
                {
                    m[row, k] -= factor * m[col, k];
                }
            }
        }

        var u = new double[n];
        for (int row = n - 1; row >= 0; row--)
        {
            double total = m[row, n];
            for (int k = row + 1; k < n; k++)
            {
                total -= m[row, k] * u[k];
            }

            u[row] = total / m[row, row];
        }

        return u.All(v => !double.IsNaN(v) && !double.IsInfinity(v)) ? u : null;
    }

    /// <summary>
    /// A coefficient within 4 ulp of an exact fraction p/q (q &lt;= 1000, docs/math.md §10.12) becomes that fraction: the
    /// elimination's rounding leaves 0.49999999999999994 where the decomposition's coefficient is 1/2.
    /// </summary>
    private static double Tidy(double v)
    {
        for (int ulps = 0; ulps <= 4; ulps++)
        {
            foreach (double candidate in new[] { v + (ulps * Ulp(v)), v - (ulps * Ulp(v)) })
            {
                if (ExactFraction.TryRecognise(candidate, out _, out _))
                {
                    return candidate + 0.0;
                }
            }
        }

        return v;
    }

    private static double Ulp(double v) => v == 0 ? 0 : Math.Abs(BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(Math.Abs(v)) + 1) - Math.Abs(v));

    /// <summary>Whether quotient + sum u_i basis_i / Q equals P/Q at sample points (1e-12 of the terms' size): a check on the whole decomposition.</summary>
    private static bool Reproduces(double[] numerator, double[] q, double[] quotient, List<double[]> basis, double[] u, Interval range)
    {
        foreach (double t in SamplePoints(range).Concat(new[] { -0.7, 0.3, 1.9 }))
        {
            double d = NumericPolynomial.Evaluate(q, t);
            if (Math.Abs(d) < 1e-3 * Math.Abs(NumericPolynomial.Evaluate(q.Select(Math.Abs).ToArray(), Math.Abs(t))))
            {
                continue; // near a root of Q
            }

            double expected = NumericPolynomial.Evaluate(numerator, t) / d;
            double size = Math.Abs(NumericPolynomial.Evaluate(quotient, t));
            double actual = NumericPolynomial.Evaluate(quotient, t);
            for (int i = 0; i < u.Length; i++)
            {
                double part = u[i] * NumericPolynomial.Evaluate(basis[i], t) / d;
                actual += part;
                size += Math.Abs(part);
            }

            if (!(Math.Abs(actual - expected) <= 1e-12 * (size + Math.Abs(expected))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>integral_0^t A/(u - r)^l du without cancellation near 0 (docs/math.md §10.13); r = 0 diverges at 0.</summary>
    private static Expr Linear(double a, double r, int l, Var x)
    {
        if (a == 0)
        {
            return Expr.Zero;
        }

        if (r == 0)
        {
            // log t or t^(1-l)/(1-l): infinite at 0, so Integrator.Definite reports no closed form and Divergence (SDE207) decides
            return l == 1 ? Product.Of(new Num(a), Call.Of(Function.Log, x)) : Product.Of(new Num(Tidy(a / (1 - l))), Power.Of(x, new Num(1 - l)));
        }

        double d = -r;
        if (l == 1)
        {
            return Product.Of(new Num(a), Call.Of(Function.Log, Sum.Of(Expr.One, x / new Num(d)))); // log((t - r)/(0 - r)) = log1p(t/d)
        }

        // [d^-m - (t + d)^-m]/m = t S / (m d (t + d)^m) with S = sum_{j<m} w^j, w = (t + d)/d > 0 on the range: no cancellation
        int m = l - 1;
        Expr w = Sum.Of(Expr.One, x / new Num(d));
        Expr s = Sum.Of(Enumerable.Range(0, m).Select(j => Power.Of(w, new Num(j))));
        return Product.Of(new Num(Tidy(a / (m * d))), x, s, Power.Of(Sum.Of(x, new Num(d)), new Num(-m)));
    }

    /// <summary>
    /// integral_0^t (B u + C)/(u^2 + b u + c) du (docs/math.md §10.13): B/2 log(q(t)/q(0)) = B/2 log1p(t (t + b)/c), and
    /// (C - B b/2) 2/D (atan((2t + b)/D) - atan(b/D)), the difference written atan(D t/(2c + b t)) where 2c + b t &gt; 0 on
    /// [lo, hi] (atan x - atan y = atan((x - y)/(1 + x y)) for 1 + x y &gt; 0), else as the half angle
    /// 2 atan(D t/(2c + b t + 2 sqrt(c q(t)))), so it does not cancel near 0.
    /// </summary>
    private static IEnumerable<Expr> Quadratic(double big, double small, double b, double c, Var x, double lo, double hi)
    {
        if (big != 0)
        {
            yield return Product.Of(new Num(Tidy(big / 2)), Call.Of(Function.Log, Sum.Of(Expr.One, Product.Of(new Num(1 / c), x, Sum.Of(x, new Num(b))))));
        }

        double k = small - (big * b / 2);
        if (k == 0)
        {
            yield break;
        }

        double root = Math.Sqrt((4 * c) - (b * b));
        bool sameBranch = (2 * c) + (b * lo) > 0 && (2 * c) + (b * hi) > 0;
        Expr linear = Sum.Of(new Num(2 * c), Product.Of(new Num(b), x));
        if (sameBranch)
        {
            yield return Product.Of(new Num(Tidy(2 * k / root)), Call.Of(Function.Atan, Product.Of(new Num(root), x, Power.Of(linear, Expr.MinusOne))));
            yield break;
        }

        // Past 2c + b t = 0 the difference is the half angle: atan x - atan y = 2 atan((x - y)/(1 + x y + sqrt((1 + x^2)(1 + y^2))))
        // for all real x, y, here 2 atan(D t/(2c + b t + 2 sqrt(c q(t)))); the denominator stays positive.
        Expr q = Sum.Of(Power.Of(x, new Num(2)), Product.Of(new Num(b), x), new Num(c));
        Expr denominator = Sum.Of(linear, Product.Of(new Num(2), Power.Of(Product.Of(new Num(c), q), Expr.Half)));
        yield return Product.Of(new Num(Tidy(4 * k / root)), Call.Of(Function.Atan, Product.Of(new Num(root), x, Power.Of(denominator, Expr.MinusOne))));
    }

    /// <summary>
    /// Whether the terms cancel more than <paramref name="accuracy"/> allows at sample points of the range: the sum of
    /// their magnitudes above <see cref="MaxCancellation"/> times |value| (relative) or max(1, |value|) (absolute).
    /// Outside a range scope (no sample points) nothing is refused.
    /// </summary>
    private static bool Cancels(List<Expr> terms, Var x, Interval range, IntegralAccuracy accuracy)
    {
        foreach (double t in SamplePoints(range))
        {
            double total = 0, size = 0;
            foreach (Expr term in terms)
            {
                if (Evaluator.Evaluate(term, x, t) is not double v || double.IsNaN(v) || double.IsInfinity(v))
                {
                    return true;
                }

                total += v;
                size += Math.Abs(v);
            }

            double scale = accuracy == IntegralAccuracy.Relative ? Math.Abs(total) : Math.Max(1, Math.Abs(total));
            if (size > MaxCancellation * scale)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>17 uniform points of the range and, for a positive lower end, 16 geometric ones; none without a finite range.</summary>
    private static IEnumerable<double> SamplePoints(Interval range)
    {
        if (!(range.Lo > -1e300 && range.Hi < 1e300 && range.Lo <= range.Hi))
        {
            yield break;
        }

        for (int i = 0; i <= 16; i++)
        {
            yield return range.Lo + ((range.Hi - range.Lo) * i / 16);
        }

        if (range.Lo > 0)
        {
            for (int i = 1; i < 16; i++)
            {
                yield return range.Lo * Math.Pow(range.Hi / range.Lo, i / 16.0);
            }
        }
    }
}
