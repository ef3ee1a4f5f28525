using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SdeDsl.Generators.Collections;
using SdeDsl.Generators.Contract;
using SdeDsl.Generators.Diagnostics;
using SdeDsl.Generators.Model;
using SdeDsl.Generators.Symbolic;
using SdeDsl.Generators.Text;

namespace SdeDsl.Generators.Parsing;

/// <summary>
/// The first pipeline stage: reads a <c>[NoiseSchedule]</c> type (symbol and syntax) into a
/// <see cref="ScheduleModel"/> of plain data, reporting every problem in the declaration.
/// </summary>
internal static class ScheduleParser
{
    public const string NoiseScheduleAttribute = "SdeDsl.NoiseScheduleAttribute";

    private static readonly Dictionary<string, FunctionRole> RoleAttributes = new()
    {
        ["SdeDsl.SigmaAttribute"] = FunctionRole.Sigma,
        ["SdeDsl.ScaleAttribute"] = FunctionRole.Scale,
        ["SdeDsl.DriftAttribute"] = FunctionRole.Drift,
        ["SdeDsl.DiffusionAttribute"] = FunctionRole.Diffusion,
    };

    public static ScheduleModel Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var diagnostics = new List<DiagnosticInfo>();
        LocationInfo? location = LocationInfo.From(syntax.Identifier);
        string name = type.Name;

