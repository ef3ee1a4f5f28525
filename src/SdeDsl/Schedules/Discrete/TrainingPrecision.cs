namespace SdeDsl.Schedules;

/// <summary>The arithmetic in which a discrete training table (betas, alpha_bar) is built (docs/math.md §12.2).</summary>
public enum TrainingPrecision
{
    /// <summary>
    /// float32, rounding after every operation as diffusers does (torch.linspace and torch.cumprod in float32), so the
    /// sigma table is the one diffusers computes from the same config; sigma is then taken in double from the float32 alpha_bar.
    /// </summary>
    Single,

    /// <summary>The same formulas in double throughout (the exact table the formulas define, to double round-off).</summary>
    Double,
}
