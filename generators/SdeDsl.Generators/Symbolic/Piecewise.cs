using System.Collections.Generic;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// A function of two pieces, (left &lt; right ? whenTrue : whenFalse) or with &lt;=: the conditional operator of
/// a declaration, and Math.Abs, Min, Max and Clamp, which the parser writes as conditionals (docs/math.md §18).
/// Differentiated piecewise (the derivative of the pieces under the same condition), evaluated and emitted
/// with the same branch.
/// </summary>
internal sealed record Piecewise : Expr
{
    private Piecewise(Expr left, Comparison comparison, Expr right, Expr whenTrue, Expr whenFalse)
    {
        Left = left;
        Comparison = comparison;
        Right = right;
        WhenTrue = whenTrue;
        WhenFalse = whenFalse;
    }

    public Expr Left { get; }

    public Comparison Comparison { get; }

    public Expr Right { get; }

    public Expr WhenTrue { get; }

    public Expr WhenFalse { get; }

    public override IReadOnlyList<Expr> Children => new[] { Left, Right, WhenTrue, WhenFalse };

    /// <summary>The same condition with other pieces (the derivative, the antiderivative, a rewrite).</summary>
    public Expr WithPieces(Expr whenTrue, Expr whenFalse) => Of(Left, Comparison, Right, whenTrue, whenFalse);

    /// <summary>Folds a condition between numbers and pieces that are equal; otherwise the node.</summary>
    public static Expr Of(Expr left, Comparison comparison, Expr right, Expr whenTrue, Expr whenFalse)
    {
        if (whenTrue == whenFalse)
        {
            return whenTrue;
        }

        if (left is Num a && right is Num b)
        {
            return Holds(comparison, a.Value, b.Value) ? whenTrue : whenFalse;
        }

        // A condition between compile-time constants (const members, pi, e) is decided now, as the compiler would
        // fold it; one that reads a hyper-parameter or a static readonly member stays, its value is the instance's.
        if (IsCompileTimeConstant(left) && IsCompileTimeConstant(right)
            && Evaluator.Evaluate(left, Var.T, double.NaN) is double l && Evaluator.Evaluate(right, Var.T, double.NaN) is double r
            && !double.IsNaN(l) && !double.IsNaN(r))
        {
            return Holds(comparison, l, r) ? whenTrue : whenFalse;
        }

        return new Piecewise(left, comparison, right, whenTrue, whenFalse);
    }

    private static bool IsCompileTimeConstant(Expr e) => e switch
    {
        Num => true,
        Named named => named.Value is not null && !named.IsHyperParameter,
        Var or Integral => false,
        _ => System.Linq.Enumerable.All(e.Children, IsCompileTimeConstant),
    };

    /// <summary>Whether the comparison holds for the two values (false when either is NaN, as in C#).</summary>
    public static bool Holds(Comparison comparison, double left, double right)
        => comparison == Comparison.Less ? left < right : left <= right;

    /// <summary>The C# and math operator.</summary>
    public static string Operator(Comparison comparison) => comparison == Comparison.Less ? "<" : "<=";
}
