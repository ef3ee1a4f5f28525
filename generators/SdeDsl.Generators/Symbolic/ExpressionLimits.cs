namespace SdeDsl.Generators.Symbolic;

/// <summary>The symbolic engine's size budget, shared by every stage that builds or accepts expressions.</summary>
internal static class ExpressionLimits
{
    /// <summary>Expressions larger than this many nodes (Evaluator.Size) are refused: the engine recurses over trees.</summary>
    public const int MaxSize = 20000;
}
