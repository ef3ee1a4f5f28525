using System.Collections.Generic;
using System.Linq;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Derivation;

/// <summary>
/// Differences of trigonometric terms that cancel when their arguments are close, rewritten as products whose
/// factors are each accurate (docs/math.md §10.6), for any common cofactor r:
/// r cos(a) - r cos(b) = 2 r sin((a + b)/2) sin((b - a)/2), r sin(a) - r sin(b) = 2 r cos((a + b)/2) sin((a - b)/2),
/// r cos(a)^2 - r cos(b)^2 = r sin(b + a) sin(b - a), r sin(a)^2 - r sin(b)^2 = r sin(a + b) sin(a - b),
/// r cos(a)^2 / cos(b)^2 - r = r sin(b + a) sin(b - a) / cos(b)^2 (and the same with sin: sin(a + b) sin(a - b)),
/// r - r cos(u) = 2 r sin(u/2)^2. A pair is rewritten only when a - b simplifies to something smaller than a and b
/// together (the difference cancels symbolically, so sin((a - b)/2) is computed from the small difference itself).
/// </summary>
internal static class TrigonometricDifferences
{
    /// <summary>Sums with more terms are left alone: pairing is quadratic, and declared schedules have short sums.</summary>
    public const int MaxTerms = 8;

    public static Expr Rewrite(Expr e)
    {
        if (e is not Sum sum)
        {
            return e;
        }

        var terms = sum.Terms.ToList();
        if (terms.Count > MaxTerms || !terms.Any(HasTrigonometricFactor))
        {
            return e;
        }

        for (int i = 0; i < terms.Count; i++)
        {
            if (!HasTrigonometricFactor(terms[i]))
            {
                continue; // every rule's first term has a sin or cos factor
            }

            for (int j = 0; j < terms.Count; j++)
            {
                if (i == j || Pair(terms[i], terms[j]) is not Expr product)
                {
                    continue;
                }

                terms.RemoveAt(System.Math.Max(i, j));
                terms.RemoveAt(System.Math.Min(i, j));
                terms.Add(product);
                return Rewrite(Sum.Of(terms));
            }
        }

        return e;
    }

    private static bool HasTrigonometricFactor(Expr term)
        => (term is Product p ? (IEnumerable<Expr>)p.Factors : new[] { term }).Any(f =>
            f is Call { Function: Function.Sin or Function.Cos } || f is Power { Base: Call { Function: Function.Sin or Function.Cos } });

    /// <summary>The product that replaces <paramref name="plus"/> + <paramref name="minus"/>, or null.</summary>
    private static Expr? Pair(Expr plus, Expr minus)
    {
        foreach ((Expr a, Expr r) in Factor(plus, Function.Cos, 1))
        {
            foreach ((Expr b, Expr q) in Factor(minus, Function.Cos, 1))
            {
                if (q == Negate(r) && Difference(b, a) is Expr d)
                {
                    // r cos(a) - r cos(b) = 2 r sin((a + b)/2) sin((b - a)/2)
                    return Product.Of(new Num(2), r, Sin(Product.Of(Expr.Half, Sum.Of(a, b))), Sin(Product.Of(Expr.Half, d)));
                }
            }

            if (minus == Negate(r))
            {
                // r cos(a) - r = -r (1 - cos a) = -2 r sin(a/2)^2
                return Product.Of(new Num(-2), r, Power.Of(Sin(Product.Of(Expr.Half, a)), new Num(2)));
            }
        }

        foreach ((Expr a, Expr r) in Factor(plus, Function.Sin, 1))
        {
            foreach ((Expr b, Expr q) in Factor(minus, Function.Sin, 1))
            {
                if (q == Negate(r) && Difference(a, b) is Expr d)
                {
                    // r sin(a) - r sin(b) = 2 r cos((a + b)/2) sin((a - b)/2)
                    return Product.Of(new Num(2), r, Call.Of(Function.Cos, Product.Of(Expr.Half, Sum.Of(a, b))), Sin(Product.Of(Expr.Half, d)));
                }
            }
        }

        foreach (Function f in new[] { Function.Cos, Function.Sin })
        {
            foreach ((Expr a, Expr r) in Factor(plus, f, 2))
            {
                // r f(a)^2 - r f(b)^2
                foreach ((Expr b, Expr q) in Factor(minus, f, 2))
                {
                    if (q == Negate(r) && SquaresDifference(f, a, b) is Expr product)
                    {
                        return Product.Of(r, product);
                    }
                }

                // r f(a)^2 / f(b)^2 - r = r (f(a)^2 - f(b)^2) / f(b)^2
                foreach ((Expr b, Expr q) in Factor(r, f, -2))
                {
                    if (minus == Negate(q) && SquaresDifference(f, a, b) is Expr product)
                    {
                        return Product.Of(q, product, Power.Of(Call.Of(f, b), new Num(-2)));
                    }
                }
            }
        }

        return null;
    }

    /// <summary>cos(a)^2 - cos(b)^2 = sin(b + a) sin(b - a); sin(a)^2 - sin(b)^2 = sin(a + b) sin(a - b).</summary>
    private static Expr? SquaresDifference(Function f, Expr a, Expr b)
        => f == Function.Cos
            ? Difference(b, a) is Expr d ? Product.Of(Sin(Sum.Of(b, a)), Sin(d)) : null
            : Difference(a, b) is Expr e ? Product.Of(Sin(Sum.Of(a, b)), Sin(e)) : null;

    /// <summary>x - y simplified, when it is smaller than x and y together (the difference cancels), else null.</summary>
    private static Expr? Difference(Expr x, Expr y)
    {
        if (x == y)
        {
            return null;
        }

        Expr d = Rational.Simplify(Sum.Of(x, Product.Of(Expr.MinusOne, y)));
        return d is not Num && Evaluator.Size(d) < Evaluator.Size(x) + Evaluator.Size(y) ? d : null;
    }

    private static Expr Sin(Expr argument) => Call.Of(Function.Sin, argument);

    private static Expr Negate(Expr e) => Product.Of(Expr.MinusOne, e);

    /// <summary>Each way of writing <paramref name="term"/> as r f(u)^power, as (u, r).</summary>
    private static IEnumerable<(Expr U, Expr R)> Factor(Expr term, Function f, double power)
    {
        IReadOnlyList<Expr> factors = term is Product p ? p.Factors : new[] { term };
        for (int k = 0; k < factors.Count; k++)
        {
            Expr factor = factors[k];
            Expr? u = power == 1 && factor is Call c && c.Function == f ? c.Argument
                : factor is Power { Base: Call c2, Exponent: Num n } && c2.Function == f && n.Value == power ? c2.Argument
                : null;
            if (u is not null)
            {
                int skip = k;
                yield return (u, Product.Of(factors.Where((_, index) => index != skip)));
            }
        }
    }
}
