using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Threading;

using SdeDsl.Kernels;
namespace SdeDsl.Benchmarks.Steps;

/// <summary>
/// The pass of a multistep step on a converting network (issue 18 item 5; docs/math.md §7.8, §11.5): it converts the
/// raw prediction to D in registers, writes D once (the history the next step reads) and takes the step with it,
/// <c>D = cy a + cp b</c>, <c>out = ca a + cd D (+ cc c)</c>, <c>scaled = out * inverseScale</c>, so a step reads
/// x, P (and D_previous) and writes x and D instead of a conversion pass followed by a step pass.
/// </summary>
/// <remarks>
/// <para>
/// Each value gets exactly the operations, in the same order and precision, of the two passes it replaces:
/// <c>D</c> those of <c>FusedPass.Combine(cy, a, cp, b)</c> and <c>out</c> those of
/// <c>FusedPass.Combine(ca, a, cd, D, cc, c)</c> (products then left-to-right sums, no fused multiply-add), at every
/// vector width and in the scalar tail. So with a = y (s = 1) the results are bitwise those of the unfused passes.
/// </para>
/// <para>
/// The element-wise driver has one output (and its scaled copy), so this pass has its own loop, in the driver's
/// shape: widest vector first, scalar tail, non-temporal stores above the last-level cache
/// (<see cref="KernelOptions.UsesNonTemporalStores"/>) when the three outputs can be aligned together, chunks across
/// threads with <see cref="ParallelChunks"/> (no allocation per pass). <c>output</c> may alias <c>a</c> and
/// <c>denoised</c> may alias <c>b</c>: every element's loads precede its stores.
/// </para>
/// </remarks>
internal static unsafe class ConvertingPassRound3
{
    /// <summary>D = cy a + cp b into <paramref name="denoised"/>; out = ca a + cd D (+ cc c when <paramref name="c"/> is not empty); scaled = out * inverseScale.</summary>
    public static void Run<T>(
        double cy, double cp, double ca, double cd, double cc, ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c,
        Span<T> output, Span<T> denoised, Span<T> scaled, double inverseScale, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException($"Kernels support float and double, not {typeof(T).Name}.");
        }

        int n = output.Length;
        RequireLength(a, n, nameof(a));
        RequireLength(b, n, nameof(b));
        RequireLength(denoised, n, nameof(denoised));
        if (!c.IsEmpty) RequireLength(c, n, nameof(c));
        if (!scaled.IsEmpty) RequireLength(scaled, n, nameof(scaled));
        if (n == 0)
        {
            return;
        }

