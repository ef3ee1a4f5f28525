using System;

namespace SdeDsl.Samplers.Driver;

/// <summary>
/// The check for samplers whose noise is not a Brownian increment over [sigma_next, sigma] (EDM's churn and restart's
/// forward jumps, Langevin corrector moves, the re-noising of LCM, the time-increments of Euler-Maruyama and the
/// predictor-corrector): they cannot honour <see cref="SdeNoise.BrownianTree"/> and say so instead of ignoring it.
/// </summary>
internal static class IndependentNoiseOnly
{
    /// <summary>Throws when <paramref name="options"/> asks for a noise process other than <see cref="SdeNoise.Independent"/>.</summary>
    /// <exception cref="ArgumentException">Named <c>options</c>; the message names the sampler and <see cref="SamplingOptions.NoiseProcess"/>.</exception>
    public static void Require(SamplingOptions? options, string sampler)
    {
        if (options is { NoiseProcess: not SdeNoise.Independent and var process })
        {
            throw new ArgumentException(
                $"{sampler} draws independent noise only: {nameof(SamplingOptions.NoiseProcess)} = {process} is not supported " +
                $"(its noise is not a Brownian increment over [sigma_next, sigma]; the samplers of docs/math.md §15 honour it).",
                nameof(options));
        }
    }
}
