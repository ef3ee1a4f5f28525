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
            Integral i => i with { Integrand = BottomUp(i.Integrand, rewrite) },
            Piecewise w => Piecewise.Of(BottomUp(w.Left, rewrite), w.Comparison, BottomUp(w.Right, rewrite), BottomUp(w.WhenTrue, rewrite), BottomUp(w.WhenFalse, rewrite)),
            _ => e,
        };
        return rewrite(rebuilt);
    }

    /// <summary>Replaces the free variable <paramref name="x"/> by <paramref name="value"/> (integrands keep their bound t).</summary>
    public static Expr Substitute(Expr e, Var x, Expr value) => e switch
    {
        Var v when v == x => value,
        Sum s => Sum.Of(s.Terms.Select(term => Substitute(term, x, value))),
        Product p => Product.Of(p.Factors.Select(factor => Substitute(factor, x, value))),
        Power pw => Power.Of(Substitute(pw.Base, x, value), Substitute(pw.Exponent, x, value)),
        Call c => Call.Of(c.Function, Substitute(c.Argument, x, value)),
        Piecewise w => Piecewise.Of(Substitute(w.Left, x, value), w.Comparison, Substitute(w.Right, x, value), Substitute(w.WhenTrue, x, value), Substitute(w.WhenFalse, x, value)),
        Integral when x == Var.T && value is Num { Value: 0 } => Expr.Zero, // integral_0^0 h = 0 (Integrator.Definite evaluates at 0)
        Integral => throw new InvalidOperationException("An integral's upper limit cannot be substituted symbolically."),
        _ => e,
    };
}
