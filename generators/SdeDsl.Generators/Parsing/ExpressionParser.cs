using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SdeDsl.Generators.Diagnostics;
using SdeDsl.Generators.Model;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Parsing;

/// <summary>
/// Turns the body of a declared method into a symbolic expression in t, with C# semantics: integer
/// constant subexpressions keep integer division (1 / 2 is 0), float constants keep float precision.
/// Every construct outside the DSL becomes a diagnostic at that sub-expression, naming it; parsing
/// carries on so one pass reports every problem.
/// </summary>
internal sealed class ExpressionParser
{
    /// <summary>The deepest nesting accepted; deeper bodies are SDE014 (the engine recurses over trees).</summary>
    public const int MaxDepth = 128;

    private const string Supported =
        "a schedule expression may use t, numeric literals, const or static readonly members of the type, its hyper-parameters (readonly fields and primary-constructor parameters with defaults), Math.PI, Math.E, + - * /, unary minus, the conditional operator with a comparison (<, <=, >, >=), calls of the type's own expression-bodied double methods (inlined), and the Math functions Exp, Log, Log10, Log2, Sqrt, Cbrt, Pow, Sin, Cos, Tan, Asin, Acos, Atan, Sinh, Cosh, Tanh, Asinh, Acosh, Atanh, Abs, Min, Max, Clamp";

    private readonly SemanticModel model;
    private readonly IReadOnlyDictionary<IParameterSymbol, Expr> bindings;
    private readonly IReadOnlyList<IMethodSymbol> callers;
    private readonly Dictionary<InlinedCall, Expr?> inlined;
    private readonly INamedTypeSymbol scheduleType;
    private readonly string role;
    private readonly string methodName;
    private readonly List<DiagnosticInfo> diagnostics;
    private readonly CancellationToken cancellationToken;

    public ExpressionParser(
        SemanticModel model,
        IParameterSymbol parameter,
        INamedTypeSymbol scheduleType,
        string role,
        string methodName,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken)
        : this(
            model,
            new Dictionary<IParameterSymbol, Expr>(SymbolEqualityComparer.Default) { [parameter] = Var.T },
            new[] { (IMethodSymbol)parameter.ContainingSymbol },
            new Dictionary<InlinedCall, Expr?>(),
            scheduleType,
            role,
            methodName,
            diagnostics,
            cancellationToken)
    {
    }

    private ExpressionParser(
        SemanticModel model,
        IReadOnlyDictionary<IParameterSymbol, Expr> bindings,
        IReadOnlyList<IMethodSymbol> callers,
        Dictionary<InlinedCall, Expr?> inlined,
        INamedTypeSymbol scheduleType,
        string role,
        string methodName,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken)
    {
        this.model = model;
        this.bindings = bindings;
        this.callers = callers;
        this.inlined = inlined;
        this.scheduleType = scheduleType;
        this.role = role;
        this.methodName = methodName;
        this.diagnostics = diagnostics;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>The expression, or null when it is outside the DSL (diagnostics were reported).</summary>
    public Expr? Parse(ExpressionSyntax body) => Visit(body, 0);

    /// <summary>The single expression of a method's body (expression-bodied or one return statement), or null.</summary>
    public static ExpressionSyntax? SingleExpressionBody(MethodDeclarationSyntax? declaration)
        => declaration?.ExpressionBody?.Expression
           ?? (declaration?.Body is { Statements: { Count: 1 } statements } && statements[0] is ReturnStatementSyntax { Expression: { } returned } ? returned : null);

    private Expr? Visit(ExpressionSyntax node, int depth)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (depth > MaxDepth)
        {
            Report(DiagnosticDescriptors.ExpressionTooLarge, node, role, methodName, $"it is nested more than {MaxDepth} levels deep");
            return null;
        }

        switch (node)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Visit(parenthesized.Expression, depth + 1);

            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NumericLiteralExpression):
                return ConstantOf(literal) is double value ? new Num(value) : Unsupported(literal, "the literal '" + literal + "'");

