using System;

namespace SdeDsl.Schedules;

/// <summary>
/// The sub-VP schedule (Song et al. 2021, section 3.4), declared by its SDE: drift -beta(t)/2 and diffusion
/// sqrt(beta(t) (1 - exp(-2 integral_0^t beta))), beta(t) = beta_min + beta_d t, t in [1e-3, 1]
/// (docs/math.md §5). The generator integrates s(t) and sigma(t) in closed form.
/// </summary>
[NoiseSchedule(TMin = 1e-3, TMax = 1)]
public partial struct SubVp
{
    /// <summary>beta(0), the noise rate at t = 0.</summary>
    public const double BetaMin = 0.1;

    /// <summary>beta(1) - beta(0), the growth of the linear noise rate beta(t) = beta_min + beta_d t.</summary>
    public const double BetaD = 19.9;

    [Drift] private static double DriftOf(double t) => -0.5 * (BetaMin + BetaD * t);

    [Diffusion] private static double DiffusionOf(double t) => Math.Sqrt((BetaMin + BetaD * t) * (1 - Math.Exp(-2 * (BetaMin * t + 0.5 * BetaD * t * t))));
}
