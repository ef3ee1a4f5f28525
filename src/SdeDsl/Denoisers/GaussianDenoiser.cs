using System;
using SdeDsl.Likelihood;

namespace SdeDsl.Denoisers;

/// <summary>
/// The exact denoiser of Gaussian data N(mu, diag(v)) (docs/math.md §9.1):
/// D(y; sigma)_j = mu_j + v_j / (v_j + sigma^2) (y_j - mu_j).
/// </summary>
public sealed class GaussianDenoiser : AnalyticDenoiser, IExactDivergence, INoisyLogDensity
{
    private readonly double[] _mean;
    private readonly double[] _variance;

    /// <summary>Isotropic Gaussian data N(<paramref name="mean"/>, <paramref name="standardDeviation"/>^2 I).</summary>
    /// <exception cref="ArgumentException">The mean is empty or the standard deviation is negative or not finite.</exception>
    public GaussianDenoiser(ReadOnlySpan<double> mean, double standardDeviation)
        : this(mean, Fill(mean.Length, Square(standardDeviation, nameof(standardDeviation))))
    {
    }

    /// <summary>Gaussian data N(<paramref name="mean"/>, diag(<paramref name="variance"/>)).</summary>
    /// <exception cref="ArgumentException">The lengths differ, the mean is empty, or a variance is negative or not finite.</exception>
    public GaussianDenoiser(ReadOnlySpan<double> mean, ReadOnlySpan<double> variance)
        : base(mean.Length == 0 ? throw new ArgumentException("The mean must not be empty.", nameof(mean)) : mean.Length)
    {
        if (variance.Length != mean.Length)
        {
            throw new ArgumentException($"The variance has {variance.Length} elements but the mean has {mean.Length}.", nameof(variance));
        }

        foreach (double v in variance)
        {
            if (!(v >= 0) || double.IsInfinity(v))
            {
                throw new ArgumentException($"Variances must be finite and non-negative; got {v:R}.", nameof(variance));
            }
        }

        _mean = mean.ToArray();
        _variance = variance.ToArray();
    }

    /// <summary>The data mean mu.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>The per-coordinate data variance v.</summary>
    public ReadOnlySpan<double> Variance => _variance;

    /// <summary>
    /// The exact probability-flow ODE map from noise level <paramref name="sigmaFrom"/> to <paramref name="sigmaTo"/>
    /// on the unscaled variable (docs/math.md §9.1): y(sigma_to) = mu + sqrt((v + sigma_to^2)/(v + sigma_from^2)) (y - mu).
    /// </summary>
    public void ExactFlow(ReadOnlySpan<double> y, double sigmaFrom, double sigmaTo, Span<double> result)
    {
        if (y.Length % Dimension != 0 || result.Length != y.Length)
        {
            throw new ArgumentException("y and result must have the same length, a multiple of the dimension.", nameof(result));
        }

        for (int i = 0; i < y.Length; i++)
        {
            int j = i % Dimension;
            double v = _variance[j];
            double from = v + sigmaFrom * sigmaFrom, to = v + sigmaTo * sigmaTo;
            result[i] = _mean[j] + (from == 0 ? 0 : Math.Sqrt(to / from)) * (y[i] - _mean[j]);
        }
    }

    /// <inheritdoc/>
    protected override void DenoiseSample(ReadOnlySpan<double> y, double sigma, Span<double> denoised)
    {
        double sigma2 = sigma * sigma;
        for (int j = 0; j < y.Length; j++)
        {
            double v = _variance[j], total = v + sigma2;
            denoised[j] = total == 0 ? _mean[j] : _mean[j] + v / total * (y[j] - _mean[j]);
        }
    }

    /// <summary>
    /// D and its exact divergence (docs/math.md §16.4): dD_j/dy_j = v_j / (v_j + sigma^2), so
    /// div_y D = sum_j v_j / (v_j + sigma^2), the same for every y.
    /// </summary>
    public void DenoiseWithDivergence(ReadOnlySpan<double> input, double sigma, Span<double> output, Span<double> divergence)
    {
        int samples = DivergenceBatch.Validate(Dimension, input, sigma, output, divergence);
        double sigma2 = sigma * sigma, trace = 0;
        for (int j = 0; j < Dimension; j++)
        {
            trace += _variance[j] / (_variance[j] + sigma2);
        }

        for (int i = 0; i < samples; i++)
        {
            DenoiseSample(input.Slice(i * Dimension, Dimension), sigma, output.Slice(i * Dimension, Dimension));
            divergence[i] = trace;
        }
    }

    /// <summary>
    /// log p(y; sigma) = sum_j -1/2 [ (y_j - mu_j)^2 / (v_j + sigma^2) + log(2 pi (v_j + sigma^2)) ], the blurred
    /// data N(mu, diag(v + sigma^2)) (docs/math.md §9.1).
    /// </summary>
    public double LogDensity(ReadOnlySpan<double> y, double sigma)
    {
        DivergenceBatch.ValidateSample(Dimension, y);
        DivergenceBatch.ValidateSigma(sigma);
        double sigma2 = sigma * sigma, log = 0;
        for (int j = 0; j < Dimension; j++)
        {
            double total = _variance[j] + sigma2, diff = y[j] - _mean[j];
            log -= 0.5 * (diff * diff / total + Math.Log(2 * Math.PI * total));
        }

        return log;
    }

    private static double Square(double standardDeviation, string name)
    {
        if (!(standardDeviation >= 0) || double.IsInfinity(standardDeviation))
        {
            throw new ArgumentException($"The standard deviation must be finite and non-negative; got {standardDeviation:R}.", name);
        }

        return standardDeviation * standardDeviation;
    }

    private static double[] Fill(int length, double value)
    {
        var array = new double[length];
        Array.Fill(array, value);
        return array;
    }
}
