using System;

namespace SdeDsl.Denoisers;

/// <summary>Argument checks shared by the analytic denoisers' <see cref="IExactDivergence"/> and log densities.</summary>
internal static class DivergenceBatch
{
    /// <summary>Validates the spans and sigma &gt; 0; returns the number of samples.</summary>
    public static int Validate(int dimension, ReadOnlySpan<double> input, double sigma, Span<double> output, Span<double> divergence)
    {
        if (input.Length % dimension != 0)
        {
            throw new ArgumentException($"The batch has {input.Length} elements, not a multiple of the dimension {dimension}.", nameof(input));
        }

        if (output.Length != input.Length)
        {
            throw new ArgumentException($"The output has {output.Length} elements but the input has {input.Length}.", nameof(output));
        }

        int samples = input.Length / dimension;
        if (divergence.Length != samples)
        {
            throw new ArgumentException($"The divergence needs one element per sample ({samples}); it has {divergence.Length}.", nameof(divergence));
        }

        ValidateSigma(sigma);
        return samples;
    }

    /// <summary>sigma must be finite and positive.</summary>
    public static void ValidateSigma(double sigma)
    {
        if (!(sigma > 0) || double.IsInfinity(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be finite and positive for the divergence and the log density.");
        }
    }

    /// <summary>One sample of <paramref name="dimension"/> elements.</summary>
    public static void ValidateSample(int dimension, ReadOnlySpan<double> y)
    {
        if (y.Length != dimension)
        {
            throw new ArgumentException($"A sample has {dimension} elements; y has {y.Length}.", nameof(y));
        }
    }
}
