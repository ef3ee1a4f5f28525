using System;
using System.Collections.Generic;
using System.Linq;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// Brings sums of quotients over a common denominator where that makes the expression smaller:
/// t / (1 - t)^2 + 1 / (1 - t) = (t + (1 - t)) / (1 - t)^2 = 1 / (1 - t)^2. The numerators cancel
/// symbolically (numerator products are expanded so like terms meet), never numerically, and a result
/// that is not strictly smaller is discarded, so the rewrite only ever removes operations (and the
/// cancellation they carried): VP's a(t) = 0.5 e^u u'/(e^u - 1) - 0.5 u' becomes 0.5 u'/(e^u - 1).
/// </summary>
internal static class Rational
{
    public static Expr Simplify(Expr e) => Rewriter.BottomUp(e, Together);

    private static Expr Together(Expr e)
    {
        if (e is not Sum sum)
        {
            return e;
        }

        // The least common denominator: each base to the largest power it is divided by in any term.
        var denominator = new Dictionary<Expr, double>();
        foreach (Expr term in sum.Terms)
        {
            foreach (Expr factor in term is Product p ? p.Factors : (IEnumerable<Expr>)new[] { term })
            {
                if (factor is Power { Exponent: Num { IsInteger: true, Value: < 0 } k } power)
                {
                    denominator.TryGetValue(power.Base, out double largest);
                    denominator[power.Base] = Math.Max(largest, -k.Value);
                }
            }
        }

        if (denominator.Count == 0)
        {
            return e;
        }

        Expr common = Product.Of(denominator.Select(d => Power.Of(d.Key, new Num(d.Value))));
        Expr numerator = Sum.Of(sum.Terms.Select(term => Expand(Product.Of(term, common))));
        Expr together = Product.Of(numerator, Power.Of(common, Expr.MinusOne));
        return Evaluator.Size(together) < Evaluator.Size(e) ? together : e;
    }

    /// <summary>The most terms a numerator may expand into.</summary>
    private const int MaxExpandedTerms = 64;

    /// <summary>
    /// Distributes a product over its sum factors (a (b + c) = a b + a c), so that numerator terms can
    /// cancel symbolically: 0.5 e^u u' - 0.5 u' (e^u - 1) = 0.5 u'. Bounded in the number of terms.
    /// </summary>
    private static Expr Expand(Expr term)
    {
        if (term is not Product product || !product.Factors.Any(f => f is Sum))
        {
            return term;
        }

        IEnumerable<Expr> partial = new[] { Expr.One };
        int count = 1;
        foreach (Expr factor in product.Factors)
        {
            if (factor is Sum sum)
            {
                count *= sum.Terms.Count;
                if (count > MaxExpandedTerms)
                {
                    return term;
                }

                partial = partial.SelectMany(p => sum.Terms.Select(t => Product.Of(p, t))).ToList();
            }
            else
            {
                partial = partial.Select(p => Product.Of(p, factor)).ToList();
            }
        }

        return Sum.Of(partial);
    }
}
