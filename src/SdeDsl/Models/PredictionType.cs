namespace SdeDsl.Models;

/// <summary>
/// What a network predicts, each converted to D(y; sigma) = c_y y + c_p prediction by one fused pass
/// (docs/math.md §11.2). x_t = s (x_0 + sigma eps) is the training schedule's forward process, y = x_t / s.
/// </summary>
public enum PredictionType
{
    /// <summary>The noise eps: D = y - sigma eps (docs/math.md §11.2).</summary>
    Epsilon,

    /// <summary>
    /// v = s eps - s sigma x_0 (Salimans and Ho 2022 with alpha = s, sigma_t = s sigma):
    /// D = (y - sigma v / s) / (1 + sigma^2); for VP y/(1 + sigma^2) - sigma/sqrt(1 + sigma^2) v (docs/math.md §11.2).
    /// </summary>
    V,

    /// <summary>The clean sample x_0: D = the prediction (docs/math.md §11.2).</summary>
    Sample,

    /// <summary>
    /// The rectified-flow velocity v = eps - x_0 of x_t = (1 - t) x_0 + t eps: D = (y - sigma v) / (1 + sigma),
    /// sigma = t / (1 - t) (docs/math.md §11.2).
    /// </summary>
    FlowVelocity,

    /// <summary>
    /// EDM's preconditioned F (Karras et al. 2022, Table 1): D = c_skip y + c_out F with
    /// c_skip = sigma_d^2 / (sigma^2 + sigma_d^2), c_out = sigma sigma_d / sqrt(sigma^2 + sigma_d^2) (docs/math.md §11.2).
    /// </summary>
    EdmPreconditioned,
}
