using System;
using System.Collections.Generic;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// A constant known by name: a <c>const</c> or <c>static readonly</c> member of the schedule type, or
/// pi and e. <paramref name="Value"/> is known for constants and null for <c>static readonly</c> members.
/// </summary>
/// <param name="Name">The name shown in formulas.</param>
/// <param name="Code">The C# text that evaluates it inside the schedule type.</param>
/// <param name="Value">The value when the compiler knows it.</param>
/// <param name="IsTypeMember">True for members of the schedule type (emitted by simple name).</param>
/// <param name="IsDouble">
/// False for a member of another numeric type (int, float, ...): the emitted code converts it to double
/// first, so the generated arithmetic never becomes integer (2 / N) or float arithmetic.
/// </param>
/// <param name="IsHyperParameter">
/// True for an instance hyper-parameter (a readonly field or primary-constructor parameter, docs/math.md §18):
/// <paramref name="Value"/> is then its default, which the build-time checks use; the emitted members read the
/// instance's value.
/// </param>
internal sealed record Named(string Name, string Code, double? Value, bool IsTypeMember, bool IsDouble = true, bool IsHyperParameter = false) : Expr
{
    public static readonly Named Pi = new("pi", "double.Pi", Math.PI, false);
    public static readonly Named E = new("e", "double.E", Math.E, false);

    public override IReadOnlyList<Expr> Children => Array.Empty<Expr>();
}
