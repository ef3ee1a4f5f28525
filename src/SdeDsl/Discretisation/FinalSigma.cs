namespace SdeDsl.Discretisation;

/// <summary>Where a named grid's last step lands (diffusers' <c>final_sigmas_type</c>; docs/math.md §15.6).</summary>
public enum FinalSigma
{
    /// <summary>sigma = 0: the run ends with the final step x = D (docs/math.md §7.10); <see cref="SamplingGrid.DenoiseToZero"/> is true.</summary>
    Zero,

    /// <summary>
    /// The schedule's smallest sigma, sigma(TMin) (diffusers' "sigma_min"): TMin is appended to the grid when it does not
    /// end there, and <see cref="SamplingGrid.DenoiseToZero"/> is false, so the run stops at sigma(TMin).
    /// </summary>
    ScheduleMinimum,
}
