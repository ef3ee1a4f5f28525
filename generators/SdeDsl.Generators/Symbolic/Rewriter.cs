using System;
using System.Linq;

namespace SdeDsl.Generators.Symbolic;

/// <summary>Bottom-up rewriting: rebuilds every node through the canonicalising factories.</summary>
internal static class Rewriter
{
    /// <summary>Applies <paramref name="rewrite"/> to each node after its operands have been rewritten.</summary>
    public static Expr BottomUp(Expr e, Func<Expr, Expr> rewrite)
    {
        Expr rebuilt = e switch
        {
            Sum s => Sum.Of(s.Terms.Select(term => BottomUp(term, rewrite))),
            Product p => Product.Of(p.Factors.Select(factor => BottomUp(factor, rewrite))),
            Power pw => Power.Of(BottomUp(pw.Base, rewrite), BottomUp(pw.Exponent, rewrite)),
            Call c => Call.Of(c.Function, BottomUp(c.Argument, rewrite)),
            _ => e,
        };
        return rewrite(rebuilt);
    }
}
