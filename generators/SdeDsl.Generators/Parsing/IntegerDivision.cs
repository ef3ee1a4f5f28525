using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SdeDsl.Generators.Parsing;

/// <summary>
/// Integer division in a declaration (docs/math.md §18): C# evaluates <c>1 / 2</c> in int, so it is 0, and
/// <c>1 / 2 * t</c> is 0 for every t. The parser keeps the C# value (the DSL has C# semantics) and warns (SDE020)
/// when the quotient was truncated; the code fix writes the left operand as a double. This file is shared, as a
/// linked source, with the code-fix assembly, so the warning's suggestion and the fix are the same text.
/// </summary>
internal static class IntegerDivision
{
    /// <summary>
    /// The divisions inside a constant integer expression (the node itself included) whose quotient C#
    /// truncates: both operands integer constants and the remainder not zero. 4 / 2 is exact and not reported.
    /// </summary>
    public static IEnumerable<BinaryExpressionSyntax> Truncating(SemanticModel model, ExpressionSyntax node, CancellationToken cancellationToken)
    {
        foreach (BinaryExpressionSyntax division in node.DescendantNodesAndSelf().OfType<BinaryExpressionSyntax>())
        {
            if (division.IsKind(SyntaxKind.DivideExpression)
                && IsInteger(model.GetTypeInfo(division, cancellationToken).Type)
                && ToDecimal(model.GetConstantValue(division.Left, cancellationToken)) is decimal left
                && ToDecimal(model.GetConstantValue(division.Right, cancellationToken)) is decimal right
                && right != 0
                && left % right != 0)
            {
                yield return division;
            }
        }
    }

    /// <summary>The division's C# value as the compiler computed it ("0" for 1 / 2).</summary>
    public static string Value(SemanticModel model, BinaryExpressionSyntax division, CancellationToken cancellationToken)
        => ToDecimal(model.GetConstantValue(division, cancellationToken)) is decimal value
            ? value.ToString(CultureInfo.InvariantCulture)
            : division.ToString();

    /// <summary>The division with its left operand written as a double: "1.0 / 2", "(double)A / B", "(double)(A + 1) / B".</summary>
    public static string Replacement(BinaryExpressionSyntax division)
        => DoubleOperand(division.Left) + " / " + division.Right.WithoutTrivia();

    /// <summary>
    /// The operand as a double expression: an integer literal (possibly negated) becomes a double literal of the
    /// same value; a primary expression gets a cast; anything else is parenthesised and cast.
    /// </summary>
    public static string DoubleOperand(ExpressionSyntax operand)
    {
        operand = operand.WithoutTrivia();
        switch (operand)
        {
            case LiteralExpressionSyntax literal when ToDecimal(literal.Token.Value) is decimal value:
                return value.ToString(CultureInfo.InvariantCulture) + ".0";
            case PrefixUnaryExpressionSyntax { Operand: LiteralExpressionSyntax literal } negated
                when negated.IsKind(SyntaxKind.UnaryMinusExpression) && ToDecimal(literal.Token.Value) is decimal value:
                return "-" + value.ToString(CultureInfo.InvariantCulture) + ".0";
            case IdentifierNameSyntax or MemberAccessExpressionSyntax or ParenthesizedExpressionSyntax or InvocationExpressionSyntax:
                return "(double)" + operand;
            default:
                return "(double)(" + operand + ")";
        }
    }

    private static bool IsInteger(ITypeSymbol? type) => type?.SpecialType is
        SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_UInt32 or SpecialType.System_UInt64;

    private static decimal? ToDecimal(Optional<object?> constant) => constant.HasValue ? ToDecimal(constant.Value) : null;

    private static decimal? ToDecimal(object? value) => value switch
    {
        int i => i,
        long l => l,
        uint u => u,
        ulong u => u,
        short s => s,
        ushort u => u,
        byte b => b,
        sbyte b => b,
        _ => null,
    };
}
