namespace SdeDsl.Generators;

/// <summary>Names of the tracked pipeline steps (the caching tests read them).</summary>
internal static class TrackingNames
{
    public const string Declarations = nameof(Declarations);
    public const string Generated = nameof(Generated);
    public const string Sources = nameof(Sources);
    public const string Diagnostics = nameof(Diagnostics);
}
