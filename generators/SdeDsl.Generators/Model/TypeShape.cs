using SdeDsl.Generators.Collections;

namespace SdeDsl.Generators.Model;

/// <summary>
/// Everything the emitter needs to reopen the user's partial type: namespace, containing types, the
/// declaration keyword and type parameters.
/// </summary>
/// <param name="Namespace">The containing namespace, or null for the global namespace.</param>
/// <param name="Containers">Containing types, outermost first.</param>
/// <param name="Declaration">The type itself.</param>
/// <param name="IsReadOnly">True for a <c>readonly</c> struct (members then need no <c>readonly</c> modifier).</param>
/// <param name="IsValueType">True for structs (members get a <c>readonly</c> modifier so <c>in</c> calls copy nothing).</param>
/// <param name="FullName">The fully qualified display name, used in messages and hint names.</param>
internal sealed record TypeShape(
    string? Namespace,
    EquatableArray<TypeDeclarationShape> Containers,
    TypeDeclarationShape Declaration,
    bool IsReadOnly,
    bool IsValueType,
    string FullName)
{
    /// <summary>
    /// True when a type or namespace on the way to this type has a sibling whose name differs only in case, so the
    /// hint name gets a suffix (hint names are compared ignoring case).
    /// </summary>
    public bool HasCaseTwin { get; init; }

    /// <summary>The name that refers to the type inside its own body, with type parameters: <c>Foo&lt;T&gt;</c>.</summary>
    public string SelfReference => Declaration.Name + Declaration.TypeParameters;
}

/// <summary>One level of a type declaration: <c>partial record struct Name&lt;T&gt;</c>.</summary>
/// <param name="Keyword">class, struct, record, record struct, interface.</param>
/// <param name="Name">The identifier.</param>
/// <param name="TypeParameters">"&lt;T, U&gt;" or empty.</param>
internal sealed record TypeDeclarationShape(string Keyword, string Name, string TypeParameters);
