using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading;
using SdeDsl.Kernels;

namespace SdeDsl.Denoisers;

/// <summary>
/// Base of the exact denoisers of docs/math.md §9: the batch is split into samples of <see cref="Dimension"/>
/// elements, evaluated in double precision, and large batches are spread over cores (each sample is independent, so
/// results do not depend on the split).
/// </summary>
/// <remarks>
/// A denoiser that supplies a vectorised block (the mixture and the finite data set do) is evaluated
/// <see cref="Vector{T}.Count"/> samples at a time, one sample per SIMD lane, after its per-call constants for the
/// call's sigma are prepared once (docs/math.md §9.7); otherwise, and where the block does not apply (sigma = 0 with a
/// point mass), each sample goes through <see cref="DenoiseSample"/>. Scratch comes from the shared array pools and
/// the parallel split reuses each thread's own <see cref="ParallelChunks"/> job, so a call allocates nothing once warm.
/// </remarks>
public abstract class AnalyticDenoiser : IDenoiser<float>, IDenoiser<double>
{
    /// <summary>Work (samples x dimension x <see cref="CostPerElement"/>) below which a batch stays on one thread.</summary>
    private const long ParallelWorkThreshold = 1 << 16;

    /// <summary>Samples of one parallel chunk at least (whole SIMD blocks).</summary>
    private const int MinimumChunkSamples = 64;

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

    /// <summary>SIMD lanes of a block: samples evaluated together.</summary>
    private protected static int Lanes => Vector<double>.Count;

    /// <summary>Doubles of per-call constants <see cref="TryPrepare"/> writes; 0 when there is no vectorised block.</summary>
    private protected virtual int PreparedLength => 0;

    /// <summary>
    /// Writes the constants of one call at <paramref name="sigma"/> for <see cref="DenoiseBlock"/>; returns false when the
    /// block does not apply at this sigma (then every sample goes through <see cref="DenoiseSample"/>).
    /// </summary>
    private protected virtual bool TryPrepare(double sigma, Span<double> constants) => false;

    /// <summary>
    /// Denoises <see cref="Lanes"/> samples at once: <paramref name="y"/>[j] holds coordinate j of every lane's sample,
    /// <paramref name="denoised"/>[j] receives coordinate j of its D; <paramref name="scratch"/> has
    /// <see cref="BlockScratch"/> vectors.
    /// </summary>
    private protected virtual void DenoiseBlock(
        ReadOnlySpan<double> constants, ReadOnlySpan<Vector<double>> y, Span<Vector<double>> denoised, Span<Vector<double>> scratch) =>
        throw new NotSupportedException("This denoiser has no vectorised block.");

    /// <summary>
    /// The logit offset below the running maximum under which a softmax term of <paramref name="terms"/> is skipped
    /// (docs/math.md §9.7): -(54 ln 2 + ln K), so the skipped weights sum to less than 2^-54 while the normaliser is at
    /// least 1 (the largest weight is e^0): D moves by less than half an ulp of its scale.
    /// </summary>
    private protected static double NegligibleLogit(int terms) => -(54 * Math.Log(2) + Math.Log(terms));

    /// <summary>Vectors of scratch one <see cref="DenoiseBlock"/> call needs.</summary>
    private protected const int BlockScratch = 64;

    /// <inheritdoc/>
    public void Denoise(ReadOnlySpan<float> input, double sigma, Span<float> output) => DenoiseBatch(input, sigma, output);

    /// <inheritdoc/>
    public void Denoise(ReadOnlySpan<double> input, double sigma, Span<double> output) => DenoiseBatch(input, sigma, output);

    /// <summary>Writes D(y; sigma) for one sample <paramref name="y"/> of <see cref="Dimension"/> elements.</summary>
    protected abstract void DenoiseSample(ReadOnlySpan<double> y, double sigma, Span<double> denoised);

    private unsafe void DenoiseBatch<T>(ReadOnlySpan<T> input, double sigma, Span<T> output)
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
        if (samples == 0)
        {
            return;
        }

