using System;

namespace SdeDsl.Models;

/// <summary>
/// Classifier-free guidance as data (docs/math.md §11.6): D = D_u + w (D_c - D_u), applied in the network's prediction
/// space (the same, since D is affine in the prediction), optionally rescaled (Lin et al. 2023) and limited to a sigma
/// interval (Kynkäänniemi et al. 2024).
/// </summary>
public sealed record ClassifierFreeGuidance
{
    private readonly double _rescale;
    private readonly double _sigmaLow;
    private readonly double _sigmaHigh = double.PositiveInfinity;

    /// <summary>Guidance of scale <paramref name="scale"/>, no rescale, at every sigma.</summary>
    /// <param name="scale">w: 1 is the conditional model alone, 0 the unconditional one.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not finite.</exception>
    public ClassifierFreeGuidance(double scale)
    {
        if (!double.IsFinite(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The guidance scale must be finite.");
        }

        Scale = scale;
    }

    /// <summary>w in D = D_u + w (D_c - D_u).</summary>
    public double Scale { get; }

    /// <summary>
    /// phi in [0, 1] of guidance rescale (Lin et al. 2023): p = phi p_cfg std(p_c)/std(p_cfg) + (1 - phi) p_cfg,
    /// std over each sample, p the prediction (docs/math.md §11.7). 0 (the default) is plain guidance.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1].</exception>
    public double Rescale
    {
        get => _rescale;
        init
        {
            if (!(value >= 0 && value <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(Rescale), value, "The guidance rescale phi must lie in [0, 1].");
            }

            _rescale = value;
        }
    }

    /// <summary>sigma_lo: guidance is applied only for sigma in [sigma_lo, sigma_hi], else w = 1 (default 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or NaN.</exception>
    public double SigmaLow
    {
        get => _sigmaLow;
        init
        {
            if (!(value >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(SigmaLow), value, "sigma_lo must be non-negative.");
            }

            _sigmaLow = value;
        }
    }

    /// <summary>sigma_hi: guidance is applied only for sigma in [sigma_lo, sigma_hi], else w = 1 (default infinity).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or NaN.</exception>
    public double SigmaHigh
    {
        get => _sigmaHigh;
        init
        {
            if (!(value >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(SigmaHigh), value, "sigma_hi must be non-negative.");
            }

            _sigmaHigh = value;
        }
    }

    /// <summary>
    /// Whether guidance changes anything at <paramref name="sigma"/>: w differs from 1 and sigma lies in
    /// [<see cref="SigmaLow"/>, <see cref="SigmaHigh"/>]. When false only the conditional prediction is computed.
    /// </summary>
    /// <param name="sigma">The noise level of the call.</param>
    /// <returns>True when both branches are needed.</returns>
    public bool IsActiveAt(double sigma) => Scale != 1 && sigma >= SigmaLow && sigma <= SigmaHigh;
}
