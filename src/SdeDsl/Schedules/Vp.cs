using System;

namespace SdeDsl.Schedules;

/// <summary>
/// The variance-preserving schedule (Song et al. 2021, eq. 11; EDM Table 1), the continuous DDPM:
/// sigma(t) = sqrt(exp(beta_d t^2 / 2 + beta_min t) - 1), s(t) = 1 / sqrt(exp(beta_d t^2 / 2 + beta_min t)),
/// beta_min = 0.1, beta_d = 19.9, t in [1e-3, 1] (docs/math.md §5).
/// </summary>
[NoiseSchedule(TMin = 1e-3, TMax = 1)]
public partial struct Vp
{
    /// <summary>beta(0), the noise rate at t = 0.</summary>
    public const double BetaMin = 0.1;

    /// <summary>beta(1) - beta(0), the growth of the linear noise rate beta(t) = beta_min + beta_d t.</summary>
    public const double BetaD = 19.9;

    [Sigma] private static double SigmaOf(double t) => Math.Sqrt(Math.Exp(0.5 * BetaD * t * t + BetaMin * t) - 1);

    [Scale] private static double ScaleOf(double t) => 1 / Math.Sqrt(Math.Exp(0.5 * BetaD * t * t + BetaMin * t));
}
