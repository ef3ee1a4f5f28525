using System;
using Microsoft.CodeAnalysis.Text;

namespace SdeDsl.Generators.Tests.Infrastructure;

/// <summary>Source text with one span marked as [|...|], the place a diagnostic must point at.</summary>
public sealed record Markup(string Source, TextSpan Span)
{
    public static Markup Parse(string marked)
    {
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new ArgumentException("The source must mark one span with [| and |].", nameof(marked));
        }

        string source = marked.Remove(end, 2).Remove(start, 2);
        return new Markup(source, TextSpan.FromBounds(start, end - 2));
    }
}
