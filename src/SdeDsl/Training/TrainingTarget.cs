using SdeDsl.Models;

namespace SdeDsl.Training;

/// <summary>
/// The regression target of each prediction type as target = a x_0 + b eps, with y = x_0 + sigma eps and
/// x_t = s y (docs/math.md §19.2). Each satisfies x_0 = c_y y + c_p target for the conversion
/// D = c_y y + c_p p of docs/math.md §11.2, so the minimiser of E|p - target|^2 given x_t converts to the ideal
/// denoiser E[x_0 | x_t].
/// </summary>
public static class TrainingTarget
{
    /// <summary>(a, b) of target = a x_0 + b eps for <paramref name="prediction"/> at (s, sigma) (docs/math.md §19.2).</summary>
    /// <param name="prediction">What the network predicts.</param>
    /// <param name="scale">s = s(t) of the training schedule.</param>
    /// <param name="sigma">sigma = sigma(t).</param>
    /// <param name="sigmaData">sigma_d (used by <see cref="PredictionType.EdmPreconditioned"/> only).</param>
    /// <returns>The coefficients of x_0 and eps.</returns>
    public static (double CleanCoefficient, double NoiseCoefficient) Coefficients(
        PredictionType prediction, double scale, double sigma, double sigmaData) => prediction switch
    {
        // eps.
        PredictionType.Epsilon => (0.0, 1.0),
        // v = s eps - s sigma x_0 (Salimans and Ho 2022 with alpha = s, sigma_t = s sigma).
        PredictionType.V => (-scale * sigma, scale),
        // x_0.
        PredictionType.Sample => (1.0, 0.0),
        // v = eps - x_0 (rectified flow).
        PredictionType.FlowVelocity => (-1.0, 1.0),
        // F = (x_0 - c_skip y)/c_out = sigma/(sd r) x_0 - sd/r eps, r = sqrt(sigma^2 + sd^2) (EDM eq. 8).
        _ => EdmCoefficients(sigma, sigmaData),
    };

    private static (double, double) EdmCoefficients(double sigma, double sigmaData)
    {
        double r = System.Math.Sqrt(sigma * sigma + sigmaData * sigmaData);
        return (sigma / (sigmaData * r), -sigmaData / r);
    }
}
