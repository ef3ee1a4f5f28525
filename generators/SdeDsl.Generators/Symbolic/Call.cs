using System.Collections.Generic;

namespace SdeDsl.Generators.Symbolic;

/// <summary>An elementary function applied to one argument.</summary>
internal sealed record Call : Expr
{
    private Call(Function function, Expr argument)
    {
        Function = function;
        Argument = argument;
    }

    public Function Function { get; }

    public Expr Argument { get; }

    public override IReadOnlyList<Expr> Children => new[] { Argument };

    /// <summary>Folds numbers and cancels inverse pairs: log(exp u) = u, exp(log u) = u, exp(c log u) = u^c, log1p(expm1 u) = u.</summary>
    public static Expr Of(Function function, Expr argument)
    {
        // A constant argument folds only to the value the emitted call computes at run time, bitwise (docs/math.md
        // §10.10): the host's own System.Math function on a .NET host. Elsewhere the call stays (computed once at run
        // time). Folded even when infinite or NaN (Math.Log(0)), so IEEE arithmetic on it is kept (see Power.Of).
        if (argument is Num number && Functions.Fold(function, number.Value) is double folded)
        {
            return new Num(folded + 0.0);
        }

        // f(g(u)) = u only where g(u) is finite (log(exp u) is +inf, not u, once exp u overflows; exp(log u) is NaN
        // for u < 0): docs/math.md §10.11.
        if (argument is Call inner && Functions.CancelsWith(function, inner.Function) && Facts.IsWithin(inner.Argument, Functions.Info(inner.Function).Domain))
        {
            return inner.Argument;
        }

        // exp(c log u) = u^c where u >= 0 (for u < 0 the left side is NaN, the power of an integer c is a number)
        if (function == Function.Exp && argument is Product { Factors: { Count: 2 } factors } && factors[0] is Num c && factors[1] is Call { Function: Function.Log } log
            && Facts.IsNonNegativeOrNaN(log.Argument))
        {
            return Power.Of(log.Argument, c);
        }

        return new Call(function, argument);
    }
}
