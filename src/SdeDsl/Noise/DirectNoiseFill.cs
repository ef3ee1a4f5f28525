using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Threading;
using SdeDsl.Kernels;

namespace SdeDsl.Noise;

/// <summary>
/// out = scale z for a noise stream without the kernel driver (<see cref="GaussianNoise.Fill"/>,
/// <see cref="GaussianNoise.FillSamples"/>, the prior, the known region's noise, the Brownian tree's first term, the
/// predictor-corrector's corrector noise): whole noise tiles are generated straight into the destination, only the
/// partial tiles at the two ends go through a tile on the stack.
/// </summary>
/// <remarks>
/// The kernel driver computes <c>out = scale z</c> from a tile it first writes to the stack, which costs a second pass over
/// every tile and a call of its element loop per 64 normals; at 0.5e9 normals/s that copy is about a tenth of the time
/// (docs/benchmarks.md, "Noise, round 3"). The values are those of the driver path bit for bit: the scale is rounded
/// to T once and each element is T(scale) z rounded once (for scale 1 that is z itself, and no multiply is done),
/// whole tiles are the same tile function, and a piece of a tile takes the whole tile when it has 8 elements or more
/// and the scalar transform otherwise, as in the driver. Sample-keyed streams (docs/math.md §13) split the range at
/// sample boundaries as the driver does. Threads split the range in the same fixed chunks
/// (<see cref="KernelOptions.EffectiveChunkSize"/>, a multiple of the tile length), so nothing depends on the thread
/// count.
/// </remarks>
internal static unsafe class DirectNoiseFill
{
    /// <summary>The shortest piece of a tile generated as a whole tile rather than element by element (as the driver).</summary>
    private const int PartialTileMinimum = 8;

    /// <summary>Tiles generated before a scaled fill multiplies them, so they are scaled while still in L1 (16 KiB of floats).</summary>
    private const int ScaleBatchTiles = 64;

    /// <summary>Writes the normals of <paramref name="key"/>'s stream at indices startIndex + k (modulo 2^64) to position k.</summary>
    public static void Fill<T>(Span<T> destination, in NoiseKey key, long startIndex, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Fill(destination, key, startIndex, 1.0, options);

    /// <summary>
    /// Writes T(<paramref name="scale"/>) z to position k, z the normal of <paramref name="key"/>'s stream at index
    /// startIndex + k (modulo 2^64; for a sample-keyed key, element startIndex + k of the layout): the values of
    /// <c>FusedPass.Noise(destination, key, startIndex, scale, options)</c>.
    /// </summary>
    public static void Fill<T>(Span<T> destination, in NoiseKey key, long startIndex, double scale, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException($"Noise fills float and double tensors, not {typeof(T).Name}.");
        }

        long length = destination.Length;
        if (length == 0)
        {
            return;
        }

        int chunk = options.EffectiveChunkSize;
        int threads = options.EffectiveDegreeOfParallelism;
        int bits = options.EffectiveVectorBits;
        T factor = T.CreateTruncating(scale);
        fixed (T* output = destination)
        {
            if (threads <= 1 || length < 2L * chunk)
            {
                FillPass(output, key, startIndex, 0, length, factor, bits);
            }
            else
            {
                ChunkJob<T>.RunPass(output, key, startIndex, length, factor, bits, chunk, threads);
            }
        }
    }

