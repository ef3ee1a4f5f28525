using System;
using System.Collections.Generic;

namespace SdeDsl.Generators.Symbolic;

/// <summary>The free variable of an expression: t in the declared functions, sigma in the inverse.</summary>
internal sealed record Var(string Name) : Expr
{
    public static readonly Var T = new("t");
    public static readonly Var Sigma = new("sigma");

    public override IReadOnlyList<Expr> Children => Array.Empty<Expr>();
}
