using System.Collections.Generic;
using System.Linq;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Derivation;

/// <summary>
/// The last rewrite before emission: forms that cancel catastrophically become their careful twins
/// (docs/math.md §10.6). a exp(u) - a becomes a expm1(u), log(1 + u) becomes log1p(u), exponential pairs
/// become sinh and cosh, differences of trigonometric functions become products (sum-to-product, differences of
/// squares, 1 - cos u = 2 sin^2(u/2)), wherever they stand in the tree; with the range [TMin, TMax] known, a sine
/// or cosine whose argument reaches a zero of the function is evaluated from its distance to that zero
/// (cos(pi/2 - u) = sin(u)). Each rule is an identity, so a stable expression is never made unstable.
/// </summary>
internal static class Stabilizer
{
    /// <summary>The range-free rules, then the rules that need the range of t (<see cref="TrigonometricZeros"/>).</summary>
    public static Expr Stabilize(Expr e, double tMin, double tMax)
        => TrigonometricZeros.Shift(Stabilize(e), tMin, tMax);

    public static Expr Stabilize(Expr e)
    {
        switch (e)
        {
            case Sum s:
                return StabilizeSum(s.Terms.Select(Stabilize).ToList());
            case Product p:
                return Product.Of(p.Factors.Select(Stabilize));
            case Power pw:
                return Power.Of(Stabilize(pw.Base), Stabilize(pw.Exponent));
            case Call { Function: Function.Log } c:
            {
                Expr argument = Stabilize(c.Argument);
                if (argument is Sum sum && sum.Terms[sum.Terms.Count - 1] is Num { Value: 1 })
                {
                    // log(1 + u) = log1p(u)
                    return Call.Of(Function.LogP1, Sum.Of(sum.Terms.Take(sum.Terms.Count - 1)));
                }

                return Call.Of(Function.Log, argument);
            }

            case Call c:
                return Call.Of(c.Function, Stabilize(c.Argument));
            case Integral i:
                return i with { Integrand = Stabilize(i.Integrand) };
            case Piecewise w:
                return Piecewise.Of(Stabilize(w.Left), w.Comparison, Stabilize(w.Right), Stabilize(w.WhenTrue), Stabilize(w.WhenFalse));
            default:
                return e;
        }
    }

    private static Expr StabilizeSum(List<Expr> terms)
    {
        Expr rebuilt = HyperbolicPairs(TrigonometricDifferences.Rewrite(Sum.Of(terms)));
        if (rebuilt is not Sum sum)
        {
            return rebuilt;
        }

        // r exp(u) - r = r expm1(u) for any r (a number, or a symbolic factor like beta(t) in an expanded
        // numerator): pair each exponential term with a term that is exactly minus its cofactor.
        var rest = sum.Terms.ToList();
        bool changed = false;
        for (int i = 0; i < rest.Count; i++)
        {
            if (SplitExponential(rest[i]) is not (Expr u, Expr r))
            {
                continue;
            }

            Expr minusR = Product.Of(Expr.MinusOne, r);
            int j = rest.FindIndex(term => term == minusR);
            if (j < 0 || j == i)
            {
                continue;
            }

            rest[i] = Product.Of(r, Call.Of(Function.ExpM1, u));
            rest.RemoveAt(j);
            changed = true;
            i = -1; // indices moved; scan again
        }

        return changed ? Sum.Of(rest) : rebuilt;
    }

    /// <summary>
    /// r exp(u) + r exp(-u) = 2 r cosh(u) and r exp(u) - r exp(-u) = 2 r sinh(u); then, for a number r,
    /// 2 r cosh(u) - 2 r = 4 r sinh(u/2)^2. Each removes a cancellation near u = 0 (sub-VP's sigma).
    /// </summary>
    private static Expr HyperbolicPairs(Expr e)
    {
        if (e is not Sum sum)
        {
            return e;
        }

        var terms = sum.Terms.ToList();
        for (int i = 0; i < terms.Count; i++)
        {
            if (SplitExponential(terms[i]) is not (Expr u, Expr r))
            {
                continue;
            }

            for (int j = i + 1; j < terms.Count; j++)
            {
                if (SplitExponential(terms[j]) is not (Expr v, Expr q) || v != Product.Of(Expr.MinusOne, u))
                {
                    continue;
                }

                if (LeadsNegative(u))
                {
                    (u, r, v, q) = (v, q, u, r); // cosh and sinh of the argument that reads positive
                }

                Expr? pair = q == r ? Product.Of(new Num(2), r, Call.Of(Function.Cosh, u))
                    : q == Product.Of(Expr.MinusOne, r) ? Product.Of(new Num(2), r, Call.Of(Function.Sinh, u))
                    : null;
                if (pair is null)
                {
                    continue;
                }

                terms.RemoveAt(j);
                terms.RemoveAt(i);
                int constantAt = terms.FindIndex(term => term is Num);
                if (q == r && r is Num coefficient && constantAt >= 0 && ((Num)terms[constantAt]).Value == -2 * coefficient.Value)
                {
                    // 2 r (cosh u - 1) = 4 r sinh(u/2)^2
                    terms.RemoveAt(constantAt);
                    pair = Product.Of(new Num(4 * coefficient.Value), Power.Of(Call.Of(Function.Sinh, Product.Of(Expr.Half, u)), new Num(2)));
                }

                terms.Add(pair);
                return HyperbolicPairs(Sum.Of(terms));
            }
        }

        return e;
    }

    private static bool LeadsNegative(Expr u)
        => Product.SplitCoefficient(u is Sum s ? s.Terms[0] : u).Coefficient < 0;

    /// <summary>A term r exp(u) as (u, r), or null when the term has no exponential factor.</summary>
    private static (Expr U, Expr R)? SplitExponential(Expr term)
    {
        if (term is Call { Function: Function.Exp } exp)
        {
            return (exp.Argument, Expr.One);
        }

        if (term is Product p && p.Factors.FirstOrDefault(f => f is Call { Function: Function.Exp }) is Call found)
        {
            return (found.Argument, Product.Of(p.Factors.Where(f => !ReferenceEquals(f, found))));
        }

        return null;
    }
}
