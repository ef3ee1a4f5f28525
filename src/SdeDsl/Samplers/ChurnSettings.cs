using System;

namespace SdeDsl.Samplers;

/// <summary>
/// EDM Algorithm 2's stochasticity (docs/math.md §7.3): gamma_i = min(S_churn / N, sqrt(2) - 1) while sigma(t_i) lies
/// in [S_tmin, S_tmax], else 0; the added noise is scaled by S_noise.
/// </summary>
/// <param name="SChurn">Total churn S_churn &gt;= 0 (0 makes the sampler deterministic Heun).</param>
/// <param name="SigmaMin">S_tmin: churn only at sigma at or above this.</param>
/// <param name="SigmaMax">S_tmax: churn only at sigma at or below this.</param>
/// <param name="SNoise">S_noise: the standard deviation multiplier of the added noise (slightly above 1 in EDM).</param>
public readonly record struct ChurnSettings(double SChurn, double SigmaMin = 0, double SigmaMax = double.PositiveInfinity, double SNoise = 1)
{
    internal void Validate()
    {
        if (!(SChurn >= 0) || double.IsInfinity(SChurn))
        {
            throw new ArgumentOutOfRangeException(nameof(SChurn), SChurn, "S_churn must be finite and non-negative.");
        }

        if (!(SigmaMin >= 0) || !(SigmaMax >= SigmaMin))
        {
            throw new ArgumentOutOfRangeException(nameof(SigmaMin), SigmaMin, $"Need 0 <= S_tmin <= S_tmax; S_tmax = {SigmaMax:R}.");
        }

        if (!(SNoise >= 0) || double.IsInfinity(SNoise))
        {
            throw new ArgumentOutOfRangeException(nameof(SNoise), SNoise, "S_noise must be finite and non-negative.");
        }
    }
}
