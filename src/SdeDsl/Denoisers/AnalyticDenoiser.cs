using System;
using System.Buffers;
using System.Numerics;
using System.Threading.Tasks;

namespace SdeDsl.Denoisers;

/// <summary>
/// Base of the exact denoisers of docs/math.md §9: the batch is split into samples of <see cref="Dimension"/>
/// elements, each denoised in double precision by <see cref="DenoiseSample"/>, and large batches are spread over cores
/// (each sample is independent, so results do not depend on the split).
/// </summary>
public abstract class AnalyticDenoiser : IDenoiser<float>, IDenoiser<double>
{
    private const long ParallelWorkThreshold = 1 << 16;

    /// <summary>Creates a denoiser for samples of <paramref name="dimension"/> elements.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is not positive.</exception>
    protected AnalyticDenoiser(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        Dimension = dimension;
    }

    /// <summary>The number of elements of one sample.</summary>
    public int Dimension { get; }

    /// <summary>The most threads a batch may use; 0 (the default) means all processors.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>A relative cost per element used to decide when a batch is worth splitting across cores.</summary>
    protected virtual int CostPerElement => 1;

    /// <inheritdoc/>
    public void Denoise(ReadOnlySpan<float> input, double sigma, Span<float> output) => DenoiseBatch(input, sigma, output);

    /// <inheritdoc/>
    public void Denoise(ReadOnlySpan<double> input, double sigma, Span<double> output) => DenoiseBatch(input, sigma, output);

    /// <summary>Writes D(y; sigma) for one sample <paramref name="y"/> of <see cref="Dimension"/> elements.</summary>
    protected abstract void DenoiseSample(ReadOnlySpan<double> y, double sigma, Span<double> denoised);

    private void DenoiseBatch<T>(ReadOnlySpan<T> input, double sigma, Span<T> output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (input.Length % Dimension != 0)
        {
            throw new ArgumentException($"The batch has {input.Length} elements, not a multiple of the dimension {Dimension}.", nameof(input));
        }

        if (output.Length != input.Length)
        {
            throw new ArgumentException($"The output has {output.Length} elements but the input has {input.Length}.", nameof(output));
        }

        if (!(sigma >= 0) || double.IsInfinity(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be finite and non-negative.");
        }

        int samples = input.Length / Dimension;
        int threads = MaxDegreeOfParallelism <= 0 ? Environment.ProcessorCount : MaxDegreeOfParallelism;
        if (threads <= 1 || samples < 2 || (long)input.Length * CostPerElement < ParallelWorkThreshold)
        {
            DenoiseRange(input, sigma, output, 0, samples);
            return;
        }

        DenoiseInParallel(input, sigma, output, samples, threads);
    }

    /// <summary>Kept apart so the closure below is only allocated on this path, not on every serial call.</summary>
    private unsafe void DenoiseInParallel<T>(ReadOnlySpan<T> input, double sigma, Span<T> output, int samples, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        fixed (T* pin = input, pout = output)
        {
            nint inAddress = (nint)pin, outAddress = (nint)pout;
            int length = input.Length;
            int parts = Math.Min(samples, threads * 4);
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
            {
                int first = (int)((long)samples * part / parts), last = (int)((long)samples * (part + 1) / parts);
                var inSpan = new ReadOnlySpan<T>((void*)inAddress, length);
                var outSpan = new Span<T>((void*)outAddress, length);
                DenoiseRange(inSpan, sigma, outSpan, first, last);
            });
        }
    }

    private void DenoiseRange<T>(ReadOnlySpan<T> input, double sigma, Span<T> output, int first, int last)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double[] rented = ArrayPool<double>.Shared.Rent(2 * Dimension);
        try
        {
            Span<double> y = rented.AsSpan(0, Dimension), d = rented.AsSpan(Dimension, Dimension);
            for (int sample = first; sample < last; sample++)
            {
                ReadOnlySpan<T> row = input.Slice(sample * Dimension, Dimension);
                for (int j = 0; j < Dimension; j++)
                {
                    y[j] = double.CreateTruncating(row[j]);
                }

                DenoiseSample(y, sigma, d);
                Span<T> outRow = output.Slice(sample * Dimension, Dimension);
                for (int j = 0; j < Dimension; j++)
                {
                    outRow[j] = T.CreateTruncating(d[j]);
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }
}