        var k = new Coefficients<T>(cy, cp, ca, cd, cc, scaled.IsEmpty ? 0 : inverseScale);
        fixed (T* pa = a, pb = b, pc = c, po = output, pd = denoised, ps = scaled)
        {
            var o = new Operands<T>(pa, pb, c.IsEmpty ? null : pc, po, pd, scaled.IsEmpty ? null : ps);
            if (o.C is null)
            {
                Dispatch<T, TwoInputs>(k, o, n, options);
            }
            else
            {
                Dispatch<T, ThreeInputs>(k, o, n, options);
            }
        }
    }

    private static void Dispatch<T, TShape>(in Coefficients<T> k, in Operands<T> o, long n, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TShape : struct, IOperatorShape
    {
        int chunk = options.EffectiveChunkSize;
        int threads = options.EffectiveDegreeOfParallelism;
        int bits = options.EffectiveVectorBits;
        int read = o.C == null ? 2 : 3;
        bool inPlace = o.Output == o.A || o.Output == o.B || o.Output == o.C || o.Denoised == o.A || o.Denoised == o.B || o.Denoised == o.C;
        int writeOnly = inPlace ? 0 : 2 + (o.Scaled == null ? 0 : 1); // one policy per pass, as ElementwiseDriver.WriteOnlyStreams
        bool nonTemporal = options.UsesNonTemporalStores(read, writeOnly, n * Unsafe.SizeOf<T>());
        if (threads <= 1 || n < 2L * chunk)
        {
            if (nonTemporal)
            {
                Range<T, TShape, NonTemporalStores>(k, o, 0, n, bits);
            }
            else
            {
                Range<T, TShape, OrdinaryStores>(k, o, 0, n, bits);
            }

            return;
        }

        if (nonTemporal)
        {
            Job<T, TShape, NonTemporalStores>.RunPass(k, o, n, bits, chunk, threads);
        }
        else
        {
            Job<T, TShape, OrdinaryStores>.RunPass(k, o, n, bits, chunk, threads);
        }
    }

    private static void Range<T, TShape, TStores>(in Coefficients<T> k, in Operands<T> o, long start, long end, int bits)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TShape : struct, IOperatorShape
        where TStores : struct, IStorePolicy
    {
        Loop<T, TShape, TStores>(k, o, start, end, bits);
        if (TStores.NonTemporal && Sse.IsSupported)
        {
            Sse.StoreFence(); // non-temporal stores are weakly ordered: make them visible before the pass reports done
        }
    }

    /// <summary>Elements [start, end): the widest accelerated vector first, then narrower ones, then scalars.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Loop<T, TShape, TStores>(Coefficients<T> k, in Operands<T> o, long start, long end, int bits)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TShape : struct, IOperatorShape
        where TStores : struct, IStorePolicy
    {
        nint i = (nint)start, n = (nint)end;
        T* a = o.A, b = o.B, c = o.C, output = o.Output, denoised = o.Denoised, scaledOutput = o.Scaled;
        bool scaled = scaledOutput != null, three = TShape.Arity >= 3;
        bool wide512 = bits >= 512 && Vector512.IsHardwareAccelerated;
        bool wide256 = bits >= 256 && Vector256.IsHardwareAccelerated;
        bool wide128 = bits >= 128 && Vector128.IsHardwareAccelerated;
        if (TStores.NonTemporal)
        {
            int alignment = wide512 ? 64 : wide256 ? 32 : 16;
            nint peel = Math.Min(VectorStore.ElementsToAlignment(output + i, alignment), n - i);
            for (nint p = 0; p < peel; p++, i++)
            {
                Scalar(k, o, i, three);
            }

            nuint mask = (nuint)(alignment - 1);
            if (((nuint)(output + i) & mask) != 0 || ((nuint)(denoised + i) & mask) != 0 || (scaled && ((nuint)(scaledOutput + i) & mask) != 0))
            {
                Loop<T, TShape, OrdinaryStores>(k, o, i, end, bits); // cannot align every output: ordinary stores
                return;
            }
        }

        if (wide512)
        {
            Vector512<T> cy = Vector512.Create(k.Cy), cp = Vector512.Create(k.Cp), ca = Vector512.Create(k.Ca), cd = Vector512.Create(k.Cd), cc = Vector512.Create(k.Cc);
            Vector512<T> inverse = Vector512.Create(k.InverseScale);
            for (nint w = Vector512<T>.Count; i <= n - w; i += w)
            {
                Vector512<T> x = Vector512.Load(a + i);
                Vector512<T> d = cy * x;
                d += cp * Vector512.Load(b + i);
                Vector512<T> r = ca * x;
                r += cd * d;
                if (three) r += cc * Vector512.Load(c + i);
                VectorStore.Store<T, TStores>(d, denoised + i);
                VectorStore.Store<T, TStores>(r, output + i);
                if (scaled) VectorStore.Store<T, TStores>(r * inverse, scaledOutput + i);
            }
        }

        if (wide256)
        {
            Vector256<T> cy = Vector256.Create(k.Cy), cp = Vector256.Create(k.Cp), ca = Vector256.Create(k.Ca), cd = Vector256.Create(k.Cd), cc = Vector256.Create(k.Cc);
            Vector256<T> inverse = Vector256.Create(k.InverseScale);
            for (nint w = Vector256<T>.Count; i <= n - w; i += w)
            {
                Vector256<T> x = Vector256.Load(a + i);
                Vector256<T> d = cy * x;
                d += cp * Vector256.Load(b + i);
                Vector256<T> r = ca * x;
                r += cd * d;
                if (three) r += cc * Vector256.Load(c + i);
                VectorStore.Store<T, TStores>(d, denoised + i);
                VectorStore.Store<T, TStores>(r, output + i);
                if (scaled) VectorStore.Store<T, TStores>(r * inverse, scaledOutput + i);
            }
        }

        if (wide128)
        {
            Vector128<T> cy = Vector128.Create(k.Cy), cp = Vector128.Create(k.Cp), ca = Vector128.Create(k.Ca), cd = Vector128.Create(k.Cd), cc = Vector128.Create(k.Cc);
            Vector128<T> inverse = Vector128.Create(k.InverseScale);
            for (nint w = Vector128<T>.Count; i <= n - w; i += w)
            {
                Vector128<T> x = Vector128.Load(a + i);
                Vector128<T> d = cy * x;
                d += cp * Vector128.Load(b + i);
                Vector128<T> r = ca * x;
                r += cd * d;
                if (three) r += cc * Vector128.Load(c + i);
                VectorStore.Store<T, TStores>(d, denoised + i);
                VectorStore.Store<T, TStores>(r, output + i);
                if (scaled) VectorStore.Store<T, TStores>(r * inverse, scaledOutput + i);
            }
        }

        for (; i < n; i++)
        {
            Scalar(k, o, i, three);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scalar<T>(in Coefficients<T> k, in Operands<T> o, nint i, bool three)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T x = o.A[i];
        T d = k.Cy * x;
        d += k.Cp * o.B[i];
        T r = k.Ca * x;
        r += k.Cd * d;
        if (three) r += k.Cc * o.C[i];
        o.Denoised[i] = d;
        o.Output[i] = r;
        if (o.Scaled != null) o.Scaled[i] = r * k.InverseScale;
    }

    private static void RequireLength<T>(ReadOnlySpan<T> span, int expected, string name)
    {
        if (span.Length != expected)
        {
            throw new ArgumentException($"Operand '{name}' has {span.Length} elements but the output has {expected}.", name);
        }
    }

    /// <summary>The pass's coefficients, rounded once from double to T.</summary>
    private readonly struct Coefficients<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public readonly T Cy, Cp, Ca, Cd, Cc, InverseScale;

        public Coefficients(double cy, double cp, double ca, double cd, double cc, double inverseScale)
        {
            Cy = T.CreateTruncating(cy);
            Cp = T.CreateTruncating(cp);
            Ca = T.CreateTruncating(ca);
            Cd = T.CreateTruncating(cd);
            Cc = T.CreateTruncating(cc);
            InverseScale = T.CreateTruncating(inverseScale);
        }
    }

    /// <summary>The pass's pointers: x, P, D_previous (null when absent), the state output, D, the scaled output (null when s = 1).</summary>
    private readonly struct Operands<T>(T* a, T* b, T* c, T* output, T* denoised, T* scaled)
        where T : unmanaged
    {
        public readonly T* A = a, B = b, C = c, Output = output, Denoised = denoised, Scaled = scaled;
    }

    /// <summary>One pass's arguments as a reusable <see cref="ParallelChunks"/> job (reused per thread through <see cref="ReusableJob{TJob}"/>).</summary>
    private sealed class Job<T, TShape, TStores> : ParallelChunks
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TShape : struct, IOperatorShape
        where TStores : struct, IStorePolicy
    {
        private Coefficients<T> _coefficients;
        private Operands<T> _operands;
        private long _length;
        private int _bits, _chunk;

        public static void RunPass(in Coefficients<T> k, in Operands<T> o, long length, int bits, int chunk, int threads)
        {
            Job<T, TShape, TStores> job = ReusableJob<Job<T, TShape, TStores>>.Rent();
            job._coefficients = k;
            job._operands = o;
            job._length = length;
            job._bits = bits;
            job._chunk = chunk;
            job.Run((length + chunk - 1) / chunk, threads);
            ReusableJob<Job<T, TShape, TStores>>.Return(job);
        }

        protected override void RunChunk(long index)
        {
            long start = index * _chunk;
            Range<T, TShape, TStores>(_coefficients, _operands, start, Math.Min(start + _chunk, _length), _bits);
        }
    }
}
