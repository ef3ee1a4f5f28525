using Microsoft.CodeAnalysis.CSharp;

namespace SdeDsl.Generators.Parsing;

/// <summary>Identifiers as they must be written in generated C#.</summary>
internal static class Identifiers
{
    /// <summary>
    /// The identifier, with an @ when it is a reserved keyword: a type declared as <c>@double</c> or a
    /// constant declared as <c>@int</c> has the symbol name "double" or "int", which cannot be written bare.
    /// </summary>
    public static string Escape(string identifier)
        => SyntaxFacts.IsReservedKeyword(SyntaxFacts.GetKeywordKind(identifier)) ? "@" + identifier : identifier;
}
