using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SdeDsl.Generators.Model;

/// <summary>A source location as plain data (no syntax tree is kept alive by the pipeline).</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    /// <summary>
    /// A source location in the tree with this file path (so pragmas and per-file severities apply), or
    /// an external location when the tree is gone.
    /// </summary>
    public Location ToLocation(IReadOnlyDictionary<string, SyntaxTree> trees)
        => trees.TryGetValue(FilePath, out SyntaxTree? tree) && Span.End <= tree.Length
            ? Location.Create(tree, Span)
            : Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());

    public static LocationInfo? From(SyntaxToken token) => From(token.GetLocation());

    public static LocationInfo? From(Location? location)
    {
        if (location?.SourceTree is null)
        {
            return null;
        }

        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }
}