        int preparedLength = PreparedLength;
        double[]? constants = preparedLength > 0 ? ArrayPool<double>.Shared.Rent(preparedLength) : null;
        try
        {
            bool vectorised = constants is not null && TryPrepare(sigma, constants.AsSpan(0, preparedLength));
            int threads = MaxDegreeOfParallelism <= 0 ? Environment.ProcessorCount : MaxDegreeOfParallelism;
            long work = (long)input.Length * CostPerElement;
            fixed (T* pin = input, pout = output)
            {
                if (threads <= 1 || samples < 2 * MinimumChunkSamples || work < ParallelWorkThreshold)
                {
                    DenoiseRange(pin, pout, sigma, constants, vectorised, 0, samples);
                    return;
                }

                int chunks = (int)Math.Min(threads * 4L, samples / MinimumChunkSamples);
                BatchJob job = ReusableJob<BatchJob>.Rent();
                job.Set(this, (nint)pin, (nint)pout, typeof(T) == typeof(float), samples, chunks, sigma, constants, vectorised);
                try
                {
                    job.Run(chunks, threads);
                }
                finally
                {
                    job.Set(null, 0, 0, false, 0, 0, 0, null, false);
                    ReusableJob<BatchJob>.Return(job);
                }
            }
        }
        finally
        {
            if (constants is not null)
            {
                ArrayPool<double>.Shared.Return(constants);
            }
        }
    }

    /// <summary>
    /// Denoises samples [<paramref name="first"/>, <paramref name="last"/>) of the pinned batch. Fully optimised from
    /// the first call: tier-0 code of the SIMD blocks runs every vector operation as a call, ten times slower or more, and
    /// a test or a short run would spend most of its calls there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void DenoiseRange<T>(T* input, T* output, double sigma, double[]? constants, bool vectorised, int first, int last)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int d = Dimension;
        if (!vectorised)
        {
            double[] rented = ArrayPool<double>.Shared.Rent(2 * d);
            try
            {
                Span<double> y = rented.AsSpan(0, d), denoised = rented.AsSpan(d, d);
                for (int sample = first; sample < last; sample++)
                {
                    T* row = input + (long)sample * d, outRow = output + (long)sample * d;
                    for (int j = 0; j < d; j++)
                    {
                        y[j] = double.CreateTruncating(row[j]);
                    }

                    DenoiseSample(y, sigma, denoised);
                    for (int j = 0; j < d; j++)
                    {
                        outRow[j] = T.CreateTruncating(denoised[j]);
                    }
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(rented);
            }

            return;
        }

        int lanes = Lanes;
        Vector<double>[] block = ArrayPool<Vector<double>>.Shared.Rent(2 * d + BlockScratch);
        try
        {
            Span<Vector<double>> yBlock = block.AsSpan(0, d), dBlock = block.AsSpan(d, d);
            Span<Vector<double>> scratch = block.AsSpan(2 * d, BlockScratch);
            Span<double> yLanes = MemoryMarshal.Cast<Vector<double>, double>(yBlock);
            ReadOnlySpan<double> dLanes = MemoryMarshal.Cast<Vector<double>, double>(dBlock);
            ReadOnlySpan<double> prepared = constants.AsSpan(0, PreparedLength);
            ref double yFirst = ref MemoryMarshal.GetReference(yLanes);
            ref double dFirst = ref MemoryMarshal.GetReference(dLanes);
            for (int start = first; start < last; start += lanes)
            {
                // Transpose the block so lane l holds sample start + l; a short last block repeats its last sample.
                int count = Math.Min(lanes, last - start);
                T* block0 = input + (long)start * d;
                if (lanes == 4 && count == 4)
                {
                    // Built in registers: four scalar stores then a vector load of the same bytes would fail store
                    // forwarding (a stall per coordinate; measured 1.11x on the mixture's Heun run, docs/benchmarks.md).
                    T* row1 = block0 + d, row2 = row1 + d, row3 = row2 + d;
                    for (int j = 0; j < d; j++)
                    {
                        yBlock[j] = Vector256.Create(
                            double.CreateTruncating(block0[j]), double.CreateTruncating(row1[j]),
                            double.CreateTruncating(row2[j]), double.CreateTruncating(row3[j])).AsVector();
                    }
                }
                else
                {
                    for (int l = 0; l < lanes; l++)
                    {
                        T* row = l < count ? block0 + l * d : block0 + (count - 1) * d;
                        for (int j = 0; j < d; j++)
                        {
                            Unsafe.Add(ref yFirst, j * lanes + l) = double.CreateTruncating(row[j]);
                        }
                    }
                }

                DenoiseBlock(prepared, yBlock, dBlock, scratch);
                T* out0 = output + (long)start * d;
                for (int l = 0; l < count; l++)
                {
                    T* outRow = out0 + l * d;
                    for (int j = 0; j < d; j++)
                    {
                        outRow[j] = T.CreateTruncating(Unsafe.Add(ref dFirst, j * lanes + l));
                    }
                }
            }
        }
        finally
        {
            ArrayPool<Vector<double>>.Shared.Return(block);
        }
    }

    /// <summary>One call's arguments as a reusable <see cref="ParallelChunks"/> job (reused per thread through <see cref="ReusableJob{TJob}"/>).</summary>
    private sealed unsafe class BatchJob : ParallelChunks
    {
        private AnalyticDenoiser? _owner;
        private nint _input, _output;
        private bool _isFloat, _vectorised;
        private int _samples, _chunks;
        private double _sigma;
        private double[]? _constants;

        public void Set(AnalyticDenoiser? owner, nint input, nint output, bool isFloat, int samples, int chunks, double sigma, double[]? constants, bool vectorised)
        {
            (_owner, _input, _output, _isFloat, _samples, _chunks, _sigma, _constants, _vectorised) =
                (owner, input, output, isFloat, samples, chunks, sigma, constants, vectorised);
        }

        protected override void RunChunk(long index)
        {
            // Chunk boundaries on whole SIMD blocks, so only the batch's last block can be short.
            int blocks = (_samples + Lanes - 1) / Lanes;
            int first = (int)(blocks * index / _chunks) * Lanes, last = Math.Min(_samples, (int)(blocks * (index + 1) / _chunks) * Lanes);
            if (_isFloat)
            {
                _owner!.DenoiseRange((float*)_input, (float*)_output, _sigma, _constants, _vectorised, first, last);
            }
            else
            {
                _owner!.DenoiseRange((double*)_input, (double*)_output, _sigma, _constants, _vectorised, first, last);
            }
        }
    }
}