    /// <summary>Positions [start, end) of the pass: one stream, or each sample's own stream (docs/math.md §13).</summary>
    private static void FillPass<T>(T* output, in NoiseKey key, long startIndex, long start, long end, T factor, int bits)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!key.IsSampleKeyed)
        {
            FillRange(output, key, 0, unchecked((ulong)startIndex), start, end, factor, bits);
            return;
        }

        // One sample's run at a time, as in the kernel driver (SampleLayout.RunOf).
        for (long i = start; i < end;)
        {
            long count = key.Samples.RunOf(key, startIndex, i, end, out NoiseKey sampleKey, out ulong tileBase, out ulong first);
            FillRange(output, sampleKey, tileBase, first, i, i + count, factor, bits);
            i += count;
        }
    }

    /// <summary>
    /// Positions [start, end) of <paramref name="output"/>; position i holds element p = first + i (modulo 2^64) of the
    /// key's stream, in tile tileBase + p / L.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillRange<T>(T* output, in NoiseKey key, ulong tileBase, ulong first, long start, long end, T factor, int bits)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        bool isDouble = typeof(T) == typeof(double);
        bool scaled = factor != T.One;
        int tileLength = isDouble ? DoubleNormalTile.Length : NormalTile.Length;
        int shift = isDouble ? 5 : 6;
        T* scratch = stackalloc T[NormalTile.Length];
        long i = start;
        while (i < end)
        {
            ulong p = first + (ulong)i;
            int slot = (int)p & (tileLength - 1);
            ulong tile = p >> shift;
            long wholeTiles = slot == 0 ? (end - i) >> shift : 0;
            if (wholeTiles > 0)
            {
                // Tiles aligned to the element index: straight into the output, up to the last tile before the element
                // index wraps at 2^64 (tile 2^58 - 1 for floats, 2^59 - 1 for doubles); the next round of the loop
                // continues at tile 0. A scaled fill goes in batches small enough to be scaled in L1.
                long tilesBeforeWrap = (long)((ulong.MaxValue >> shift) - tile) + 1;
                wholeTiles = Math.Min(wholeTiles, tilesBeforeWrap);
                if (scaled)
                {
                    wholeTiles = Math.Min(wholeTiles, ScaleBatchTiles);
                }

                if (isDouble)
                {
                    DoubleNormalTile.FillTiles(key, tileBase + tile, wholeTiles, (double*)(output + i), bits);
                }
                else
                {
                    NormalTile.FillTiles(key, tileBase + tile, wholeTiles, (float*)(output + i), bits);
                }

                if (scaled)
                {
                    Scale(output + i, wholeTiles << shift, factor);
                }

                i += wholeTiles << shift;
                continue;
            }

            int count = (int)Math.Min(end - i, tileLength - slot);
            if (count >= PartialTileMinimum)
            {
                if (isDouble)
                {
                    DoubleNormalTile.Fill(key, tileBase + tile, (double*)scratch, bits);
                }
                else
                {
                    NormalTile.Fill(key, tileBase + tile, (float*)scratch, bits);
                }

                for (int k = 0; k < count; k++)
                {
                    output[i + k] = scaled ? factor * scratch[slot + k] : scratch[slot + k];
                }
            }
            else
            {
                for (int k = 0; k < count; k++)
                {
                    T z = isDouble
                        ? Unsafe.BitCast<double, T>(DoubleNormalTile.Single(key, tileBase + tile, slot + k))
                        : Unsafe.BitCast<float, T>(NormalTile.Single(key, tileBase + tile, slot + k));
                    output[i + k] = scaled ? factor * z : z;
                }
            }

            i += count;
        }
    }

    /// <summary>values[k] = factor values[k], each product rounded once (so any width gives the same bits).</summary>
    private static void Scale<T>(T* values, long count, T factor)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        long k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<T> f = Vector256.Create(factor);
            for (; k <= count - Vector256<T>.Count; k += Vector256<T>.Count)
            {
                (f * Vector256.Load(values + k)).Store(values + k);
            }
        }

        for (; k < count; k++)
        {
            values[k] = factor * values[k];
        }
    }

    /// <summary>One fill's arguments as a reusable <see cref="ParallelChunks"/> job (reused per thread through <see cref="ReusableJob{TJob}"/>).</summary>
    private sealed class ChunkJob<T> : ParallelChunks
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private T* _output;
        private NoiseKey _key;
        private long _startIndex, _length;
        private T _factor;
        private int _bits, _chunk;

        public static void RunPass(T* output, in NoiseKey key, long startIndex, long length, T factor, int bits, int chunk, int threads)
        {
            ChunkJob<T> job = ReusableJob<ChunkJob<T>>.Rent();
            job._output = output;
            job._key = key;
            job._startIndex = startIndex;
            job._length = length;
            job._factor = factor;
            job._bits = bits;
            job._chunk = chunk;
            job.Run((length + chunk - 1) / chunk, threads);
            job._output = null;
            job._key = default; // drop the layout's seeds
            ReusableJob<ChunkJob<T>>.Return(job);
        }

        protected override void RunChunk(long index)
        {
            long start = index * _chunk;
            FillPass(_output, _key, _startIndex, start, Math.Min(start + _chunk, _length), _factor, _bits);
        }
    }
}
