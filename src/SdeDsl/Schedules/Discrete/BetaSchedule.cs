namespace SdeDsl.Schedules;

/// <summary>The beta schedules of diffusers' discrete schedulers (config field <c>beta_schedule</c>; docs/math.md §12.1).</summary>
public enum BetaSchedule
{
    /// <summary><c>linear</c>: beta_i = beta_start + i/(N-1) (beta_end - beta_start) (Ho et al. 2020).</summary>
    Linear,

    /// <summary><c>scaled_linear</c>: beta_i = (sqrt(beta_start) + i/(N-1) (sqrt(beta_end) - sqrt(beta_start)))^2 (Stable Diffusion).</summary>
    ScaledLinear,

    /// <summary>
    /// <c>squaredcos_cap_v2</c>: beta_i = min(1 - abar((i+1)/N) / abar(i/N), 0.999) with
    /// abar(u) = cos^2((u + 0.008)/1.008 pi/2) (Nichol and Dhariwal 2021, iDDPM cosine).
    /// </summary>
    SquaredCosCapV2,
}
