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

        // Like terms hidden inside products meet when the products are expanded: t s - t - t (s - 1) = 0.
        Expr expanded = Sum.Of(sum.Terms.Select(Expand));
        if (Evaluator.Size(expanded) < Evaluator.Size(e))
        {
            return Together(expanded);
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
        var terms = new List<Expr>();
        return ExpandInto(term, terms) ? Sum.Of(terms) : term;
    }

    /// <summary>Adds the fully distributed terms of <paramref name="term"/>; false when they would exceed the bound.</summary>
    private static bool ExpandInto(Expr term, List<Expr> terms)
    {
        if (term is Sum nested)
        {
            return nested.Terms.All(t => ExpandInto(t, terms));
        }

        if (term is not Product product || !product.Factors.Any(f => f is Sum))
        {
            terms.Add(term);
            return terms.Count <= MaxExpandedTerms;
        }

        int at = product.Factors.ToList().FindIndex(f => f is Sum);
        var others = product.Factors.Where((_, j) => j != at).ToList();
        foreach (Expr part in ((Sum)product.Factors[at]).Terms)
        {
            // Product.Of may distribute a number over a sum again, so each piece is expanded in turn.
            if (!ExpandInto(Product.Of(others.Append(part)), terms))
            {
                return false;
            }
        }

        return true;
    }
}
