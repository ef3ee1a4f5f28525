namespace SdeDsl.Generators.CodeFixes;

/// <summary>The generator's diagnostics these fixes act on (Diagnostics/DiagnosticDescriptors.cs of the generator).</summary>
internal static class DiagnosticIds
{
    /// <summary>The schedule type, or a type containing it, is not partial.</summary>
    public const string TypeNotPartial = "SDE001";

    /// <summary>A [Sigma], [Scale], [Drift] or [Diffusion] method's body is not a single expression.</summary>
    public const string BodyNotSingleExpression = "SDE007";

    /// <summary>Integer division in a declaration (1 / 2 is 0).</summary>
    public const string IntegerDivision = "SDE020";
}
