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
        if (Evaluator.Size(together) < Evaluator.Size(e))
        {
            return together;
        }

        // A quotient of polynomials plus terms that cancel against it at t = 0 (1/(t^2 + 1) - 1, the derivative of a
        // partial-fraction integral): together the cancellation is symbolic, -t^2/(t^2 + 1), where apart it is
        // numerical (docs/math.md §10.13). Only for numeric polynomials, and at most twice the size.
        return Evaluator.Size(together) <= 2 * Evaluator.Size(e) && sum.Terms.All(IsNumericRational) && CancelsSymbolically(sum.Terms, common)
            ? together
            : e;
    }

    /// <summary>A product of polynomials with numeric coefficients in t and their integer powers.</summary>
    private static bool IsNumericRational(Expr term)
        => (term is Product p ? p.Factors : (IEnumerable<Expr>)new[] { term }).All(f =>
            NumericPolynomial.Of(f is Power { Exponent: Num { IsInteger: true, Value: < 0 } } pw ? pw.Base : f, Var.T) is not null);

    /// <summary>Whether the numerator's expanded terms include like terms of opposite signs (which then cancel exactly).</summary>
    private static bool CancelsSymbolically(IEnumerable<Expr> terms, Expr common)
    {
        var pieces = new List<Expr>();
        foreach (Expr term in terms)
        {
            if (!ExpandInto(Product.Of(term, common), pieces))
            {
                return false;
            }
        }

        return pieces.Select(Product.SplitCoefficient).GroupBy(piece => piece.Remainder)
            .Any(group => group.Any(piece => piece.Coefficient > 0) && group.Any(piece => piece.Coefficient < 0));
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
