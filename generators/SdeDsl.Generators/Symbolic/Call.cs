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
        if (argument is Num number)
        {
            // Folded even when infinite or NaN (Math.Log(0)), so IEEE arithmetic on it is kept (see Power.Of).
            return new Num(Functions.Apply(function, number.Value) + 0.0);
        }

        if (argument is Call inner && Functions.CancelsWith(function, inner.Function))
        {
            return inner.Argument;
        }

        // exp(c log u) = u^c (where log u is defined, so is the power)
        if (function == Function.Exp && argument is Product { Factors: { Count: 2 } factors } && factors[0] is Num c && factors[1] is Call { Function: Function.Log } log)
        {
            return Power.Of(log.Argument, c);
        }

        return new Call(function, argument);
    }
}
