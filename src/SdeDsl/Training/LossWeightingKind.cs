namespace SdeDsl.Training;

/// <summary>The family of a <see cref="LossWeighting"/> (docs/math.md §19.3).</summary>
public enum LossWeightingKind
{
    /// <summary>Weight 1 on the squared error of what the network predicts (plain MSE on eps, v, x_0, flow velocity or F).</summary>
    Uniform,

    /// <summary>lambda(sigma) = SNR = 1/sigma^2 on |D - x_0|^2: the same as weight 1 on the eps error (DDPM's L_simple).</summary>
    Snr,

    /// <summary>lambda(sigma) = min(SNR, gamma) on |D - x_0|^2 (Hang et al. 2023, min-SNR-gamma).</summary>
    MinSnr,

    /// <summary>EDM's lambda(sigma) = (sigma^2 + sigma_d^2)/(sigma sigma_d)^2 on |D - x_0|^2 (Karras et al. 2022, Table 1).</summary>
    Edm,
}
