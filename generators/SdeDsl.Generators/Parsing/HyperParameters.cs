using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Parsing;

/// <summary>
/// Instance hyper-parameters of a schedule (docs/math.md §18): primary-constructor parameters of the struct and its
/// readonly instance fields, each with a default value (a parameter's default, a field's constant initializer or
/// the default of the primary-constructor parameter it is initialised from). The default drives the build-time
/// checks; the emitted members read the instance's value.
/// </summary>
internal static class HyperParameters
{
    /// <summary>Names a hyper-parameter may not have: the generated members' parameters would shadow it.</summary>
    private static readonly string[] ShadowedNames = { "t", "sigma" };

    /// <summary>True when <paramref name="parameter"/> belongs to the primary constructor of <paramref name="type"/>.</summary>
    public static bool IsPrimaryConstructorParameter(IParameterSymbol parameter, INamedTypeSymbol type, CancellationToken cancellationToken)
        => parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
           && SymbolEqualityComparer.Default.Equals(constructor.ContainingType?.OriginalDefinition, type.OriginalDefinition)
           && IsPrimaryConstructor(constructor, cancellationToken);

    /// <summary>True for a constructor declared by a parameter list on the type declaration itself.</summary>
    public static bool IsPrimaryConstructor(IMethodSymbol constructor, CancellationToken cancellationToken)
        => constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax);

    /// <summary>The hyper-parameter a primary-constructor parameter is, or the reason it cannot be one.</summary>
    public static Named? FromParameter(IParameterSymbol parameter, out string? problem)
    {
        problem = Problem(parameter.Name, parameter.Type);
        if (problem is null && !parameter.HasExplicitDefaultValue)
        {
            problem = "a hyper-parameter needs a default value, which the compile-time checks use; write '" + parameter.Type.ToDisplayString() + " " + parameter.Name + " = ...'";
        }

        if (problem is not null)
        {
            return null;
        }

        if (ToDouble(parameter.ExplicitDefaultValue) is not double value)
        {
            problem = "its default value is not a number";
            return null;
        }

        return Create(parameter.Name, value, parameter.Type);
    }

    /// <summary>The hyper-parameter a readonly instance field is, or the reason it cannot be one.</summary>
    public static Named? FromField(IFieldSymbol field, INamedTypeSymbol type, SemanticModel anyModel, out string? problem, CancellationToken cancellationToken)
    {
        problem = Problem(field.Name, field.Type);
        if (problem is not null)
        {
            return null;
        }

        double? value = null;
        foreach (SyntaxReference reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initializer })
            {
                SemanticModel model = anyModel.SyntaxTree == initializer.SyntaxTree ? anyModel : anyModel.Compilation.GetSemanticModel(initializer.SyntaxTree);
                Optional<object?> constant = model.GetConstantValue(initializer, cancellationToken);
                if (constant.HasValue)
                {
                    value = ToDouble(constant.Value);
                }
                else if (model.GetSymbolInfo(initializer, cancellationToken).Symbol is IParameterSymbol source
                         && IsPrimaryConstructorParameter(source, type, cancellationToken)
                         && source.HasExplicitDefaultValue)
                {
                    value = ToDouble(source.ExplicitDefaultValue);
                }
            }
        }

        if (value is null)
        {
            problem = "a hyper-parameter needs a default value, which the compile-time checks use: initialise the field with a constant (readonly double " + field.Name + " = ...) or with a primary-constructor parameter that has a default";
            return null;
        }

        return Create(field.Name, value.Value, field.Type);
    }

    private static string? Problem(string name, ITypeSymbol type)
    {
        if (type.SpecialType != SpecialType.System_Double)
        {
            return "a hyper-parameter must be a double (it is " + type.ToDisplayString() + ")";
        }

        return ShadowedNames.Contains(name)
            ? "a hyper-parameter cannot be named '" + name + "': the generated members' parameter of that name would hide it"
            : null;
    }

    private static Named Create(string name, double value, ITypeSymbol type)
        => new(name, Identifiers.Escape(name), value, IsTypeMember: true, IsDouble: type.SpecialType == SpecialType.System_Double, IsHyperParameter: true);

    private static double? ToDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        _ => null,
    };
}
