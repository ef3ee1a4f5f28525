using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SdeDsl.Generators.Parsing;

namespace SdeDsl.Generators.CodeFixes;

/// <summary>SDE020: writes the left operand of an integer division as a double (<c>1 / 2</c> becomes <c>1.0 / 2</c>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IntegerDivisionCodeFix))]
[Shared]
public sealed class IntegerDivisionCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.IntegerDivision);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not BinaryExpressionSyntax division || !division.IsKind(SyntaxKind.DivideExpression))
        {
            return;
        }

        string replacement = IntegerDivision.Replacement(division);
        context.RegisterCodeFix(
            CodeAction.Create("Write " + replacement, c => ReplaceAsync(context.Document, division, replacement, c), nameof(IntegerDivisionCodeFix)),
            context.Diagnostics);
    }

    private static async Task<Document> ReplaceAsync(Document document, BinaryExpressionSyntax division, string replacement, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        ExpressionSyntax fixedDivision = SyntaxFactory.ParseExpression(replacement).WithTriviaFrom(division);
        return document.WithSyntaxRoot(root.ReplaceNode(division, fixedDivision));
    }
}
