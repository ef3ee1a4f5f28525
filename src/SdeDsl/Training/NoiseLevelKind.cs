namespace SdeDsl.Training;

/// <summary>The family of a <see cref="NoiseLevelDistribution"/> (docs/math.md §19.1).</summary>
public enum NoiseLevelKind
{
    /// <summary>EDM's log-normal: ln sigma ~ N(P_mean, P_std^2) (Karras et al. 2022, section 5).</summary>
    LogNormal,

    /// <summary>t ~ U[TMin, TMax] of the training schedule (score_sde, continuous-time VP/VE).</summary>
    UniformTime,

    /// <summary>
    /// Logit-normal as in Stable Diffusion 3 (Esser et al. 2024, eq. 19): u = sigmoid(m + s z),
    /// t = TMin + (TMax - TMin) u.
    /// </summary>
    LogitNormal,

    /// <summary>t uniform on N equally spaced times from TMin to TMax (DDPM's uniform timesteps on a discrete table).</summary>
    UniformTimesteps,
}