            case BinaryExpressionSyntax binary when IsArithmetic(binary.Kind()):
            {
                if (NarrowNumericType(binary) is string narrow)
                {
                    // C# evaluates this in int, long, float, ...: 1 / 2 is 0, 0.1f * 0.1f is a float product.
                    // A constant takes the compiler's value; at run time (static readonly members) the DSL
                    // cannot reproduce that arithmetic in double, so it is refused.
                    return ConstantOf(binary) is double folded
                        ? IntegerConstant(binary, folded)
                        : Unsupported(binary, "the " + narrow + " arithmetic '" + binary + "' (C# evaluates it in " + narrow + ", not double; make the members const or double)");
                }

                Expr? left = Visit(binary.Left, depth + 1), right = Visit(binary.Right, depth + 1);
                if (left is null || right is null)
                {
                    return null;
                }

                return binary.Kind() switch
                {
                    SyntaxKind.AddExpression => left + right,
                    SyntaxKind.SubtractExpression => left - right,
                    SyntaxKind.MultiplyExpression => left * right,
                    _ => left / right,
                };
            }

            case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression) || unary.IsKind(SyntaxKind.UnaryPlusExpression):
            {
                if (NarrowNumericType(unary) is not null && ConstantOf(unary) is double folded)
                {
                    return IntegerConstant(unary, folded);
                }

                Expr? operand = Visit(unary.Operand, depth + 1);
                return operand is null ? null : unary.IsKind(SyntaxKind.UnaryMinusExpression) ? -operand : operand;
            }

            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                return Identifier(node);

            case InvocationExpressionSyntax invocation:
                return Invocation(invocation, depth);

            case ConditionalExpressionSyntax conditional:
                return Conditional(conditional, depth);

            case CastExpressionSyntax cast when model.GetTypeInfo(cast.Type, cancellationToken).Type?.SpecialType == SpecialType.System_Double:
                return Visit(cast.Expression, depth + 1); // (double) x is x: every value is a double already

            default:
                return Unsupported(node, Describe(node));
        }
    }

    private Expr? Identifier(ExpressionSyntax node)
    {
        ISymbol? symbol = model.GetSymbolInfo(node, cancellationToken).Symbol;
        switch (symbol)
        {
            case IParameterSymbol p when bindings.TryGetValue(p, out Expr? bound):
                return bound;

            case IParameterSymbol p when HyperParameters.IsPrimaryConstructorParameter(p, scheduleType, cancellationToken):
                return HyperParameters.FromParameter(p, out string? parameterProblem) ?? HyperParameterProblem(p, parameterProblem!);

            case IFieldSymbol field when !field.IsStatic && field.IsReadOnly && !field.IsConst
                                         && SymbolEqualityComparer.Default.Equals(field.ContainingType?.OriginalDefinition, scheduleType.OriginalDefinition):
                return HyperParameters.FromField(field, scheduleType, model, out string? fieldProblem, cancellationToken) ?? HyperParameterProblem(field, fieldProblem!);

            case IFieldSymbol field when IsFromSystem(field.ContainingType):
                switch (field.Name)
                {
                    case "PI" or "Pi":
                        return Named.Pi;
                    case "E":
                        return Named.E;
                    case "Tau":
                        return Product.Of(new Num(2), Named.Pi);
                    default:
                        return Unknown(node, "only PI, Pi, E and Tau are supported from System.Math and System.Double");
                }

            case IFieldSymbol field when SymbolEqualityComparer.Default.Equals(field.ContainingType?.OriginalDefinition, scheduleType.OriginalDefinition):
                if (!IsNumeric(field.Type))
                {
                    return Unknown(node, "it is not a numeric constant");
                }

                bool isDouble = field.Type.SpecialType == SpecialType.System_Double;
                if (field.IsConst && field.HasConstantValue)
                {
                    return new Named(field.Name, Identifiers.Escape(field.Name), ToDouble(field.ConstantValue), IsTypeMember: true, isDouble);
                }

                if (field.IsStatic && field.IsReadOnly)
                {
                    return new Named(field.Name, Identifiers.Escape(field.Name), null, IsTypeMember: true, isDouble);
                }

                return Unknown(node, field.IsStatic
                    ? "a mutable static field may change; make it const or static readonly"
                    : "a mutable instance field may change; make it readonly (a hyper-parameter with a default), const or static readonly");

            case IFieldSymbol:
                return Unknown(node, "only constants declared in the schedule type itself (or Math.PI, Math.E) may be used");

            case IPropertySymbol:
                return Unknown(node, "a property is not a constant; use a const or static readonly field");

            case ILocalSymbol or IParameterSymbol:
                return Unknown(node, "only the method's own parameters and the schedule's hyper-parameters may vary");

            case IMethodSymbol:
                return Unsupported(node, "the method group '" + node + "'");

            case null:
                return Unknown(node, "the name is not known here");

            default:
                return Unknown(node, "it is not t or a numeric constant of the schedule type");
        }
    }

    private Expr? Invocation(InvocationExpressionSyntax invocation, int depth)
    {
        SymbolInfo info = model.GetSymbolInfo(invocation, cancellationToken);
        if (info.Symbol is null && info.CandidateSymbols.IsEmpty)
        {
            return Unknown(invocation.Expression, "the name is not known here");
        }

        if (info.Symbol is IMethodSymbol helper
            && SymbolEqualityComparer.Default.Equals(helper.ContainingType?.OriginalDefinition, scheduleType.OriginalDefinition))
        {
            return InlineHelper(invocation, helper, depth);
        }

        if (info.Symbol is null && UnboundArguments(invocation, depth))
        {
            return null; // an argument names something unknown: SDE009 was reported at that name, the call is not at fault
        }

        if (info.Symbol is not IMethodSymbol method || !IsFromSystem(method.ContainingType))
        {
            return Unsupported(invocation, "the call '" + invocation.Expression + "'");
        }

        if (method.Parameters.Any(p => p.Type.SpecialType != SpecialType.System_Double) || method.ReturnType.SpecialType != SpecialType.System_Double)
        {
            return Unsupported(invocation, "the call '" + invocation.Expression + "' with non-double arguments");
        }

        ExpressionSyntax?[] argumentSyntax = OrderedArguments(invocation, method);
        var arguments = new List<Expr>();
        foreach (ExpressionSyntax? syntax in argumentSyntax)
        {
            Expr? argument = syntax is null ? null : Visit(syntax, depth + 1);
            if (argument is null)
            {
                return null;
            }

            arguments.Add(argument);
        }

        switch (method.Name, arguments.Count)
        {
            case ("Sqrt", 1):
                return Power.Of(arguments[0], Expr.Half);
            case ("Pow", 2):
                return Power.Of(arguments[0], arguments[1]);
            case ("Log", 2):
                return Call.Of(Function.Log, arguments[0]) / Call.Of(Function.Log, arguments[1]);
            case ("Log2", 1):
                return Call.Of(Function.Log, arguments[0]) / Call.Of(Function.Log, new Num(2));
            case ("Exp2", 1):
                return Power.Of(new Num(2), arguments[0]);
            case ("Exp10", 1):
                return Power.Of(new Num(10), arguments[0]);
            case (string name, 1) when Functions.TryFromSourceName(name, out Function function):
                return Call.Of(function, arguments[0]);

            // Piecewise functions as conditionals (docs/math.md §18): the derivative is then the piecewise derivative.
            case ("Abs", 1):
                return Piecewise.Of(arguments[0], Comparison.Less, Expr.Zero, -arguments[0], arguments[0]);
            case ("Min", 2):
                return Piecewise.Of(arguments[0], Comparison.LessOrEqual, arguments[1], arguments[0], arguments[1]);
            case ("Max", 2):
                return Piecewise.Of(arguments[1], Comparison.LessOrEqual, arguments[0], arguments[0], arguments[1]);
            case ("Clamp", 3):
                return Piecewise.Of(
                    arguments[0],
                    Comparison.Less,
                    arguments[1],
                    arguments[1],
                    Piecewise.Of(arguments[2], Comparison.Less, arguments[0], arguments[2], arguments[0]));
            default:
                return Unsupported(invocation, "the call '" + invocation.Expression + "' (not differentiable everywhere or not a supported function)");
        }
    }

    /// <summary>
    /// True when overload resolution failed because an argument does not bind (a misspelt constant in
    /// <c>Math.Abs(Bta - t)</c> gives the argument an error type, so no overload applies): the arguments are parsed
    /// so the misspelt name gets SDE009 at itself, as it would outside a call, instead of SDE008 at the call.
    /// </summary>
    private bool UnboundArguments(InvocationExpressionSyntax invocation, int depth)
    {
        bool unbound = false;
        foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
        {
            if (model.GetTypeInfo(argument.Expression, cancellationToken).Type is null or { TypeKind: TypeKind.Error })
            {
                unbound = true;
            }
        }

        if (unbound)
        {
            foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
            {
                Visit(argument.Expression, depth + 1);
            }
        }

        return unbound;
    }

    /// <summary>
    /// cond ? a : b with cond a comparison of two schedule expressions (&lt;, &lt;=, &gt;, &gt;=); &gt; and &gt;= are
    /// written as &lt; and &lt;= with the operands swapped.
    /// </summary>
    private Expr? Conditional(ConditionalExpressionSyntax conditional, int depth)
    {
        ExpressionSyntax condition = conditional.Condition;
        while (condition is ParenthesizedExpressionSyntax parenthesized)
        {
            condition = parenthesized.Expression;
        }

        if (condition is not BinaryExpressionSyntax comparison
            || comparison.Kind() is not (SyntaxKind.LessThanExpression or SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression or SyntaxKind.GreaterThanOrEqualExpression))
        {
            Report(
                DiagnosticDescriptors.UnsupportedConstruct,
                condition,
                "The condition '" + Shorten(condition.ToString()) + "'",
                "the condition of a conditional expression must be one comparison <, <=, > or >= of two schedule expressions (== and != are never reliable in floating point; nest conditionals instead of && and ||)");
            Visit(conditional.WhenTrue, depth + 1);
            Visit(conditional.WhenFalse, depth + 1);
            return null;
        }

        Expr? left = Visit(comparison.Left, depth + 1), right = Visit(comparison.Right, depth + 1);
        Expr? whenTrue = Visit(conditional.WhenTrue, depth + 1), whenFalse = Visit(conditional.WhenFalse, depth + 1);
        if (left is null || right is null || whenTrue is null || whenFalse is null)
        {
            return null;
        }

        return comparison.Kind() switch
        {
            SyntaxKind.LessThanExpression => Piecewise.Of(left, Symbolic.Comparison.Less, right, whenTrue, whenFalse),
            SyntaxKind.LessThanOrEqualExpression => Piecewise.Of(left, Symbolic.Comparison.LessOrEqual, right, whenTrue, whenFalse),
            SyntaxKind.GreaterThanExpression => Piecewise.Of(right, Symbolic.Comparison.Less, left, whenTrue, whenFalse),
            _ => Piecewise.Of(right, Symbolic.Comparison.LessOrEqual, left, whenTrue, whenFalse),
        };
    }

    /// <summary>
    /// A call of a method of the schedule type (docs/math.md §18): its single-expression body is parsed with its
    /// parameters bound to the arguments' expressions, so the helper is inlined symbolically. Recursion and bodies
    /// that cannot be inlined are diagnostics at the call.
    /// </summary>
    private Expr? InlineHelper(InvocationExpressionSyntax invocation, IMethodSymbol helper, int depth)
    {
        IMethodSymbol implementation = helper.PartialImplementationPart ?? helper;
        int cycleStart = -1;
        for (int i = 0; i < callers.Count; i++)
        {
            if (SymbolEqualityComparer.Default.Equals(callers[i].OriginalDefinition, implementation.OriginalDefinition))
            {
                cycleStart = i;
                break;
            }
        }

        if (cycleStart >= 0)
        {
            string cycle = string.Join(" -> ", callers.Skip(cycleStart).Select(c => c.Name).Concat(new[] { helper.Name }));
            Report(DiagnosticDescriptors.RecursiveHelper, invocation, helper.Name, cycle);
            return null;
        }

        string? problem = null;
        if (helper.MethodKind != MethodKind.Ordinary || helper.IsGenericMethod)
        {
            problem = "only ordinary, non-generic methods can be inlined";
        }
        else if (helper.ReturnType.SpecialType != SpecialType.System_Double)
        {
            problem = "it must return double";
        }
        else if (helper.Parameters.Any(p => p.Type.SpecialType != SpecialType.System_Double || p.RefKind != RefKind.None || p.IsParams))
        {
            problem = "every parameter must be a plain double";
        }

        var declaration = implementation.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault();
        ExpressionSyntax? body = SingleExpressionBody(declaration);
        if (problem is null && body is null)
        {
            problem = "its body must be a single expression (=> ... or one return statement)";
        }

        if (problem is not null)
        {
            Report(DiagnosticDescriptors.HelperNotInlinable, invocation, helper.Name, problem);
            return null;
        }

        ExpressionSyntax?[] argumentSyntax = OrderedArguments(invocation, helper);
        var helperBindings = new Dictionary<IParameterSymbol, Expr>(SymbolEqualityComparer.Default);
        for (int i = 0; i < helper.Parameters.Length; i++)
        {
            Expr? argument = argumentSyntax[i] is { } syntax
                ? Visit(syntax, depth + 1)
                : implementation.Parameters[i].HasExplicitDefaultValue && implementation.Parameters[i].ExplicitDefaultValue is double fallback ? new Num(fallback) : null;
            if (argument is null)
            {
                return null;
            }

            helperBindings[implementation.Parameters[i]] = argument;
        }

        // One inlining per helper and argument expressions: h2(t) = h1(t) + h1(t), h3(t) = h2(t) + h2(t), ... parses
        // each level once instead of 2^n times.
        var key = new InlinedCall(implementation, helper.Parameters.Select(p => helperBindings[implementation.Parameters[p.Ordinal]]).ToArray());
        if (inlined.TryGetValue(key, out Expr? known))
        {
            return known;
        }

        SemanticModel helperModel = body!.SyntaxTree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(body.SyntaxTree);
        var inner = new ExpressionParser(
            helperModel, helperBindings, callers.Concat(new[] { implementation }).ToList(), inlined, scheduleType, role, methodName, diagnostics, cancellationToken);
        Expr? result = inner.Visit(body, depth + 1);
        int size = result is null ? 0 : Evaluator.Size(result);
        if (size > ExpressionLimits.MaxSize)
        {
            Report(DiagnosticDescriptors.ExpressionTooLarge, invocation, role, methodName, $"inlining '{helper.Name}' here gives {size} nodes, more than the {ExpressionLimits.MaxSize} the engine accepts");
            result = null;
        }

        inlined[key] = result;
        return result;
    }

    /// <summary>A helper applied to argument expressions, the key of the inlining cache.</summary>
    private sealed class InlinedCall : IEquatable<InlinedCall>
    {
        private readonly IMethodSymbol helper;
        private readonly Expr[] arguments;

        public InlinedCall(IMethodSymbol helper, Expr[] arguments)
        {
            this.helper = helper;
            this.arguments = arguments;
        }

        public bool Equals(InlinedCall? other)
            => other is not null && SymbolEqualityComparer.Default.Equals(helper, other.helper) && arguments.SequenceEqual(other.arguments);

        public override bool Equals(object? obj) => Equals(obj as InlinedCall);

        public override int GetHashCode()
        {
            int hash = SymbolEqualityComparer.Default.GetHashCode(helper);
            foreach (Expr argument in arguments)
            {
                hash = (hash * 31) + argument.GetHashCode();
            }

            return hash;
        }
    }

    /// <summary>
    /// A constant the compiler folded in a narrower type than double, with SDE020 at each division inside it whose
    /// quotient C# truncates (1 / 2 is 0): the value is kept, as the declared C# computes it.
    /// </summary>
    private Num IntegerConstant(ExpressionSyntax node, double folded)
    {
        foreach (BinaryExpressionSyntax division in IntegerDivision.Truncating(model, node, cancellationToken))
        {
            Report(DiagnosticDescriptors.IntegerDivision, division, Shorten(division.ToString()), IntegerDivision.Value(model, division, cancellationToken), IntegerDivision.Replacement(division));
        }

        return new Num(folded);
    }

    private Expr? HyperParameterProblem(ISymbol symbol, string problem)
    {
        // Reported at the hyper-parameter's declaration, once however often it is used.
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidHyperParameter, LocationInfo.From(symbol.Locations.FirstOrDefault()), symbol.Name, problem));
        return null;
    }

    private static string Shorten(string text) => text.Length > 60 ? text.Substring(0, 57) + "..." : text;

    private static ExpressionSyntax?[] OrderedArguments(InvocationExpressionSyntax invocation, IMethodSymbol method)
    {
        var ordered = new ExpressionSyntax?[method.Parameters.Length];
        SeparatedSyntaxList<ArgumentSyntax> arguments = invocation.ArgumentList.Arguments;
        for (int i = 0; i < arguments.Count; i++)
        {
            ArgumentSyntax argument = arguments[i];
            int index = i;
            if (argument.NameColon is { } nameColon)
            {
                index = -1;
                for (int p = 0; p < method.Parameters.Length; p++)
                {
                    if (method.Parameters[p].Name == nameColon.Name.Identifier.ValueText)
                    {
                        index = p;
                    }
                }
            }

            if (index >= 0 && index < ordered.Length)
            {
                ordered[index] = argument.Expression;
            }
        }

        return ordered;
    }

    private static bool IsArithmetic(SyntaxKind kind)
        => kind is SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or SyntaxKind.MultiplyExpression or SyntaxKind.DivideExpression;

    /// <summary>The C# keyword of the node's type when it is a numeric type other than double (its arithmetic differs), else null.</summary>
    private string? NarrowNumericType(ExpressionSyntax node)
        => model.GetTypeInfo(node, cancellationToken).Type?.SpecialType switch
        {
            SpecialType.System_Int32 => "int",
            SpecialType.System_Int64 => "long",
            SpecialType.System_UInt32 => "uint",
            SpecialType.System_UInt64 => "ulong",
            SpecialType.System_Int16 => "short",
            SpecialType.System_UInt16 => "ushort",
            SpecialType.System_Byte => "byte",
            SpecialType.System_SByte => "sbyte",
            SpecialType.System_Single => "float",
            SpecialType.System_Decimal => "decimal",
            _ => null,
        };

    private double? ConstantOf(ExpressionSyntax node)
    {
        Optional<object?> constant = model.GetConstantValue(node, cancellationToken);
        return constant.HasValue ? ToDouble(constant.Value) : null;
    }

    private static double? ToDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        uint u => u,
        ulong u => u,
        short s => s,
        ushort u => u,
        byte b => b,
        sbyte b => b,
        decimal m => (double)m,
        _ => null,
    };

    private static bool IsNumeric(ITypeSymbol type) => type.SpecialType is
        SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Int32 or SpecialType.System_Int64
        or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_UInt64
        or SpecialType.System_Byte or SpecialType.System_SByte;

    private static bool IsFromSystem(INamedTypeSymbol? type)
        => type is not null
           && (type.SpecialType == SpecialType.System_Double
               || (type.Name == "Math" && type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true }));

    private static string Describe(ExpressionSyntax node)
    {
        string text = node.ToString();
        if (text.Length > 60)
        {
            text = text.Substring(0, 57) + "...";
        }

        string what = node switch
        {
            ConditionalExpressionSyntax => "the conditional expression",
            BinaryExpressionSyntax binary => "the '" + binary.OperatorToken.ValueText + "' operator in",
            PrefixUnaryExpressionSyntax unary => "the '" + unary.OperatorToken.ValueText + "' operator in",
            PostfixUnaryExpressionSyntax unary => "the '" + unary.OperatorToken.ValueText + "' operator in",
            LiteralExpressionSyntax => "the literal",
            CastExpressionSyntax => "the cast",
            AssignmentExpressionSyntax => "the assignment",
            SwitchExpressionSyntax => "the switch expression",
            LambdaExpressionSyntax => "the lambda",
            ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax => "the object creation",
            ElementAccessExpressionSyntax => "the element access",
            InterpolatedStringExpressionSyntax => "the interpolated string",
            _ => "the expression",
        };
        return what + " '" + text + "'";
    }

    private Expr? Unsupported(SyntaxNode node, string what)
    {
        Report(DiagnosticDescriptors.UnsupportedConstruct, node, Capitalize(what), Supported);
        return null;
    }

    private Expr? Unknown(SyntaxNode node, string why)
    {
        Report(DiagnosticDescriptors.UnknownIdentifier, node, node.ToString(), why);
        return null;
    }

    private void Report(DiagnosticDescriptor descriptor, SyntaxNode node, params string[] arguments)
        => diagnostics.Add(DiagnosticInfo.Create(descriptor, LocationInfo.From(node), arguments));

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
}
