using System;
using SdeDsl.Models;

namespace SdeDsl.Training;

/// <summary>
/// How the squared error of each training sample is weighted by its noise level (docs/math.md §19.3). Every
/// weighting but <see cref="Uniform"/> is a lambda(sigma) on the denoiser's error |D - x_0|^2 (shared math §10),
/// independent of what the network predicts; on the prediction's own error it becomes lambda c_p^2, with
/// D = c_y y + c_p p the conversion of docs/math.md §11.2 (so x_0 = c_y y + c_p target and
/// D - x_0 = c_p (p - target)).
/// </summary>
public readonly record struct LossWeighting
{
    private LossWeighting(LossWeightingKind kind, double parameter)
    {
        Kind = kind;
        Parameter = parameter;
    }

    /// <summary>The family.</summary>
    public LossWeightingKind Kind { get; }

    /// <summary>gamma of min-SNR-gamma, sigma_d of EDM; 0 otherwise.</summary>
    public double Parameter { get; }

    /// <summary>Weight 1 on the prediction's squared error.</summary>
    public static LossWeighting Uniform => new(LossWeightingKind.Uniform, 0);

    /// <summary>lambda = 1/sigma^2 on |D - x_0|^2 (weight 1 on the eps error).</summary>
    public static LossWeighting Snr => new(LossWeightingKind.Snr, 0);

    /// <summary>lambda = min(1/sigma^2, gamma) on |D - x_0|^2 (Hang et al. 2023; gamma = 5 there).</summary>
    /// <param name="gamma">gamma, finite and positive.</param>
    /// <returns>The weighting.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is not finite and positive.</exception>
    public static LossWeighting MinSnr(double gamma = 5)
    {
        RequirePositive(gamma, nameof(gamma));
        return new(LossWeightingKind.MinSnr, gamma);
    }

    /// <summary>EDM's lambda = (sigma^2 + sigma_d^2)/(sigma sigma_d)^2 on |D - x_0|^2.</summary>
    /// <param name="sigmaData">sigma_d (0.5 in EDM), finite and positive.</param>
    /// <returns>The weighting.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sigmaData"/> is not finite and positive.</exception>
    public static LossWeighting Edm(double sigmaData = 0.5)
    {
        RequirePositive(sigmaData, nameof(sigmaData));
        return new(LossWeightingKind.Edm, sigmaData);
    }

    /// <summary>
    /// lambda(sigma), the weight on |D - x_0|^2 (docs/math.md §19.3); for <see cref="Uniform"/> it is 1/c_p^2 and
    /// depends on the prediction, see <see cref="PredictionWeight"/>.
    /// </summary>
    /// <param name="sigma">The noise level, finite and positive.</param>
    /// <returns>lambda(sigma).</returns>
    /// <exception cref="InvalidOperationException">The weighting is <see cref="Uniform"/>.</exception>
    public double DenoiserWeight(double sigma)
    {
        double snr = 1 / (sigma * sigma);
        return Kind switch
        {
            LossWeightingKind.Snr => snr,
            LossWeightingKind.MinSnr => Math.Min(snr, Parameter),
            LossWeightingKind.Edm => (sigma * sigma + Parameter * Parameter) / (sigma * Parameter * sigma * Parameter),
            _ => throw new InvalidOperationException("The uniform weighting is 1 on the prediction's error: its lambda depends on the prediction type (PredictionWeight)."),
        };
    }

    /// <summary>
    /// The weight on the squared error of the prediction (p - target)^2 for a network of
    /// <paramref name="predictionCoefficient"/> c_p: 1 for <see cref="Uniform"/>, lambda(sigma) c_p^2 otherwise
    /// (docs/math.md §19.3).
    /// </summary>
    /// <param name="sigma">The noise level, finite and positive.</param>
    /// <param name="predictionCoefficient">c_p of D = c_y y + c_p p at <paramref name="sigma"/> (docs/math.md §11.2).</param>
    /// <returns>The weight.</returns>
    public double PredictionWeight(double sigma, double predictionCoefficient) =>
        Kind == LossWeightingKind.Uniform ? 1.0 : DenoiserWeight(sigma) * predictionCoefficient * predictionCoefficient;

    private static void RequirePositive(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "The parameter must be finite and positive.");
        }
    }
}
