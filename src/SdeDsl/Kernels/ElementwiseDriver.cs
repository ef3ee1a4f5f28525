using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Threading;
using SdeDsl.Noise;

namespace SdeDsl.Kernels;

/// <summary>The pointers of one kernel pass: up to four inputs, the output, and the optional scaled output.</summary>
internal readonly unsafe struct KernelOperands<T>
    where T : unmanaged
{
    public readonly T* A, B, C, D, Output, ScaledOutput;
    public readonly T InverseScale;

    public KernelOperands(T* a, T* b, T* c, T* d, T* output, T* scaledOutput, T inverseScale)
    {
        A = a;
        B = b;
        C = c;
        D = d;
        Output = output;
        ScaledOutput = scaledOutput;
        InverseScale = inverseScale;
    }
}

/// <summary>
/// The one driver loop shared by every step kernel: one pass over memory computing out[i] = op(a[i], ..., z_i) and,
/// when asked, the next denoiser input out[i] / s in the same pass; Vector512, then 256, then 128, then a scalar tail;
/// large tensors split across cores in fixed chunks (<see cref="ParallelChunks"/>, no allocation per pass).
/// </summary>
/// <remarks>
/// A scalar tail (rather than an overlapping last vector) keeps in-place passes (output aliasing an input) correct.
/// Noise comes in tiles aligned to the global element index: 64 single-precision normals for float tensors
/// (<see cref="NormalTile"/>), 32 double-precision normals for double tensors (<see cref="DoubleNormalTile"/>);
/// a piece of a tile (at a chunk or sample boundary) takes the whole tile when it has 8 elements or more and the
/// scalar transform otherwise, which produce the same bits. Sample-keyed noise (docs/math.md §13) splits the range
/// at sample boundaries and aligns tiles to each sample's first element.
/// </remarks>
internal static unsafe class ElementwiseDriver
{
    /// <summary>The shortest piece of a tile generated as a whole tile rather than element by element.</summary>
    private const int PartialTileMinimum = 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TOp>(TOp op, in KernelOperands<T> operands, long length, in NoiseKey key, long noiseStart, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IStepOperator<T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException($"Kernels support float and double, not {typeof(T).Name}.");
        }

        int chunk = options.EffectiveChunkSize;
        int threads = options.EffectiveDegreeOfParallelism;
        int bits = options.EffectiveVectorBits;
        bool registerLoads = options.RegisterLoads;
        bool nonTemporal = options.UsesNonTemporalStores(TOp.Arity, WriteOnlyStreams(operands, TOp.Arity), length * Unsafe.SizeOf<T>());
        if (threads <= 1 || length < 2L * chunk)
        {
            if (nonTemporal)
            {
                RunRange<T, TOp, NonTemporalStores>(op, operands, 0, length, key, noiseStart, bits, registerLoads);
            }
            else
            {
                RunRange<T, TOp, OrdinaryStores>(op, operands, 0, length, key, noiseStart, bits, registerLoads);
            }

            return;
        }

