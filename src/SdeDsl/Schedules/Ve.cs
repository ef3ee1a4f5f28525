using System;

namespace SdeDsl.Schedules;

/// <summary>
/// The variance-exploding schedule (Song et al. 2021, eq. 9; EDM Table 1): sigma(t) = sqrt(t), s(t) = 1,
/// t in [sigma_min^2, sigma_max^2] with sigma_min = 0.02 and sigma_max = 100 (docs/math.md §5).
/// </summary>
[NoiseSchedule(TMin = SigmaMin * SigmaMin, TMax = SigmaMax * SigmaMax)]
public partial struct Ve
{
    /// <summary>The smallest noise level, sigma(TMin).</summary>
    public const double SigmaMin = 0.02;

    /// <summary>The largest noise level, sigma(TMax).</summary>
    public const double SigmaMax = 100;

    [Sigma] private static double SigmaOf(double t) => Math.Sqrt(t);
}
