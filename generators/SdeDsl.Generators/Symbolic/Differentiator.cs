using System;
using System.Collections.Generic;
using System.Linq;

namespace SdeDsl.Generators.Symbolic;

/// <summary>Symbolic d/dx by the sum, product, power and chain rules; results come out canonical.</summary>
internal static class Differentiator
{
    public static Expr Derivative(Expr e, Var x)
    {
        switch (e)
        {
            case Num:
            case Named:
                return Expr.Zero;
            case Var v:
                return v == x ? Expr.One : Expr.Zero;
            case Sum s:
                return Sum.Of(s.Terms.Select(term => Derivative(term, x)));
            case Product p:
            {
                // (f1 f2 ... fn)' = sum_i f_i' prod_{j != i} f_j
                var terms = new List<Expr>();
                for (int i = 0; i < p.Factors.Count; i++)
                {
                    Expr di = Derivative(p.Factors[i], x);
                    if (di is Num { Value: 0 })
                    {
                        continue;
                    }

                    var others = p.Factors.Where((_, j) => j != i).ToList();
                    others.Add(di);
                    terms.Add(Product.Of(others));
                }

                return Sum.Of(terms);
            }

            case Power pw:
            {
                Expr db = Derivative(pw.Base, x);
                if (!DependsOn(pw.Exponent, x))
                {
                    // (b^n)' = n b^(n-1) b'
                    return Product.Of(pw.Exponent, Power.Of(pw.Base, Sum.Of(pw.Exponent, Expr.MinusOne)), db);
                }

                if (pw.Base is Num { Value: 0 })
                {
                    // 0^e is constant (0 where e > 0, which is where it is differentiable); the rule below would
                    // give 0^e e' log 0 = 0 * -infinity = NaN.
                    return Expr.Zero;
                }

                // (b^e)' = b^e (e' log b + e b' / b)
                Expr de = Derivative(pw.Exponent, x);
                return Product.Of(
                    pw,
                    Sum.Of(
                        Product.Of(de, Call.Of(Function.Log, pw.Base)),
                        Product.Of(pw.Exponent, db, Power.Of(pw.Base, Expr.MinusOne))));
            }

            case Piecewise w:
                // The derivative of a piecewise function is the piecewise derivative under the same condition
                // (docs/math.md §18); at a switch point it is the one-sided derivative of the piece that applies.
                return w.WithPieces(Derivative(w.WhenTrue, x), Derivative(w.WhenFalse, x));

            case Integral integral:
                // d/dt integral_0^t h(u) du = h(t): the integrand is written in t already.
                return x == Var.T ? integral.Integrand : Expr.Zero;

            case Call c:
            {
                Expr du = Derivative(c.Argument, x);
                if (du is Num { Value: 0 })
                {
                    return Expr.Zero;
                }

                return Product.Of(Functions.Info(c.Function).Derivative(c.Argument), du);
            }

            default:
                throw new InvalidOperationException("Unknown expression node " + e.GetType().Name);
        }
    }

    public static bool DependsOn(Expr e, Var x) => e switch
    {
        Var v => v == x,
        Integral => x == Var.T, // through its upper limit; the integrand's t is bound
        _ => e.Children.Any(child => DependsOn(child, x)),
    };
}
