using System;
using System.Collections.Generic;

namespace SdeDsl.Generators.Symbolic;

/// <summary>A numeric literal.</summary>
internal sealed record Num(double Value) : Expr
{
    public override IReadOnlyList<Expr> Children => Array.Empty<Expr>();

    public bool IsInteger => Math.Abs(Value) < 1e15 && Value == Math.Floor(Value);
}
