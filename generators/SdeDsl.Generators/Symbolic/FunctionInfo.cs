using System;
using System.Collections.Generic;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// Everything the engine knows about one elementary <see cref="Function"/>: one entry of <see cref="Functions"/>'
/// table. Each stage looks the function up here instead of switching on it (names for the parser and the printer,
/// evaluation and folding, derivative, inverse, integration rule, domain and range facts, cancelling pair).
/// </summary>
internal sealed class FunctionInfo
{
    public FunctionInfo(
        Function function,
        string mathName,
        string cSharpName,
        IReadOnlyList<string> sourceNames,
        Func<double, double> evaluate,
        Func<double, double>? fold,
        Func<Expr, Expr> derivative,
        Func<Expr, Expr>? inverse,
        Func<Expr, Expr>? antiderivative,
        Interval domain,
        Monotonicity monotonicity,
        Interval range,
        Function? cancelsInner)
    {
        Function = function;
        MathName = mathName;
        CSharpName = cSharpName;
        SourceNames = sourceNames;
        Evaluate = evaluate;
        Fold = fold;
        Derivative = derivative;
        Inverse = inverse;
        Antiderivative = antiderivative;
        Domain = domain;
        Monotonicity = monotonicity;
        Range = range;
        CancelsInner = cancelsInner;
    }

    public Function Function { get; }

    /// <summary>The name in readable math (doc comments): exp, log1p.</summary>
    public string MathName { get; }

    /// <summary>The C# the emitted code calls (keyword-qualified, so no user type can shadow it): double.Exp.</summary>
    public string CSharpName { get; }

    /// <summary>The names of the one-argument methods of System.Math, MathF and double the parser reads as this function.</summary>
    public IReadOnlyList<string> SourceNames { get; }

    /// <summary>The value in double precision for build-time checks (the host runtime's own function where it has one).</summary>
    public Func<double, double> Evaluate { get; }

    /// <summary>
    /// The value a constant argument folds to, bitwise what the emitted call computes at run time, or null when this
    /// host cannot guarantee that (the call is then kept: docs/math.md §10.10).
    /// </summary>
    public Func<double, double>? Fold { get; }

    /// <summary>f'(u), the outer derivative of the chain rule.</summary>
    public Func<Expr, Expr> Derivative { get; }

    /// <summary>f^-1(y) (the principal branch), or null when there is none to use.</summary>
    public Func<Expr, Expr>? Inverse { get; }

    /// <summary>Some F(u) with F' = f (the integration rule for f(u) u'), or null.</summary>
    public Func<Expr, Expr>? Antiderivative { get; }

    /// <summary>The arguments where f is finite (closed interval; an open end is the nearest double inside).</summary>
    public Interval Domain { get; }

    /// <summary>Whether f increases or decreases on its whole domain (then the image of [a, b] is [f(a), f(b)]).</summary>
    public Monotonicity Monotonicity { get; }

    /// <summary>Bounds of f over its domain (for the non-monotone functions).</summary>
    public Interval Range { get; }

    /// <summary>The g with f(g(u)) = u wherever g(u) is finite (exp for log, expm1 for log1p), or null.</summary>
    public Function? CancelsInner { get; }
}
