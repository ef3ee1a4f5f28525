namespace SdeDsl.Models;

/// <summary>What the network receives as its input, computed from the sampler's y by one fused pass (docs/math.md §11.3).</summary>
public enum NetworkInput
{
    /// <summary>x_t = s(t) y with t = TimeAtSigma(sigma) of the training schedule: what DDPM-style and flow networks see.</summary>
    TrainingScaled,

    /// <summary>c_in y with c_in = 1 / sqrt(sigma^2 + sigma_d^2) (Karras et al. 2022, Table 1).</summary>
    EdmPreconditioned,

    /// <summary>y itself (no pass at all).</summary>
    Unscaled,
}
