namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// The comparison of a <see cref="Piecewise"/> condition. Only the two strict-or-not "less" forms exist:
/// a &gt; b is built as b &lt; a and a &gt;= b as b &lt;= a, so equal conditions compare equal.
/// </summary>
internal enum Comparison
{
    /// <summary>left &lt; right.</summary>
    Less,

    /// <summary>left &lt;= right.</summary>
    LessOrEqual,
}
