using System;

namespace SdeDsl.Likelihood;

/// <summary>
/// Bits per dimension of 8-bit data from a continuous log-likelihood (docs/math.md §16.6), as score_sde reports it:
/// the data are uniformly dequantised, x = (k + U)/256 with k in 0..255 and U ~ U(0, 1) (then optionally mapped
/// affinely onto an interval of width w, [-1, 1] has w = 2), and
/// bits/dim = -log p(x) / (d ln 2) + 8 - log2(w): score_sde's offset 7 - inverse_scaler(-1), 8 for [0, 1], 7 for [-1, 1].
/// </summary>
public static class BitsPerDimension
{
    /// <summary>The dequantisation offset 8 - log2(<paramref name="dataWidth"/>) in bits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The width is not finite and positive.</exception>
    public static double Offset(double dataWidth)
    {
        if (!(dataWidth > 0) || double.IsInfinity(dataWidth))
        {
            throw new ArgumentOutOfRangeException(nameof(dataWidth), dataWidth, "The data interval's width must be finite and positive (1 for [0, 1], 2 for [-1, 1]).");
        }

        return 8 - Math.Log2(dataWidth);
    }

    /// <summary>
    /// -<paramref name="logLikelihood"/> / (<paramref name="dimension"/> ln 2) + 8 - log2(<paramref name="dataWidth"/>):
    /// the bits per dimension of 8-bit data whose dequantised, rescaled version has that log-likelihood.
    /// </summary>
    /// <param name="logLikelihood">log p(x) in nats of one point (natural log), of the dequantised data in the model's coordinates.</param>
    /// <param name="dimension">The number of dimensions d of a point.</param>
    /// <param name="dataWidth">The width of the interval the 8-bit data were mapped onto: 1 for [0, 1] (the default), 2 for [-1, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">The dimension is not positive or the width is not finite and positive.</exception>
    public static double FromLogLikelihood(double logLikelihood, int dimension, double dataWidth = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        return -logLikelihood / (dimension * Math.Log(2)) + Offset(dataWidth);
    }

    /// <summary>
    /// -<paramref name="logLikelihood"/> / (<paramref name="dimension"/> ln 2): bits per dimension of a continuous
    /// density, without the 8-bit offset (for data that were never quantised).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The dimension is not positive.</exception>
    public static double OfDensity(double logLikelihood, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        return -logLikelihood / (dimension * Math.Log(2));
    }

    /// <summary>
    /// Uniform dequantisation of 8-bit values (score_sde's <c>(U + 255 img) / 256</c> with img = k/255):
    /// <paramref name="destination"/>[i] = lo + w (k_i + u_i)/256 for given uniforms u_i in [0, 1).
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ or a uniform lies outside [0, 1).</exception>
    public static void Dequantize(ReadOnlySpan<byte> values, ReadOnlySpan<double> uniforms, Span<double> destination, double low = 0, double dataWidth = 1)
    {
        _ = Offset(dataWidth);
        if (uniforms.Length != values.Length || destination.Length != values.Length)
        {
            throw new ArgumentException($"values ({values.Length}), uniforms ({uniforms.Length}) and destination ({destination.Length}) must have the same length.", nameof(destination));
        }

        for (int i = 0; i < values.Length; i++)
        {
            double u = uniforms[i];
            if (!(u >= 0 && u < 1))
            {
                throw new ArgumentException($"uniforms[{i}] = {u:R} is outside [0, 1).", nameof(uniforms));
            }

            destination[i] = low + dataWidth * (values[i] + u) / 256;
        }
    }
}
