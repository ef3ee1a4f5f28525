using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SdeDsl.Generators.CodeFixes;

/// <summary>
/// SDE007: turns a block body into an expression body. The block must be local declarations with initialisers
/// followed by one <c>return</c>, with no assignment anywhere: each local is then a name for its initialiser, so
/// <c>{ double u = 2 * t; return u * u; }</c> becomes <c>=&gt; (2 * t) * (2 * t);</c>, the same expression the
/// generator would have seen had the locals been written out. Other blocks get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ExpressionBodyCodeFix))]
[Shared]
public sealed class ExpressionBodyCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.BodyNotSingleExpression);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent is not MethodDeclarationSyntax method || method.Identifier.Span != context.Span
            || model is null || Inline(method, model, context.CancellationToken) is not ExpressionSyntax expression)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Use an expression body", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(method, WithExpressionBody(method, expression)))), nameof(ExpressionBodyCodeFix)),
            context.Diagnostics);
    }

    /// <summary>The method with "=&gt; expression;" in place of its block, on the line the block started (no reformatting of the rest).</summary>
    private static MethodDeclarationSyntax WithExpressionBody(MethodDeclarationSyntax method, ExpressionSyntax expression)
        => method
            .WithBody(null)
            .WithParameterList(method.ParameterList.WithTrailingTrivia(SyntaxFactory.Space))
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(expression.WithoutTrivia().WithLeadingTrivia(SyntaxFactory.Space)))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(method.Body!.CloseBraceToken.TrailingTrivia));

    /// <summary>The returned expression with every local replaced by its (inlined) initialiser, or null when the block is not of that form.</summary>
    private static ExpressionSyntax? Inline(MethodDeclarationSyntax method, SemanticModel model, CancellationToken cancellationToken)
    {
        if (method.Body is not { Statements.Count: > 0 } body
            || body.Statements.Last() is not ReturnStatementSyntax { Expression: { } returned }
            || body.DescendantNodes().Any(n => n is AssignmentExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }
                                                  or PostfixUnaryExpressionSyntax or ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None }))
        {
            return null;
        }

        var values = new Dictionary<ISymbol, ExpressionSyntax>(SymbolEqualityComparer.Default);
        foreach (StatementSyntax statement in body.Statements.Take(body.Statements.Count - 1))
        {
            if (statement is not LocalDeclarationStatementSyntax { Declaration: { } declaration } local || local.UsingKeyword != default)
            {
                return null;
            }

            foreach (VariableDeclaratorSyntax variable in declaration.Variables)
            {
                if (variable.Initializer?.Value is not { } initializer || initializer is RefExpressionSyntax
                    || model.GetDeclaredSymbol(variable, cancellationToken) is not ILocalSymbol symbol)
                {
                    return null;
                }

                values[symbol] = Substitute(initializer, values, model, cancellationToken);
            }
        }

        return Substitute(returned, values, model, cancellationToken);
    }

    /// <summary>The expression with each name of a local replaced by that local's value, parenthesised unless it is a primary expression.</summary>
    private static ExpressionSyntax Substitute(ExpressionSyntax expression, Dictionary<ISymbol, ExpressionSyntax> values, SemanticModel model, CancellationToken cancellationToken)
    {
        var names = expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
            .Where(n => model.GetSymbolInfo(n, cancellationToken).Symbol is ILocalSymbol local && values.ContainsKey(local))
            .ToList();
        if (names.Count == 0)
        {
            return expression;
        }

        return expression.ReplaceNodes(names, (original, _) =>
        {
            ExpressionSyntax value = values[model.GetSymbolInfo(original, cancellationToken).Symbol!].WithoutTrivia();
            ExpressionSyntax replacement = value is IdentifierNameSyntax or LiteralExpressionSyntax or InvocationExpressionSyntax or MemberAccessExpressionSyntax or ParenthesizedExpressionSyntax
                ? value
                : SyntaxFactory.ParenthesizedExpression(value);
            return replacement.WithTriviaFrom(original);
        });
    }
}
