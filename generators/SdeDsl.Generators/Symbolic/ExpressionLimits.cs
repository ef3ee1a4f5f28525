namespace SdeDsl.Generators.Symbolic;

/// <summary>The symbolic engine's size and quadrature budgets, shared by every stage that builds or accepts expressions.</summary>
internal static class ExpressionLimits
{
    /// <summary>Expressions larger than this many nodes (Evaluator.Size) are refused: the engine recurses over trees.</summary>
    public const int MaxSize = 20000;

    /// <summary>
    /// The integrand evaluations all build-time quadrature of one schedule may use (a few seconds at most);
    /// smooth schedules need far fewer. Past it, checks that need the integrals are skipped (SDE208).
    /// </summary>
    public const long BuildTimeQuadratureEvaluations = 4_000_000;
}