        if (nonTemporal)
        {
            ChunkJob<T, TOp, NonTemporalStores>.RunPass(op, operands, length, key, noiseStart, bits, registerLoads, chunk, threads);
        }
        else
        {
            ChunkJob<T, TOp, OrdinaryStores>.RunPass(op, operands, length, key, noiseStart, bits, registerLoads, chunk, threads);
        }
    }

    /// <summary>
    /// The outputs the pass writes without reading them (<see cref="StoreRule"/>): none when the output aliases an
    /// input (an in-place update, whose lines the pass has just read), else the output, plus the scaled output.
    /// </summary>
    internal static int WriteOnlyStreams<T>(in KernelOperands<T> o, int arity)
        where T : unmanaged =>
        WriteOnlyStreams((nint)o.Output, (nint)o.A, (nint)o.B, (nint)o.C, (nint)o.D, o.ScaledOutput != null, arity);

    /// <inheritdoc cref="WriteOnlyStreams{T}(in KernelOperands{T}, int)"/>
    internal static int WriteOnlyStreams(nint output, nint a, nint b, nint c, nint d, bool scaled, int arity)
    {
        bool inPlace = (arity >= 1 && output == a) || (arity >= 2 && output == b) || (arity >= 3 && output == c) || (arity >= 4 && output == d);
        if (inPlace)
        {
            return 0; // a pass that updates a stream in place keeps ordinary stores, its scaled output included (one policy per pass)
        }

        return 1 + (scaled ? 1 : 0);
    }

    /// <summary>One pass's arguments as a reusable <see cref="ParallelChunks"/> job (reused per thread through <see cref="ReusableJob{TJob}"/>).</summary>
    private sealed class ChunkJob<T, TOp, TStores> : ParallelChunks
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IStepOperator<T>
        where TStores : struct, IStorePolicy
    {
        private TOp _op;
        private KernelOperands<T> _operands;
        private long _length, _noiseStart;
        private NoiseKey _key;
        private int _bits, _chunk;
        private bool _registerLoads;

        /// <summary>Runs one pass on this thread's reusable job, then gives it back.</summary>
        public static void RunPass(TOp op, in KernelOperands<T> operands, long length, in NoiseKey key, long noiseStart, int bits, bool registerLoads, int chunk, int threads)
        {
            ChunkJob<T, TOp, TStores> job = ReusableJob<ChunkJob<T, TOp, TStores>>.Rent();
            job._op = op;
            job._operands = operands;
            job._length = length;
            job._key = key;
            job._noiseStart = noiseStart;
            job._bits = bits;
            job._registerLoads = registerLoads;
            job._chunk = chunk;
            job.Run((length + chunk - 1) / chunk, threads);
            job._key = default; // drop a sample-keyed pass's seed memory
            ReusableJob<ChunkJob<T, TOp, TStores>>.Return(job);
        }

        protected override void RunChunk(long index)
        {
            long start = index * _chunk;
            RunRange<T, TOp, TStores>(_op, _operands, start, Math.Min(start + _chunk, _length), _key, _noiseStart, _bits, _registerLoads);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunRange<T, TOp, TStores>(TOp op, in KernelOperands<T> o, long start, long end, in NoiseKey key, long noiseStart, int bits, bool registerLoads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IStepOperator<T>
        where TStores : struct, IStorePolicy
    {
        if (!TOp.UsesNoise)
        {
            Loop<T, TOp, TStores>(op, o, start, end, null, bits, registerLoads);
        }
        else
        {
            T* z = stackalloc T[NormalTile.Length];
            if (key.IsSampleKeyed)
            {
                RunSamples<T, TOp, TStores>(op, o, start, end, key, noiseStart, z, bits, registerLoads);
            }
            else
            {
                // Element i of the pass has noise index first + i in the 64-bit counter space, modulo 2^64 (a start
                // near the end wraps to index 0 and continues; tiles stay aligned because 2^64 is a multiple of the
                // tile length).
                RunTiles<T, TOp, TStores>(op, o, start, end, key, 0, unchecked((ulong)noiseStart), z, bits, registerLoads);
            }
        }

        if (TStores.NonTemporal && Sse.IsSupported)
        {
            Sse.StoreFence(); // non-temporal stores are weakly ordered: make them visible before the pass reports done
        }
    }

    /// <summary>
    /// Sample-keyed noise (docs/math.md §13): element g = noiseStart + i of the pass is element j = g mod d of sample
    /// g / d, whose noise is position j of that sample's own stream; the range splits at sample boundaries.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunSamples<T, TOp, TStores>(TOp op, in KernelOperands<T> o, long start, long end, in NoiseKey key, long noiseStart, T* z, int bits, bool registerLoads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IStepOperator<T>
        where TStores : struct, IStorePolicy
    {
        for (long i = start; i < end;)
        {
            long count = key.Samples.RunOf(key, noiseStart, i, end, out NoiseKey sampleKey, out ulong tileBase, out ulong first);
            RunTiles<T, TOp, TStores>(op, o, i, i + count, sampleKey, tileBase, first, z, bits, registerLoads);
            i += count;
        }
    }

    /// <summary>
    /// Elements [start, end) with noise position p = first + i (modulo 2^64) of the key's stream, at slot p mod L of
    /// tile tileBase + p / L (L = 64 floats or 32 doubles). Whole tiles, and partial tiles of at least
    /// <see cref="PartialTileMinimum"/> elements, are generated vectorised into <paramref name="z"/>; shorter pieces
    /// take the scalar transform, which gives the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunTiles<T, TOp, TStores>(TOp op, in KernelOperands<T> o, long start, long end, in NoiseKey key, ulong tileBase, ulong first, T* z, int bits, bool registerLoads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IStepOperator<T>
        where TStores : struct, IStorePolicy
    {
        bool isDouble = typeof(T) == typeof(double);
        int length = isDouble ? DoubleNormalTile.Length : NormalTile.Length;
        int shift = isDouble ? 5 : 6;
        long i = start;
        while (i < end)
        {
            ulong p = first + (ulong)i;
            int slot = (int)p & (length - 1);
            long count = Math.Min(end - i, length - slot);
            ulong tile = tileBase + (p >> shift);
            if (count >= PartialTileMinimum)
            {
                if (isDouble)
                {
                    DoubleNormalTile.Fill(key, tile, (double*)z, bits);
                }
                else
                {
                    NormalTile.Fill(key, tile, (float*)z, bits);
                }

                Loop<T, TOp, TStores>(op, o, i, i + count, z + slot - i, bits, registerLoads);
            }
            else
            {
                for (int k = 0; k < count; k++)
                {
                    T value = isDouble
                        ? T.CreateTruncating(DoubleNormalTile.Single(key, tile, slot + k))
                        : T.CreateTruncating(NormalTile.Single(key, tile, slot + k));
                    ScalarElement(op, o, (nint)(i + k), value);
                }
            }

            i += count;
        }
    }

    /// <summary>Elements [start, end); <paramref name="z"/> is indexed like the operands (z[i]) when the operator uses noise.</summary>
    /// <remarks>
    /// The operand pointers are copied into locals first, so the loop keeps them in registers instead of reloading
    /// them from the operand struct on every iteration. With non-temporal stores the first elements are done one by one
    /// until the output reaches the widest vector's alignment (when a scaled output is not aligned like the output, or a
    /// noisy pass, called per noise tile and not peeled, finds its output unaligned, the range keeps ordinary stores). The vector loops are the operator's own
    /// (<see cref="IStepOperator{T}.Vector256Loop{TStores, TScaled}"/>; <see cref="RegisterLoadLoops"/> with
    /// <see cref="KernelOptions.RegisterLoads"/>); the widest does two vectors per iteration. None of this changes a bit of the result:
    /// every element gets the same operations whichever loop computes it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Loop<T, TOp, TStores>(TOp op, in KernelOperands<T> o, long start, long end, T* z, int bits, bool registerLoads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IStepOperator<T>
        where TStores : struct, IStorePolicy
    {
        if (o.ScaledOutput != null)
        {
            Loop<T, TOp, TStores, WritesScaledOutput>(op, o, start, end, z, bits, registerLoads);
        }
        else
        {
            Loop<T, TOp, TStores, NoScaledOutput>(op, o, start, end, z, bits, registerLoads);
        }
    }

    /// <inheritdoc cref="Loop{T, TOp, TStores}(TOp, in KernelOperands{T}, long, long, T*, int, bool)"/>
    /// <remarks>
    /// Whether the scaled output is written is a type parameter (<typeparamref name="TScaled"/>), so the loop carries no
    /// per-iteration test and branch for it (the JIT listing of Heun's correction had <c>test r15d, r15d; je</c> in the
    /// body of the unrolled loop, which then spanned two blocks; now it is one block like the floor's).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // too large to inline: jitted fully optimised at once, never at tier 0
    private static void Loop<T, TOp, TStores, TScaled>(TOp op, in KernelOperands<T> o, long start, long end, T* z, int bits, bool registerLoads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IStepOperator<T>
        where TStores : struct, IStorePolicy
        where TScaled : struct, IScaledOutputPolicy
    {
        nint i = (nint)start, n = (nint)end;
        T* a = o.A, b = o.B, c = o.C, d = o.D, output = o.Output, scaledOutput = o.ScaledOutput;
        T inverseScale = o.InverseScale;
        bool scaled = TScaled.Writes;
        bool wide512 = bits >= 512 && Vector512.IsHardwareAccelerated;
        bool wide256 = bits >= 256 && Vector256.IsHardwareAccelerated;
        bool wide128 = bits >= 128 && Vector128.IsHardwareAccelerated;
        int alignment = wide512 ? 64 : wide256 ? 32 : 16;
        if (TStores.NonTemporal && !TOp.UsesNoise && (wide512 || wide256 || wide128))
        {
            nint peel = Math.Min(VectorStore.ElementsToAlignment(output + i, alignment), n - i);
            for (nint k = 0; k < peel; k++, i++)
            {
                ScalarElement(op, o, i, TOp.UsesNoise ? z[i] : T.Zero);
            }
        }

        if (TStores.NonTemporal
            && (((nuint)(output + i) & (nuint)(alignment - 1)) != 0 || (scaled && ((nuint)(scaledOutput + i) & (nuint)(alignment - 1)) != 0)))
        {
            Loop<T, TOp, OrdinaryStores, TScaled>(op, o, i, end, z, bits, registerLoads); // cannot align both outputs: ordinary stores
            return;
        }

        if (wide512)
        {
            i = registerLoads
                ? RegisterLoadLoops.Vector512Loop<T, TOp, TStores, TScaled>(op, a, b, c, d, z, output, scaledOutput, inverseScale, i, n)
                : op.Vector512Loop<TStores, TScaled>(a, b, c, d, z, output, scaledOutput, inverseScale, i, n);
        }

        if (wide256)
        {
            i = registerLoads
                ? RegisterLoadLoops.Vector256Loop<T, TOp, TStores, TScaled>(op, a, b, c, d, z, output, scaledOutput, inverseScale, i, n)
                : op.Vector256Loop<TStores, TScaled>(a, b, c, d, z, output, scaledOutput, inverseScale, i, n);
        }

        if (wide128)
        {
            i = registerLoads
                ? RegisterLoadLoops.Vector128Loop<T, TOp, TStores, TScaled>(op, a, b, c, d, z, output, scaledOutput, inverseScale, i, n)
                : op.Vector128Loop<TStores, TScaled>(a, b, c, d, z, output, scaledOutput, inverseScale, i, n);
        }

        for (; i < n; i++)
        {
            ScalarElement(op, o, i, TOp.UsesNoise ? z[i] : T.Zero);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ScalarElement<T, TOp>(TOp op, in KernelOperands<T> o, nint i, T z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IStepOperator<T>
    {
        T r = op.Invoke(
            TOp.Arity >= 1 ? o.A[i] : T.Zero,
            TOp.Arity >= 2 ? o.B[i] : T.Zero,
            TOp.Arity >= 3 ? o.C[i] : T.Zero,
            TOp.Arity >= 4 ? o.D[i] : T.Zero,
            z);
        o.Output[i] = r;
        if (o.ScaledOutput != null)
        {
            o.ScaledOutput[i] = r * o.InverseScale;
        }
    }
}
