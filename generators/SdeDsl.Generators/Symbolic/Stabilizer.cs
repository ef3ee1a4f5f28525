using System.Collections.Generic;
using System.Linq;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// The last rewrite before emission: forms that cancel catastrophically near zero become their careful
/// twins. a exp(u) - a becomes a expm1(u) and log(1 + u) becomes log1p(u), wherever they stand in
/// the tree. Nothing else is rewritten, so a stable expression is never made unstable.
/// </summary>
internal static class Stabilizer
{
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
            default:
                return e;
        }
    }

    private static Expr StabilizeSum(List<Expr> terms)
    {
        Expr rebuilt = Sum.Of(terms);
        if (rebuilt is not Sum sum || sum.Terms[sum.Terms.Count - 1] is not Num constant)
        {
            return rebuilt;
        }

        // a exp(u) + ... - a = a expm1(u) + ...: fold the constant into the first exponential whose
        // coefficient cancels it exactly.
        var rest = sum.Terms.Take(sum.Terms.Count - 1).ToList();
        for (int i = 0; i < rest.Count; i++)
        {
            (double coefficient, Expr body) = Product.SplitCoefficient(rest[i]);
            if (body is Call { Function: Function.Exp } exp && coefficient == -constant.Value)
            {
                rest[i] = Product.Of(new Num(coefficient), Call.Of(Function.ExpM1, exp.Argument));
                return Sum.Of(rest);
            }
        }

        return rebuilt;
    }
}
