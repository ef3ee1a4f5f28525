namespace SdeDsl.Models;

/// <summary>Which half of classifier-free guidance a call of an <see cref="IGuidedNetwork{T}"/> computes (docs/math.md §11.6).</summary>
public enum GuidanceBranch
{
    /// <summary>The unconditional (or negative-prompt) prediction, giving D_u.</summary>
    Unconditional,

    /// <summary>The conditional prediction, giving D_c.</summary>
    Conditional,
}
