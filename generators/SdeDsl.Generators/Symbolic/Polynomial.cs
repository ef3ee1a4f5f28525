using System.Collections.Generic;
using System.Linq;

namespace SdeDsl.Generators.Symbolic;

/// <summary>Recognises an expression as a polynomial of degree at most two in one variable.</summary>
internal static class Polynomial
{
    public const int MaxDegree = 2;

    /// <summary>The coefficients c0, c1, ... (index = power), or null when the expression is not such a polynomial.</summary>
    public static IReadOnlyList<Expr>? Coefficients(Expr e, Var x)
    {
        if (e == x)
        {
            return new Expr[] { Expr.Zero, Expr.One };
        }

        if (!Differentiator.DependsOn(e, x))
        {
            return new[] { e };
        }

        switch (e)
        {
            case Sum s:
            {
                IReadOnlyList<Expr> total = new Expr[] { Expr.Zero };
                foreach (Expr term in s.Terms)
                {
                    IReadOnlyList<Expr>? c = Coefficients(term, x);
                    if (c is null)
                    {
                        return null;
                    }

                    total = Add(total, c);
                }

                return total;
            }

            case Product p:
            {
                IReadOnlyList<Expr>? total = new Expr[] { Expr.One };
                foreach (Expr factor in p.Factors)
                {
                    IReadOnlyList<Expr>? c = Coefficients(factor, x);
                    total = c is null ? null : Multiply(total!, c);
                    if (total is null)
                    {
                        return null;
                    }
                }

                return total;
            }

            case Power { Exponent: Num { IsInteger: true, Value: >= 0 and <= MaxDegree } n } pw:
            {
                IReadOnlyList<Expr>? b = Coefficients(pw.Base, x);
                IReadOnlyList<Expr>? total = new Expr[] { Expr.One };
                for (int i = 0; i < (int)n.Value && total is not null && b is not null; i++)
                {
                    total = Multiply(total, b);
                }

                return b is null ? null : total;
            }

            default:
                return null;
        }
    }

    private static IReadOnlyList<Expr> Add(IReadOnlyList<Expr> a, IReadOnlyList<Expr> b)
        => Enumerable.Range(0, System.Math.Max(a.Count, b.Count))
            .Select(i => Sum.Of(i < a.Count ? a[i] : Expr.Zero, i < b.Count ? b[i] : Expr.Zero))
            .ToList();

    private static IReadOnlyList<Expr>? Multiply(IReadOnlyList<Expr> a, IReadOnlyList<Expr> b)
    {
        if (a.Count + b.Count - 2 > MaxDegree)
        {
            return null;
        }

        var result = Enumerable.Repeat<Expr>(Expr.Zero, a.Count + b.Count - 1).ToList();
        for (int i = 0; i < a.Count; i++)
        {
            for (int j = 0; j < b.Count; j++)
            {
                result[i + j] = Sum.Of(result[i + j], Product.Of(a[i], b[j]));
            }
        }

        return result;
    }
}
