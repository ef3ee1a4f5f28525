using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading;
using SdeDsl.Kernels;

namespace SdeDsl.Noise;

/// <summary>
/// <see cref="GaussianNoise.Fill"/> without the kernel driver: whole noise tiles are generated straight into the
/// destination, only the partial tiles at the two ends go through a tile on the stack.
/// </summary>
/// <remarks>
/// The kernel driver computes <c>out = 1 z</c> from a tile it first writes to the stack, which costs a second pass over
/// every tile (a load, a multiply by one and a store per vector) and a call of its element loop per 64 normals; at
/// 0.5e9 normals/s that copy is about a tenth of the time (docs/benchmarks.md, "Noise, round 3"). The values are those
/// of the driver path bit for bit: <c>1 z = z</c> exactly, whole tiles are the same tile function, and a piece of a
/// tile takes the whole tile when it has 8 elements or more and the scalar transform otherwise, as in the driver.
/// Threads split the range in the same fixed chunks (<see cref="KernelOptions.EffectiveChunkSize"/>, a multiple of the
/// tile length), so nothing depends on the thread count.
/// </remarks>
internal static unsafe class DirectNoiseFill
{
    /// <summary>The shortest piece of a tile generated as a whole tile rather than element by element (as the driver).</summary>
    private const int PartialTileMinimum = 8;

    /// <summary>Writes the normals of <paramref name="key"/>'s stream at indices startIndex + k (modulo 2^64) to position k.</summary>
    public static void Fill<T>(Span<T> destination, in NoiseKey key, long startIndex, KernelOptions options)
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
        ulong first = unchecked((ulong)startIndex);
        fixed (T* output = destination)
        {
            if (threads <= 1 || length < 2L * chunk)
            {
                FillRange(output, key, first, 0, length, bits);
            }
            else
            {
                ChunkJob<T>.RunPass(output, key, first, length, bits, chunk, threads);
            }
        }
    }

    /// <summary>Positions [start, end) of <paramref name="output"/>; position i holds element first + i (modulo 2^64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillRange<T>(T* output, in NoiseKey key, ulong first, long start, long end, int bits)
        where T : unmanaged
    {
        bool isDouble = typeof(T) == typeof(double);
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
                // continues at tile 0.
                long tilesBeforeWrap = (long)((ulong.MaxValue >> shift) - tile) + 1;
                wholeTiles = Math.Min(wholeTiles, tilesBeforeWrap);
                if (isDouble)
                {
                    DoubleNormalTile.FillTiles(key, tile, wholeTiles, (double*)(output + i), bits);
                }
                else
                {
                    NormalTile.FillTiles(key, tile, wholeTiles, (float*)(output + i), bits);
                }

                i += wholeTiles << shift;
                continue;
            }

            int count = (int)Math.Min(end - i, tileLength - slot);
            if (count >= PartialTileMinimum)
            {
                if (isDouble)
                {
                    DoubleNormalTile.Fill(key, tile, (double*)scratch, bits);
                }
                else
                {
                    NormalTile.Fill(key, tile, (float*)scratch, bits);
                }

                new ReadOnlySpan<T>(scratch + slot, count).CopyTo(new Span<T>(output + i, count));
            }
            else
            {
                for (int k = 0; k < count; k++)
                {
                    output[i + k] = isDouble
                        ? Unsafe.BitCast<double, T>(DoubleNormalTile.Single(key, tile, slot + k))
                        : Unsafe.BitCast<float, T>(NormalTile.Single(key, tile, slot + k));
                }
            }

            i += count;
        }
    }

    /// <summary>One fill's arguments as a reusable <see cref="ParallelChunks"/> job (reused per thread through <see cref="ReusableJob{TJob}"/>).</summary>
    private sealed class ChunkJob<T> : ParallelChunks
        where T : unmanaged
    {
        private T* _output;
        private NoiseKey _key;
        private ulong _first;
        private long _length;
        private int _bits, _chunk;

        public static void RunPass(T* output, in NoiseKey key, ulong first, long length, int bits, int chunk, int threads)
        {
            ChunkJob<T> job = ReusableJob<ChunkJob<T>>.Rent();
            job._output = output;
            job._key = key;
            job._first = first;
            job._length = length;
            job._bits = bits;
            job._chunk = chunk;
            job.Run((length + chunk - 1) / chunk, threads);
            job._output = null;
            ReusableJob<ChunkJob<T>>.Return(job);
        }

        protected override void RunChunk(long index)
        {
            long start = index * _chunk;
            FillRange(_output, _key, _first, start, Math.Min(start + _chunk, _length), _bits);
        }
    }
}
