using System.Collections.Generic;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// A symbolic real expression in one variable. Nodes are sealed records with value equality, built
/// only through the canonicalising factories (<see cref="Sum.Of(Expr[])"/>, <see cref="Product.Of(Expr[])"/>,
/// <see cref="Power.Of"/>, <see cref="Call.Of"/>), which flatten, fold constants, combine like terms and
/// sort operands, so equal mathematics built in any order prints as the same text.
/// </summary>
internal abstract record Expr
{
    public static readonly Num Zero = new(0);
    public static readonly Num One = new(1);
    public static readonly Num MinusOne = new(-1);
    public static readonly Num Half = new(0.5);

    /// <summary>The direct operands, in order.</summary>
    public abstract IReadOnlyList<Expr> Children { get; }

    /// <summary>True when the node has no operands (a number, the variable or a named constant).</summary>
    public bool IsAtom => Children.Count == 0;

    public static Expr operator +(Expr left, Expr right) => Sum.Of(left, right);

    public static Expr operator -(Expr left, Expr right) => Sum.Of(left, Product.Of(MinusOne, right));

    public static Expr operator -(Expr operand) => Product.Of(MinusOne, operand);

    public static Expr operator *(Expr left, Expr right) => Product.Of(left, right);

    public static Expr operator /(Expr left, Expr right) => Product.Of(left, Power.Of(right, MinusOne));

    public static implicit operator Expr(double value) => new Num(value);
}
