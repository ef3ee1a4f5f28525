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

    /// <summary>Folds numbers and cancels inverse pairs: log(exp u) = u, exp(log u) = u, log1p(expm1 u) = u.</summary>
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

        return new Call(function, argument);
    }
}
