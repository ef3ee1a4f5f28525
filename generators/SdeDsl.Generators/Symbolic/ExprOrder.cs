using System;
using System.Collections.Generic;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// The total order that makes sums and products canonical: numbers, then named constants, then the
/// variable and its powers, then function calls, sums and products; powers sort beside their base.
/// </summary>
internal sealed class ExprOrder : IComparer<Expr>
{
    public static readonly ExprOrder Instance = new();

    public int Compare(Expr? x, Expr? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        // A power sorts by its base first, so t and t^2 stand together.
        Expr xBase = x is Power xp ? xp.Base : x, yBase = y is Power yp ? yp.Base : y;
        if (!ReferenceEquals(xBase, x) || !ReferenceEquals(yBase, y))
        {
            int byBase = Compare(xBase, yBase);
            if (byBase != 0)
            {
                return byBase;
            }

            Expr xExponent = x is Power xe ? xe.Exponent : Expr.One, yExponent = y is Power ye ? ye.Exponent : Expr.One;
            return Compare(xExponent, yExponent);
        }

        int byRank = Rank(x).CompareTo(Rank(y));
        if (byRank != 0)
        {
            return byRank;
        }

        switch (x)
        {
            case Num a:
                return a.Value.CompareTo(((Num)y).Value);
            case Var a:
                return string.CompareOrdinal(a.Name, ((Var)y).Name);
            case Named a:
                return string.CompareOrdinal(a.Name, ((Named)y).Name);
            case Call a:
            {
                var b = (Call)y;
                int byFunction = a.Function.CompareTo(b.Function);
                return byFunction != 0 ? byFunction : Compare(a.Argument, b.Argument);
            }

            case Piecewise a when ((Piecewise)y).Comparison != a.Comparison:
                return a.Comparison.CompareTo(((Piecewise)y).Comparison);
            default:
                return CompareSequences(x.Children, y.Children);
        }
    }

    private int CompareSequences(IReadOnlyList<Expr> x, IReadOnlyList<Expr> y)
    {
        int common = Math.Min(x.Count, y.Count);
        for (int i = 0; i < common; i++)
        {
            int c = Compare(x[i], y[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return x.Count.CompareTo(y.Count);
    }

    private static int Rank(Expr e) => e switch
    {
        Num => 0,
        Named => 1,
        Var => 2,
        Call => 3,
        Sum => 4,
        Product => 5,
        Integral => 6,
        Piecewise => 7,
        _ => 8,
    };
}
