using System;
using System.Buffers;
using System.Numerics;
using System.Threading.Tasks;
using SdeDsl.Denoisers;

namespace SdeDsl.Benchmarks.Samplers;

/// <summary>
/// A frozen copy of the runtime's <c>AnalyticDenoiser</c> base as it was before the denoisers were vectorised (commit
/// ba72d88): one sample at a time in double precision through <see cref="DenoiseSample"/>, large batches split with
/// <c>Parallel.For</c>. Kept so the before/after ratio of the analytic denoisers comes from one benchmark run.
/// </summary>
internal abstract class ReferenceAnalyticDenoiser : IDenoiser<float>, IDenoiser<double>
{
    private const long ParallelWorkThreshold = 1 << 16;

    protected ReferenceAnalyticDenoiser(int dimension) => Dimension = dimension;

    public int Dimension { get; }

    public int MaxDegreeOfParallelism { get; init; }

    protected virtual int CostPerElement => 1;

    public void Denoise(ReadOnlySpan<float> input, double sigma, Span<float> output) => DenoiseBatch(input, sigma, output);

    public void Denoise(ReadOnlySpan<double> input, double sigma, Span<double> output) => DenoiseBatch(input, sigma, output);

    protected abstract void DenoiseSample(ReadOnlySpan<double> y, double sigma, Span<double> denoised);

    private void DenoiseBatch<T>(ReadOnlySpan<T> input, double sigma, Span<T> output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int samples = input.Length / Dimension;
        int threads = MaxDegreeOfParallelism <= 0 ? Environment.ProcessorCount : MaxDegreeOfParallelism;
        if (threads <= 1 || samples < 2 || (long)input.Length * CostPerElement < ParallelWorkThreshold)
        {
            DenoiseRange(input, sigma, output, 0, samples);
            return;
        }

        DenoiseInParallel(input, sigma, output, samples, threads);
    }

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
