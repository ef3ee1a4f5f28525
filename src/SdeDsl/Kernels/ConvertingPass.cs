using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Threading;

namespace SdeDsl.Kernels;

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
/// shape: widest vector first, two vectors per iteration, scalar tail; chunks across threads with
/// <see cref="ParallelChunks"/> (no allocation per pass). The store rule (<see cref="StoreRule"/>) is applied per
/// output: one that overwrites an input (x in place, D over P) keeps ordinary stores, one written without being read
/// (D into a history slot of its own, as the guided step writes it) takes non-temporal stores above the last-level
/// cache when it can be aligned. <c>output</c> may alias <c>a</c> and <c>denoised</c> may alias <c>b</c>: every
/// element's loads precede its stores.
/// </para>
/// </remarks>
internal static unsafe class ConvertingPass
{
    /// <summary>D = cy a + cp b into <paramref name="denoised"/>; out = ca a + cd D (+ cc c when <paramref name="c"/> is not empty); scaled = out * inverseScale.</summary>
    public static void Run<T>(
        double cy, double cp, double ca, double cd, double cc, ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c,
        Span<T> output, Span<T> denoised, Span<T> scaled, double inverseScale, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Run(cy, cp, 0, ca, cd, cc, a, b, default, c, output, denoised, scaled, inverseScale, options);

    /// <summary>
    /// The guided form (docs/math.md §11.6, §11.9): D = cy a + cp b + cq e into <paramref name="denoised"/> (two
    /// predictions, e.g. b = P_u with cp = c_p (1 - w) and e = P_c with cq = c_p w; without <paramref name="e"/> the
    /// two-term D above); out = ca a + cd D (+ cc c); scaled = out * inverseScale.
    /// </summary>
    public static void Run<T>(
        double cy, double cp, double cq, double ca, double cd, double cc,
        ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> e, ReadOnlySpan<T> c,
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
        if (!e.IsEmpty) RequireLength(e, n, nameof(e));
        if (!c.IsEmpty) RequireLength(c, n, nameof(c));
        if (!scaled.IsEmpty) RequireLength(scaled, n, nameof(scaled));
        if (n == 0)
        {
            return;
        }

        var k = new Coefficients<T>(cy, cp, cq, ca, cd, cc, scaled.IsEmpty ? 0 : inverseScale);
        fixed (T* pa = a, pb = b, pe = e, pc = c, po = output, pd = denoised, ps = scaled)
        {
            var o = new Operands<T>(pa, pb, e.IsEmpty ? null : pe, c.IsEmpty ? null : pc, po, pd, scaled.IsEmpty ? null : ps);
            switch (o.E is null, o.C is null)
            {
                case (true, true): Dispatch<T, OnePrediction>(k, o, n, options); break;
                case (true, false): Dispatch<T, OnePredictionWithHistory>(k, o, n, options); break;
                case (false, true): Dispatch<T, TwoPredictions>(k, o, n, options); break;
                default: Dispatch<T, TwoPredictionsWithHistory>(k, o, n, options); break;
            }
        }
    }

    private static void Dispatch<T, TShape>(in Coefficients<T> k, in Operands<T> o, long n, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TShape : struct, IConvertingShape
    {
        // The store rule per output (StoreRule): an output that overwrites an input keeps ordinary stores; one written
        // without being read (D into a history slot of its own, x into a separate buffer) takes non-temporal stores
        // when the pass's footprint exceeds the last-level cache. The scaled output follows x.
        int read = 2 + (TShape.SecondPrediction ? 1 : 0) + (TShape.History ? 1 : 0);
        int writeOnlyState = Aliases(o.Output, o) ? 0 : 1 + (o.Scaled == null ? 0 : 1);
        int writeOnlyDenoised = Aliases(o.Denoised, o) ? 0 : 1;
        int written = writeOnlyState + writeOnlyDenoised;
        long bytes = n * Unsafe.SizeOf<T>();
        bool stateNonTemporal = options.UsesNonTemporalStores(read, writeOnlyState == 0 ? 0 : written, bytes);
        bool denoisedNonTemporal = options.UsesNonTemporalStores(read, writeOnlyDenoised == 0 ? 0 : written, bytes);
        switch (stateNonTemporal, denoisedNonTemporal)
        {
            case (false, false): Dispatch<T, TShape, OrdinaryStores, OrdinaryStores>(k, o, n, options); break;
            case (false, true): Dispatch<T, TShape, OrdinaryStores, NonTemporalStores>(k, o, n, options); break;
            case (true, false): Dispatch<T, TShape, NonTemporalStores, OrdinaryStores>(k, o, n, options); break;
            default: Dispatch<T, TShape, NonTemporalStores, NonTemporalStores>(k, o, n, options); break;
        }
    }

    private static void Dispatch<T, TShape, TStores, TDenoisedStores>(in Coefficients<T> k, in Operands<T> o, long n, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TShape : struct, IConvertingShape
        where TStores : struct, IStorePolicy
        where TDenoisedStores : struct, IStorePolicy
    {
        int chunk = options.EffectiveChunkSize;
        int threads = options.EffectiveDegreeOfParallelism;
        int bits = options.EffectiveVectorBits;
        if (threads <= 1 || n < 2L * chunk)
        {
            Range<T, TShape, TStores, TDenoisedStores>(k, o, 0, n, bits);
            return;
        }

        Job<T, TShape, TStores, TDenoisedStores>.RunPass(k, o, n, bits, chunk, threads);
    }

    private static bool Aliases<T>(T* output, in Operands<T> o)
        where T : unmanaged =>
        output == o.A || output == o.B || (o.E != null && output == o.E) || (o.C != null && output == o.C);

    private static void Range<T, TShape, TStores, TDenoisedStores>(in Coefficients<T> k, in Operands<T> o, long start, long end, int bits)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TShape : struct, IConvertingShape
        where TStores : struct, IStorePolicy
        where TDenoisedStores : struct, IStorePolicy
    {
        if (o.Scaled != null)
        {
            Loop<T, TShape, TStores, TDenoisedStores, WritesScaledOutput>(k, o, start, end, bits);
        }
        else
        {
            Loop<T, TShape, TStores, TDenoisedStores, NoScaledOutput>(k, o, start, end, bits);
        }

        if ((TStores.NonTemporal || TDenoisedStores.NonTemporal) && Sse.IsSupported)
        {
            Sse.StoreFence(); // non-temporal stores are weakly ordered: make them visible before the pass reports done
        }
    }

    /// <summary>Elements [start, end): the widest accelerated vector first, then narrower ones, then scalars.</summary>
    /// <remarks>
    /// As in <c>ElementwiseDriver</c>: the pointers are held in locals and passed to one method per width (so the JIT
    /// keeps the broadcast coefficients in registers), which does two vectors per iteration; the shape and the scaled
    /// output are type parameters, so the loop body has no test. None of this changes a bit: every element gets the
    /// same operations whichever loop computes it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Loop<T, TShape, TStores, TDenoisedStores, TScaled>(Coefficients<T> k, in Operands<T> o, long start, long end, int bits)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TShape : struct, IConvertingShape
        where TStores : struct, IStorePolicy
        where TDenoisedStores : struct, IStorePolicy
        where TScaled : struct, IScaledOutputPolicy
    {
        nint i = (nint)start, n = (nint)end;
        Operands<T> p = o;
        bool wide512 = bits >= 512 && Vector512.IsHardwareAccelerated;
        bool wide256 = bits >= 256 && Vector256.IsHardwareAccelerated;
        bool wide128 = bits >= 128 && Vector128.IsHardwareAccelerated;
        if (TStores.NonTemporal || TDenoisedStores.NonTemporal)
        {
            int alignment = wide512 ? 64 : wide256 ? 32 : 16;
            nint peel = Math.Min(VectorStore.ElementsToAlignment(TStores.NonTemporal ? p.Output + i : p.Denoised + i, alignment), n - i);
            for (nint q = 0; q < peel; q++, i++)
            {
                Scalar<T, TShape, TScaled>(k, p, i);
            }

            nuint mask = (nuint)(alignment - 1);
            bool stateMisaligned = TStores.NonTemporal && (((nuint)(p.Output + i) & mask) != 0 || (TScaled.Writes && ((nuint)(p.Scaled + i) & mask) != 0));
            bool denoisedMisaligned = TDenoisedStores.NonTemporal && ((nuint)(p.Denoised + i) & mask) != 0;
            if (stateMisaligned || denoisedMisaligned)
            {
                Loop<T, TShape, OrdinaryStores, OrdinaryStores, TScaled>(k, o, i, end, bits); // cannot align every such output: ordinary stores
                return;
            }
        }

        if (wide512)
        {
            i = Vector512Loop<T, TShape, TStores, TDenoisedStores, TScaled>(k, p.A, p.B, p.E, p.C, p.Output, p.Denoised, p.Scaled, i, n);
        }

        if (wide256)
        {
            i = Vector256Loop<T, TShape, TStores, TDenoisedStores, TScaled>(k, p.A, p.B, p.E, p.C, p.Output, p.Denoised, p.Scaled, i, n);
        }

        if (wide128)
        {
            i = Vector128Loop<T, TShape, TStores, TDenoisedStores, TScaled>(k, p.A, p.B, p.E, p.C, p.Output, p.Denoised, p.Scaled, i, n);
        }

        for (; i < n; i++)
        {
            Scalar<T, TShape, TScaled>(k, p, i);
        }
    }

    /// <summary>The Vector512 loop over [i, n), two vectors per iteration, then one; returns the first element it did not do.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static nint Vector512Loop<T, TShape, TStores, TDenoisedStores, TScaled>(
        in Coefficients<T> k, T* a, T* b, T* e, T* c, T* output, T* denoised, T* scaledOutput, nint i, nint n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TShape : struct, IConvertingShape
        where TStores : struct, IStorePolicy
        where TDenoisedStores : struct, IStorePolicy
        where TScaled : struct, IScaledOutputPolicy
    {
        Vector512<T> cy = Vector512.Create(k.Cy), cp = Vector512.Create(k.Cp), cq = Vector512.Create(k.Cq);
        Vector512<T> ca = Vector512.Create(k.Ca), cd = Vector512.Create(k.Cd), cc = Vector512.Create(k.Cc), inverse = Vector512.Create(k.InverseScale);
        nint w = Vector512<T>.Count;
        for (; i <= n - (2 * w); i += 2 * w)
        {
            Vector512<T> x0 = Vector512.Load(a + i), x1 = Vector512.Load(a + i + w);
            Vector512<T> d0 = cy * x0, d1 = cy * x1;
            d0 += cp * Vector512.Load(b + i);
            d1 += cp * Vector512.Load(b + i + w);
            if (TShape.SecondPrediction)
            {
                d0 += cq * Vector512.Load(e + i);
                d1 += cq * Vector512.Load(e + i + w);
            }

            Vector512<T> r0 = ca * x0, r1 = ca * x1;
            r0 += cd * d0;
            r1 += cd * d1;
            if (TShape.History)
            {
                r0 += cc * Vector512.Load(c + i);
                r1 += cc * Vector512.Load(c + i + w);
            }

            VectorStore.Store<T, TDenoisedStores>(d0, denoised + i);
            VectorStore.Store<T, TDenoisedStores>(d1, denoised + i + w);
            VectorStore.Store<T, TStores>(r0, output + i);
            VectorStore.Store<T, TStores>(r1, output + i + w);
            if (TScaled.Writes)
            {
                VectorStore.Store<T, TStores>(r0 * inverse, scaledOutput + i);
                VectorStore.Store<T, TStores>(r1 * inverse, scaledOutput + i + w);
            }
        }

        for (; i <= n - w; i += w)
        {
            Vector512<T> x = Vector512.Load(a + i);
            Vector512<T> d = cy * x;
            d += cp * Vector512.Load(b + i);
            if (TShape.SecondPrediction) d += cq * Vector512.Load(e + i);
            Vector512<T> r = ca * x;
            r += cd * d;
            if (TShape.History) r += cc * Vector512.Load(c + i);
            VectorStore.Store<T, TDenoisedStores>(d, denoised + i);
            VectorStore.Store<T, TStores>(r, output + i);
            if (TScaled.Writes) VectorStore.Store<T, TStores>(r * inverse, scaledOutput + i);
        }

        return i;
    }

    /// <summary>The Vector256 loop over [i, n), two vectors per iteration, then one; returns the first element it did not do.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static nint Vector256Loop<T, TShape, TStores, TDenoisedStores, TScaled>(
        in Coefficients<T> k, T* a, T* b, T* e, T* c, T* output, T* denoised, T* scaledOutput, nint i, nint n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TShape : struct, IConvertingShape
        where TStores : struct, IStorePolicy
        where TDenoisedStores : struct, IStorePolicy
        where TScaled : struct, IScaledOutputPolicy
    {
        Vector256<T> cy = Vector256.Create(k.Cy), cp = Vector256.Create(k.Cp), cq = Vector256.Create(k.Cq);
        Vector256<T> ca = Vector256.Create(k.Ca), cd = Vector256.Create(k.Cd), cc = Vector256.Create(k.Cc), inverse = Vector256.Create(k.InverseScale);
        nint w = Vector256<T>.Count;
        for (; i <= n - (2 * w); i += 2 * w)
        {
            Vector256<T> x0 = Vector256.Load(a + i), x1 = Vector256.Load(a + i + w);
            Vector256<T> d0 = cy * x0, d1 = cy * x1;
            d0 += cp * Vector256.Load(b + i);
            d1 += cp * Vector256.Load(b + i + w);
            if (TShape.SecondPrediction)
            {
                d0 += cq * Vector256.Load(e + i);
                d1 += cq * Vector256.Load(e + i + w);
            }

            Vector256<T> r0 = ca * x0, r1 = ca * x1;
            r0 += cd * d0;
            r1 += cd * d1;
            if (TShape.History)
            {
                r0 += cc * Vector256.Load(c + i);
                r1 += cc * Vector256.Load(c + i + w);
            }

            VectorStore.Store<T, TDenoisedStores>(d0, denoised + i);
            VectorStore.Store<T, TDenoisedStores>(d1, denoised + i + w);
            VectorStore.Store<T, TStores>(r0, output + i);
            VectorStore.Store<T, TStores>(r1, output + i + w);
            if (TScaled.Writes)
            {
                VectorStore.Store<T, TStores>(r0 * inverse, scaledOutput + i);
                VectorStore.Store<T, TStores>(r1 * inverse, scaledOutput + i + w);
            }
        }

        for (; i <= n - w; i += w)
        {
            Vector256<T> x = Vector256.Load(a + i);
            Vector256<T> d = cy * x;
            d += cp * Vector256.Load(b + i);
            if (TShape.SecondPrediction) d += cq * Vector256.Load(e + i);
            Vector256<T> r = ca * x;
            r += cd * d;
            if (TShape.History) r += cc * Vector256.Load(c + i);
            VectorStore.Store<T, TDenoisedStores>(d, denoised + i);
            VectorStore.Store<T, TStores>(r, output + i);
            if (TScaled.Writes) VectorStore.Store<T, TStores>(r * inverse, scaledOutput + i);
        }

        return i;
    }

    /// <summary>The Vector128 loop over [i, n), one vector per iteration (it runs only for the last elements or without wider vectors); returns the first element it did not do.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static nint Vector128Loop<T, TShape, TStores, TDenoisedStores, TScaled>(
        in Coefficients<T> k, T* a, T* b, T* e, T* c, T* output, T* denoised, T* scaledOutput, nint i, nint n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TShape : struct, IConvertingShape
        where TStores : struct, IStorePolicy
        where TDenoisedStores : struct, IStorePolicy
        where TScaled : struct, IScaledOutputPolicy
    {
        Vector128<T> cy = Vector128.Create(k.Cy), cp = Vector128.Create(k.Cp), cq = Vector128.Create(k.Cq);
        Vector128<T> ca = Vector128.Create(k.Ca), cd = Vector128.Create(k.Cd), cc = Vector128.Create(k.Cc), inverse = Vector128.Create(k.InverseScale);
        nint w = Vector128<T>.Count;
        for (; i <= n - w; i += w)
        {
            Vector128<T> x = Vector128.Load(a + i);
            Vector128<T> d = cy * x;
            d += cp * Vector128.Load(b + i);
            if (TShape.SecondPrediction) d += cq * Vector128.Load(e + i);
            Vector128<T> r = ca * x;
            r += cd * d;
            if (TShape.History) r += cc * Vector128.Load(c + i);
            VectorStore.Store<T, TDenoisedStores>(d, denoised + i);
            VectorStore.Store<T, TStores>(r, output + i);
            if (TScaled.Writes) VectorStore.Store<T, TStores>(r * inverse, scaledOutput + i);
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scalar<T, TShape, TScaled>(in Coefficients<T> k, in Operands<T> o, nint i)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TShape : struct, IConvertingShape
        where TScaled : struct, IScaledOutputPolicy
    {
        T x = o.A[i];
        T d = k.Cy * x;
        d += k.Cp * o.B[i];
        if (TShape.SecondPrediction) d += k.Cq * o.E[i];
        T r = k.Ca * x;
        r += k.Cd * d;
        if (TShape.History) r += k.Cc * o.C[i];
        o.Denoised[i] = d;
        o.Output[i] = r;
        if (TScaled.Writes) o.Scaled[i] = r * k.InverseScale;
    }

    private static void RequireLength<T>(ReadOnlySpan<T> span, int expected, string name)
    {
        if (span.Length != expected)
        {
            throw new ArgumentException($"Operand '{name}' has {span.Length} elements but the output has {expected}.", name);
        }
    }

    /// <summary>Which optional inputs a converting pass reads, as JIT-time constants.</summary>
    private interface IConvertingShape
    {
        /// <summary>A second prediction e (the guided form: D = cy a + cp b + cq e).</summary>
        static abstract bool SecondPrediction { get; }

        /// <summary>A history term c (out = ca a + cd D + cc c).</summary>
        static abstract bool History { get; }
    }

    private readonly struct OnePrediction : IConvertingShape
    {
        public static bool SecondPrediction => false;
        public static bool History => false;
    }

    private readonly struct OnePredictionWithHistory : IConvertingShape
    {
        public static bool SecondPrediction => false;
        public static bool History => true;
    }

    private readonly struct TwoPredictions : IConvertingShape
    {
        public static bool SecondPrediction => true;
        public static bool History => false;
    }

    private readonly struct TwoPredictionsWithHistory : IConvertingShape
    {
        public static bool SecondPrediction => true;
        public static bool History => true;
    }

    /// <summary>The pass's coefficients, rounded once from double to T.</summary>
    private readonly struct Coefficients<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public readonly T Cy, Cp, Cq, Ca, Cd, Cc, InverseScale;

        public Coefficients(double cy, double cp, double cq, double ca, double cd, double cc, double inverseScale)
        {
            Cy = T.CreateTruncating(cy);
            Cp = T.CreateTruncating(cp);
            Cq = T.CreateTruncating(cq);
            Ca = T.CreateTruncating(ca);
            Cd = T.CreateTruncating(cd);
            Cc = T.CreateTruncating(cc);
            InverseScale = T.CreateTruncating(inverseScale);
        }
    }

    /// <summary>The pass's pointers: x, P, the second prediction and D_previous (null when absent), the state output, D, the scaled output (null when s = 1).</summary>
    private readonly struct Operands<T>(T* a, T* b, T* e, T* c, T* output, T* denoised, T* scaled)
        where T : unmanaged
    {
        public readonly T* A = a, B = b, E = e, C = c, Output = output, Denoised = denoised, Scaled = scaled;
    }

    /// <summary>One pass's arguments as a reusable <see cref="ParallelChunks"/> job (reused per thread through <see cref="ReusableJob{TJob}"/>).</summary>
    private sealed class Job<T, TShape, TStores, TDenoisedStores> : ParallelChunks
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TShape : struct, IConvertingShape
        where TStores : struct, IStorePolicy
        where TDenoisedStores : struct, IStorePolicy
    {
        private Coefficients<T> _coefficients;
        private Operands<T> _operands;
        private long _length;
        private int _bits, _chunk;

        public static void RunPass(in Coefficients<T> k, in Operands<T> o, long length, int bits, int chunk, int threads)
        {
            Job<T, TShape, TStores, TDenoisedStores> job = ReusableJob<Job<T, TShape, TStores, TDenoisedStores>>.Rent();
            job._coefficients = k;
            job._operands = o;
            job._length = length;
            job._bits = bits;
            job._chunk = chunk;
            job.Run((length + chunk - 1) / chunk, threads);
            ReusableJob<Job<T, TShape, TStores, TDenoisedStores>>.Return(job);
        }

        protected override void RunChunk(long index)
        {
            long start = index * _chunk;
            Range<T, TShape, TStores, TDenoisedStores>(_coefficients, _operands, start, Math.Min(start + _chunk, _length), _bits);
        }
    }
}
