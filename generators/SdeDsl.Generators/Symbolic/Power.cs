using System;
using System.Collections.Generic;
using System.Linq;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// base^exponent; square roots are powers of 1/2 and quotients powers of -1. The factory folds numbers,
/// merges exp(u)^e = exp(e u), (x^a)^n = x^(a n) for integer n, distributes integer powers over products,
/// and pulls exponentials out of fractional powers (sqrt(exp(u) v) = exp(u/2) sqrt(v)).
/// It never rewrites (x^2)^(1/2) to x, which would be wrong for x &lt; 0.
/// </summary>
internal sealed record Power : Expr
{
    private Power(Expr @base, Expr exponent)
    {
        Base = @base;
        Exponent = exponent;
    }

    public Expr Base { get; }

    public Expr Exponent { get; }

    public override IReadOnlyList<Expr> Children => new[] { Base, Exponent };

    public static Expr Of(Expr @base, Expr exponent)
    {
        if (exponent is Num { Value: 0 })
        {
            return One;
        }

        if (exponent is Num { Value: 1 })
        {
            return @base;
        }

        if (@base is Num { Value: 1 })
        {
            return One;
        }

        if (@base is Num b && exponent is Num e)
        {
            // Folded even when infinite or NaN (1 / 0.0, Math.Sqrt(-1)): left symbolic, such a constant was
            // later dropped by 0 * x = 0 or x - x = 0, turning a declared NaN into 0.
            // Folded as the emitted code evaluates the power (Powers.Evaluate), where that is bitwise the run-time value.
            if (Powers.Fold(b.Value, e.Value) is double folded)
            {
                return new Num(folded);
            }
        }

        switch (@base)
        {
            // exp(u)^e = exp(e u) while exp(u) is finite (an overflowed exp(u)^(1/2) is inf, exp(u/2) is not).
            case Call { Function: Function.Exp } exp when Facts.IsFinite(exp):
                return Call.Of(Function.Exp, Product.Of(exp.Argument, exponent));

            // (x^a)^n = x^(a n) for integers a and n, or x >= 0 (sqrt(x)^2 is NaN for x < 0, not x): docs/math.md §10.11.
            case Power inner when exponent is Num { IsInteger: true } && (inner.Exponent is Num { IsInteger: true } || Facts.IsNonNegativeOrNaN(inner.Base)):
                return Of(inner.Base, Product.Of(inner.Exponent, exponent));
            case Product product when exponent is Num { IsInteger: true }:
                return Product.Of(product.Factors.Select(f => Of(f, exponent)));
            case Product product when Facts.IsFinite(product):
            {
                // Exponentials leave a fractional power whole (exp(u)^e = exp(e u) is always valid) so they
                // can merge with the exponentials outside; other factors stay inside.
                var outside = product.Factors.Where(f => f is Call { Function: Function.Exp }).ToList();
                if (outside.Count > 0)
                {
                    var inside = product.Factors.Where(f => !outside.Contains(f)).ToList();
                    outside = outside.Select(f => Of(f, exponent)).ToList();
                    outside.Add(Of(Product.Of(inside), exponent));
                    return Product.Of(outside);
                }

                break;
            }
        }

        return new Power(@base, exponent);
    }
}