        CheckPartial(type, syntax, location, diagnostics);
        if (type.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StaticSchedule, location, name));
        }
        else if (type.TypeKind != TypeKind.Struct)
        {
            // Samplers take TSchedule : struct, INoiseSchedule: members generated on a class could never be used.
            string suggestion = "partial " + (type.IsRecord ? "record struct " : "struct ") + type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ScheduleNotStruct, location, suggestion));
        }

        (double tMin, double tMax) = ReadRange(context.Attributes[0], name, location, diagnostics, cancellationToken);
        using System.IDisposable evaluationRange = Facts.Assume(System.Math.Min(0, tMin), tMax); // what simplification may assume of t (docs/math.md §10.11)
        CheckCollisions(type, diagnostics);

        var declared = new List<DeclaredFunction>();
        var roles = new Dictionary<FunctionRole, string>();
        foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
        {
            foreach (FunctionRole role in RolesOf(method))
            {
                LocationInfo? methodLocation = LocationInfo.From(method.Locations.FirstOrDefault());
                if (roles.ContainsKey(role))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateRole, methodLocation, name, role.ToString(), method.Name));
                    continue;
                }

                roles.Add(role, method.Name);
                Expr? body = ParseMethod(context.SemanticModel, type, method, role, methodLocation, diagnostics, cancellationToken);
                if (body is not null)
                {
                    declared.Add(new DeclaredFunction(role, method.Name, body, methodLocation));
                }
            }
        }

        DeclarationKind kind = CheckRoles(roles, name, location, diagnostics);
        IMethodSymbol? primaryConstructor = type.InstanceConstructors.FirstOrDefault(c => HyperParameters.IsPrimaryConstructor(c, cancellationToken));
        var reserved = type.GetMembers().Select(m => m.Name)
            .Concat(type.GetTypeMembers().Select(t => t.Name))
            .Concat(type.TypeParameters.Select(p => p.Name))
            .Concat(primaryConstructor?.Parameters.Select(p => p.Name) ?? Enumerable.Empty<string>())
            .Concat(GeneratedMembers.All)
            .Distinct()
            .OrderBy(n => n, System.StringComparer.Ordinal);

        return new ScheduleModel(
            BuildShape(type),
            tMin,
            tMax,
            kind,
            declared.ToEquatableArray(),
            reserved.ToEquatableArray(),
            location,
            diagnostics.Distinct().ToList().ToEquatableArray()) // a helper or hyper-parameter used twice reports its problem once
        {
            HyperParameters = CollectHyperParameters(declared)
                .OrderBy(h => DeclarationOrder(type, primaryConstructor, h.Name))
                .ToEquatableArray(),
            DefaultConstructorArguments = DefaultConstructorArguments(type, primaryConstructor),
        };
    }

    /// <summary>Where a hyper-parameter is declared: primary-constructor parameters first, then fields, each in order.</summary>
    private static int DeclarationOrder(INamedTypeSymbol type, IMethodSymbol? primaryConstructor, string name)
    {
        int parameter = primaryConstructor?.Parameters.Select(p => p.Name).ToList().IndexOf(name) ?? -1;
        if (parameter >= 0)
        {
            return parameter;
        }

        return 1000 + type.GetMembers().OfType<IFieldSymbol>().Select(f => f.Name).ToList().IndexOf(name);
    }

    /// <summary>The hyper-parameters the declared functions read.</summary>
    private static List<HyperParameter> CollectHyperParameters(List<DeclaredFunction> declared)
    {
        var found = new List<HyperParameter>();
        var seen = new HashSet<string>();
        foreach (DeclaredFunction function in declared)
        {
            Visit(function.Body);
        }

        return found;

        void Visit(Expr e)
        {
            if (e is Named { IsHyperParameter: true, Value: double value } named && seen.Add(named.Name))
            {
                found.Add(new HyperParameter(named.Name, named.Code, value));
            }

            foreach (Expr child in e.Children)
            {
                Visit(child);
            }
        }
    }

    /// <summary>
    /// The initializer of the parameterless constructor generated for a schedule with hyper-parameters, so that
    /// <c>new S()</c> means the defaults rather than all zeros (docs/math.md §18): "this(a: 1, b: 2)" for a primary
    /// constructor whose parameters are all doubles with defaults, "" (a constructor that runs the field
    /// initialisers) for a struct without one. Null when the struct declares a parameterless constructor itself or
    /// its primary constructor has a parameter without a default.
    /// </summary>
    private static string? DefaultConstructorArguments(INamedTypeSymbol type, IMethodSymbol? primaryConstructor)
    {
        if (type.TypeKind != TypeKind.Struct || type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && !c.IsImplicitlyDeclared))
        {
            return null;
        }

        if (primaryConstructor is null)
        {
            return string.Empty;
        }

        if (primaryConstructor.Parameters.Length == 0
            || primaryConstructor.Parameters.Any(p => p.Type.SpecialType != SpecialType.System_Double || !p.HasExplicitDefaultValue || p.ExplicitDefaultValue is not double))
        {
            return null;
        }

        return "this(" + string.Join(", ", primaryConstructor.Parameters.Select(p =>
            Identifiers.Escape(p.Name) + ": " + NumberText.CSharp((double)p.ExplicitDefaultValue!))) + ")";
    }

    /// <summary>
    /// True for the declaration that carries the type's first [NoiseSchedule] (always, unless the attribute is
    /// wrongly repeated on several partial parts, when each part is offered to the generator).
    /// </summary>
    public static bool IsFirstAttributedPart(GeneratorAttributeSyntaxContext context)
    {
        INamedTypeSymbol? attributeClass = context.Attributes.Length > 0 ? context.Attributes[0].AttributeClass : null;
        SyntaxReference? first = context.TargetSymbol.GetAttributes()
            .FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeClass))
            ?.ApplicationSyntaxReference;
        return first is null || (first.SyntaxTree == context.TargetNode.SyntaxTree && context.TargetNode.Span.Contains(first.Span));
    }

    /// <summary>The model for a declaration whose parsing failed internally: SDE900 at the type.</summary>
    public static ScheduleModel Failed(GeneratorAttributeSyntaxContext context, System.Exception exception)
    {
        string name = context.TargetSymbol.Name;
        LocationInfo? location = LocationInfo.From(context.TargetSymbol.Locations.FirstOrDefault());
        var shape = new TypeShape(null, EquatableArray<TypeDeclarationShape>.Empty, new TypeDeclarationShape("struct", name, string.Empty), false, true, name);
        var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, name, exception.GetType().Name + ": " + exception.Message);
        return new ScheduleModel(
            shape, 0, 1, DeclarationKind.SigmaAndScale, EquatableArray<DeclaredFunction>.Empty, EquatableArray<string>.Empty, location, new[] { diagnostic }.ToEquatableArray());
    }

    private static void CheckPartial(INamedTypeSymbol type, TypeDeclarationSyntax syntax, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, location, type.Name, type.Name));
        }

        for (INamedTypeSymbol? container = type.ContainingType; container is not null; container = container.ContainingType)
        {
            foreach (SyntaxReference reference in container.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, LocationInfo.From(declaration.Identifier), container.Name, type.Name));
                }
            }
        }
    }

    private static (double TMin, double TMax) ReadRange(
        AttributeData attribute, string name, LocationInfo? typeLocation, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        double? tMin = null, tMax = null;
        if (attribute.ConstructorArguments.Length == 2)
        {
            tMin = attribute.ConstructorArguments[0].Value as double?;
            tMax = attribute.ConstructorArguments[1].Value as double?;
        }

        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            if (named.Key == "TMin")
            {
                tMin = named.Value.Value as double?;
            }
            else if (named.Key == "TMax")
            {
                tMax = named.Value.Value as double?;
            }
        }

        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        LocationInfo? location = LocationInfo.From(attributeSyntax) ?? typeLocation;
        if (tMin is null || tMax is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingTimeRange, location, name));
            return (0, 1);
        }

        string? problem = null;
        if (double.IsNaN(tMin.Value) || double.IsInfinity(tMin.Value) || double.IsNaN(tMax.Value) || double.IsInfinity(tMax.Value))
        {
            problem = "TMin and TMax must be finite";
        }
        else if (!(tMin.Value < tMax.Value))
        {
            problem = $"TMin = {Format(tMin.Value)} must be less than TMax = {Format(tMax.Value)}";
        }

        if (problem is not null)
        {
            LocationInfo? argumentsLocation = LocationInfo.From(attributeSyntax?.ArgumentList) ?? location;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidTimeRange, argumentsLocation, name, problem));
        }

        return (tMin.Value, tMax.Value);
    }

    /// <summary>
    /// SDE012 at every hand-written declaration that would stop the generated partial from compiling or take the
    /// place of a generated member: a member of any kind (method of any signature, property, field, event, nested
    /// type) named like a generated member (a same-signature method or a non-method is a duplicate definition, an
    /// overload with other parameters would be picked instead of the generated member by calls on the struct), an
    /// explicit implementation of an <c>INoiseSchedule</c> member (the interface would map to it, not to the
    /// generated one, so samplers would silently call the hand-written code), a type parameter of that name, and
    /// the schedule type itself (a member cannot be named like its type).
    /// </summary>
    private static void CheckCollisions(INamedTypeSymbol type, List<DiagnosticInfo> diagnostics)
    {
        var generated = new HashSet<string>(GeneratedMembers.All);
        if (generated.Contains(type.Name))
        {
            Collision(type.Name, type);
        }

        foreach (ITypeParameterSymbol parameter in type.TypeParameters)
        {
            if (generated.Contains(parameter.Name))
            {
                Collision(parameter.Name, parameter);
            }
        }

        foreach (ISymbol member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared)
            {
                continue;
            }

            if (generated.Contains(member.Name))
            {
                Collision(member.Name, member);
            }
            else if (ExplicitlyImplemented(member).FirstOrDefault(m => generated.Contains(m.Name) && IsNoiseScheduleInterface(m.ContainingType)) is { } implemented)
            {
                Collision(implemented.ContainingType.Name + "." + implemented.Name, member);
            }
        }

        void Collision(string name, ISymbol declared)
            => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameCollision, LocationInfo.From(declared.Locations.FirstOrDefault()), name, type.Name));
    }

    private static IEnumerable<ISymbol> ExplicitlyImplemented(ISymbol member) => member switch
    {
        IMethodSymbol method => method.ExplicitInterfaceImplementations,
        IPropertySymbol property => property.ExplicitInterfaceImplementations,
        IEventSymbol @event => @event.ExplicitInterfaceImplementations,
        _ => Enumerable.Empty<ISymbol>(),
    };

    private static bool IsNoiseScheduleInterface(INamedTypeSymbol? type)
        => type is { Name: "INoiseSchedule", ContainingNamespace: { Name: "SdeDsl", ContainingNamespace.IsGlobalNamespace: true } };

    private static IEnumerable<FunctionRole> RolesOf(IMethodSymbol method)
    {
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() is string attributeName && RoleAttributes.TryGetValue(attributeName, out FunctionRole role))
            {
                yield return role;
            }
        }
    }

    private static Expr? ParseMethod(
        SemanticModel semanticModel,
        INamedTypeSymbol type,
        IMethodSymbol method,
        FunctionRole role,
        LocationInfo? location,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken)
    {
        string roleName = role.ToString();
        if (method.ReturnType.SpecialType != SpecialType.System_Double
            || method.Parameters.Length != 1
            || method.Parameters[0].Type.SpecialType != SpecialType.System_Double
            || method.Parameters[0].RefKind != RefKind.None
            || method.IsGenericMethod
            || method.MethodKind != MethodKind.Ordinary)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongSignature, location, roleName, method.Name));
            return null;
        }

        IMethodSymbol implementation = method.PartialImplementationPart ?? method;
        var declaration = implementation.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault();
        ExpressionSyntax? body = ExpressionParser.SingleExpressionBody(declaration);
        if (declaration is null || body is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BodyNotSingleExpression, location, roleName, method.Name));
            return null;
        }

        SemanticModel model = declaration.SyntaxTree == semanticModel.SyntaxTree
            ? semanticModel
            : semanticModel.Compilation.GetSemanticModel(declaration.SyntaxTree);
        var parser = new ExpressionParser(model, implementation.Parameters[0], type, roleName, method.Name, diagnostics, cancellationToken);
        return parser.Parse(body);
    }

    private static DeclarationKind CheckRoles(Dictionary<FunctionRole, string> roles, string name, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        bool sigma = roles.ContainsKey(FunctionRole.Sigma), scale = roles.ContainsKey(FunctionRole.Scale);
        bool drift = roles.ContainsKey(FunctionRole.Drift), diffusion = roles.ContainsKey(FunctionRole.Diffusion);
        if ((sigma || scale) && (drift || diffusion))
        {
            string first = sigma ? "Sigma" : "Scale", second = drift ? "Drift" : "Diffusion";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MixedDeclaration, location, name, first, second));
            return DeclarationKind.SigmaAndScale;
        }

        if (scale && !sigma)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IncompletePair, location, name, "Scale", "Sigma"));
        }
        else if (drift != diffusion)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IncompletePair, location, name, drift ? "Drift" : "Diffusion", drift ? "Diffusion" : "Drift"));
        }
        else if (!sigma && !drift)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NothingDeclared, location, name));
        }

        return drift || diffusion ? DeclarationKind.DriftAndDiffusion : DeclarationKind.SigmaAndScale;
    }

    private static TypeShape BuildShape(INamedTypeSymbol type)
    {
        var containers = new List<TypeDeclarationShape>();
        for (INamedTypeSymbol? container = type.ContainingType; container is not null; container = container.ContainingType)
        {
            containers.Insert(0, Shape(container));
        }

        string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } n
            ? string.Join(".", n.ToDisplayString().Split('.').Select(Identifiers.Escape))
            : null;
        return new TypeShape(
            ns,
            containers.ToEquatableArray(),
            Shape(type),
            type.IsReadOnly,
            type.IsValueType,
            type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat))
        {
            HasCaseTwin = HasCaseTwin(type),
        };
    }

    /// <summary>
    /// True when the type or one of its containing types or namespaces has a sibling declared in source whose
    /// name differs only in case (Foo and foo, namespaces N.a and N.A): the compiler compares hint names
    /// ignoring case, so such types need hint names that differ otherwise (see HintNames.For).
    /// </summary>
    private static bool HasCaseTwin(INamedTypeSymbol type)
    {
        for (ISymbol symbol = type; symbol.ContainingSymbol is INamespaceOrTypeSymbol parent && !(symbol is INamespaceSymbol { IsGlobalNamespace: true }); symbol = parent)
        {
            string name = HintNames.Part(Segment(symbol));
            foreach (ISymbol sibling in parent.GetMembers())
            {
                if (sibling is INamespaceOrTypeSymbol
                    && !SymbolEqualityComparer.Default.Equals(sibling, symbol)
                    && sibling.Locations.Any(l => l.IsInSource)
                    && string.Equals(HintNames.Part(Segment(sibling)), name, System.StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;

        static string Segment(ISymbol symbol)
            => symbol is INamedTypeSymbol { TypeParameters.Length: > 0 } generic
                ? generic.Name + "<" + string.Join(", ", generic.TypeParameters.Select(p => p.Name)) + ">"
                : symbol.Name;
    }

    private static TypeDeclarationShape Shape(INamedTypeSymbol type)
    {
        string keyword = type.TypeKind switch
        {
            TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
            TypeKind.Interface => "interface",
            _ => type.IsRecord ? "record" : "class",
        };
        string typeParameters = type.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", type.TypeParameters.Select(p => Identifiers.Escape(p.Name))) + ">";
        return new TypeDeclarationShape(keyword, Identifiers.Escape(type.Name), typeParameters);
    }

    private static string Format(double value) => NumberText.Math(value);
}
