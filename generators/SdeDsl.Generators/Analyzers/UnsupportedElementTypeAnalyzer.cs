using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SdeDsl.Generators.Diagnostics;

namespace SdeDsl.Generators.Analyzers;

/// <summary>
/// SDE301: the samplers, kernels and denoisers run on float and double tensors only, although their element type
/// parameter is constrained to <c>IBinaryFloatingPointIeee754&lt;T&gt;</c> (which System.Half, NFloat and others
/// satisfy). This analyzer turns what would be a NotSupportedException at run time into a compile-time error:
/// <list type="bullet">
/// <item>a type implementing <c>SdeDsl.Denoisers.IDenoiser&lt;X&gt;</c> with X neither float nor double, at the
/// base-list entry (directly, or through a base type or interface that fixes X);</item>
/// <item>a use of a generic method or type of the SdeDsl assembly whose type parameter is constrained to
/// <c>IBinaryFloatingPointIeee754&lt;T&gt;</c>, with an argument other than float or double: invocations (explicit
/// or inferred type arguments), method groups and object creations, at the member's name.</item>
/// </list>
/// Type parameters (the user's own generic code) are never reported, and the user's generic methods are not followed:
/// <c>MyHelper&lt;Half&gt;()</c> is not a call of SdeDsl, and the SdeDsl calls inside <c>MyHelper&lt;T&gt;</c> see an open T.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsupportedElementTypeAnalyzer : DiagnosticAnalyzer
{
    private const string DenoiserMetadataName = "SdeDsl.Denoisers.IDenoiser`1";
    private const string FloatingPointMetadataName = "System.Numerics.IBinaryFloatingPointIeee754`1";

    private static readonly SymbolDisplayFormat MemberFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.None,
        memberOptions: SymbolDisplayMemberOptions.IncludeContainingType);

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnsupportedElementType);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        // Generated code is analysed too: a generated call with T = Half fails at run time just the same.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            INamedTypeSymbol? denoiser = start.Compilation.GetTypeByMetadataName(DenoiserMetadataName);
            INamedTypeSymbol? floatingPoint = start.Compilation.GetTypeByMetadataName(FloatingPointMetadataName);
            if (denoiser is null || floatingPoint is null)
            {
                return; // SdeDsl (or .NET 7+) is not referenced: nothing to check.
            }

            var checker = new Checker(denoiser, floatingPoint);
            start.RegisterSyntaxNodeAction(checker.AnalyzeBaseType, SyntaxKind.SimpleBaseType, SyntaxKind.PrimaryConstructorBaseType);
            start.RegisterOperationAction(checker.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(checker.AnalyzeMethodReference, OperationKind.MethodReference);
            start.RegisterOperationAction(checker.AnalyzeObjectCreation, OperationKind.ObjectCreation);
        });
    }

    /// <summary>The per-compilation state: the two well-known types (immutable, so safe across threads).</summary>
    private sealed class Checker(INamedTypeSymbol denoiser, INamedTypeSymbol floatingPoint)
    {
        private IAssemblySymbol SdeDsl => denoiser.ContainingAssembly;

        public void AnalyzeBaseType(SyntaxNodeAnalysisContext context)
        {
            var baseType = (BaseTypeSyntax)context.Node;
            if (context.SemanticModel.GetTypeInfo(baseType.Type, context.CancellationToken).Type is not INamedTypeSymbol type
                || type.TypeKind == TypeKind.Error)
            {
                return;
            }

            ITypeSymbol? element = UnsupportedDenoiserElement(type);
            if (element is null)
            {
                return;
            }

            // A base type declared in this compilation that fixes the element itself is reported at its own
            // declaration; its subclasses are not reported again.
            if (!SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, denoiser)
                && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, context.Compilation.Assembly)
                && UnsupportedDenoiserElement(type.OriginalDefinition) is not null)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnsupportedElementType, baseType.GetLocation(), Display(element), "IDenoiser"));
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            CheckMethod(context, invocation.TargetMethod, NameOf(invocation.Syntax));
        }

        public void AnalyzeMethodReference(OperationAnalysisContext context)
        {
            var reference = (IMethodReferenceOperation)context.Operation;
            CheckMethod(context, reference.Method, NameOf(reference.Syntax));
        }

        public void AnalyzeObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Type is not INamedTypeSymbol type)
            {
                return;
            }

            SyntaxNode location = creation.Syntax is ObjectCreationExpressionSyntax explicitType ? explicitType.Type : creation.Syntax;
            CheckType(context, type, creation.Constructor ?? (ISymbol)type, location);
        }

        private void CheckMethod(OperationAnalysisContext context, IMethodSymbol method, SyntaxNode location)
        {
            if (!SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, SdeDsl))
            {
                return;
            }

            ImmutableArray<ITypeParameterSymbol> parameters = method.OriginalDefinition.TypeParameters;
            for (int i = 0; i < parameters.Length && i < method.TypeArguments.Length; i++)
            {
                if (IsFloatingPointParameter(parameters[i]) && IsUnsupported(method.TypeArguments[i]))
                {
                    Report(context, location, method.TypeArguments[i], method.ToDisplayString(MemberFormat));
                    return;
                }
            }

            if (method.ContainingType is { } containing)
            {
                CheckType(context, containing, method, location);
            }
        }

        private void CheckType(OperationAnalysisContext context, INamedTypeSymbol type, ISymbol member, SyntaxNode location)
        {
            if (!SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, SdeDsl))
            {
                return;
            }

            for (INamedTypeSymbol? level = type; level is not null; level = level.ContainingType)
            {
                ImmutableArray<ITypeParameterSymbol> parameters = level.OriginalDefinition.TypeParameters;
                for (int i = 0; i < parameters.Length && i < level.TypeArguments.Length; i++)
                {
                    if (IsFloatingPointParameter(parameters[i]) && IsUnsupported(level.TypeArguments[i]))
                    {
                        Report(context, location, level.TypeArguments[i], member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? type.Name : member.ToDisplayString(MemberFormat));
                        return;
                    }
                }
            }
        }

        /// <summary>The element X of an IDenoiser&lt;X&gt; the type is or implements, when X is concrete and unsupported.</summary>
        private ITypeSymbol? UnsupportedDenoiserElement(INamedTypeSymbol type)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, denoiser))
            {
                return IsUnsupported(type.TypeArguments[0]) ? type.TypeArguments[0] : null;
            }

            foreach (INamedTypeSymbol implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, denoiser) && IsUnsupported(implemented.TypeArguments[0]))
                {
                    return implemented.TypeArguments[0];
                }
            }

            return null;
        }

        private bool IsFloatingPointParameter(ITypeParameterSymbol parameter)
        {
            foreach (ITypeSymbol constraint in parameter.ConstraintTypes)
            {
                if (SymbolEqualityComparer.Default.Equals(constraint.OriginalDefinition, floatingPoint))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True for a concrete type other than float and double. Type parameters (checked where they are bound) and
        /// error types (already a compiler error) are not reported.
        /// </summary>
        private static bool IsUnsupported(ITypeSymbol argument)
            => argument.TypeKind is not (TypeKind.TypeParameter or TypeKind.Error)
               && argument.SpecialType is not (SpecialType.System_Single or SpecialType.System_Double);

        private static void Report(OperationAnalysisContext context, SyntaxNode location, ITypeSymbol element, string member)
            => context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedElementType, location.GetLocation(), Display(element), member));

        private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);

        /// <summary>The name of the invoked or referenced member: <c>Sample</c> in <c>HeunSampler.Sample(...)</c>.</summary>
        private static SyntaxNode NameOf(SyntaxNode syntax)
        {
            SyntaxNode expression = syntax is InvocationExpressionSyntax invocation ? invocation.Expression : syntax;
            return expression switch
            {
                MemberAccessExpressionSyntax access => access.Name,
                MemberBindingExpressionSyntax binding => binding.Name,
                _ => expression,
            };
        }
    }
}
