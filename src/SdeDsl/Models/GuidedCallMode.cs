namespace SdeDsl.Models;

/// <summary>How an <see cref="IGuidedNetwork{T}"/> evaluates both guidance branches (docs/math.md §11.6).</summary>
public enum GuidedCallMode
{
    /// <summary>Two calls of <see cref="IGuidedNetwork{T}.Predict"/>, one per branch.</summary>
    TwoCalls,

    /// <summary>
    /// One call of <see cref="IGuidedNetwork{T}.PredictBatchDoubled"/> on a batch twice as long: the first half
    /// unconditional, the second conditional (what diffusers' pipelines do).
    /// </summary>
    BatchDoubled,
}
