using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Threading.Tasks;
using SdeDsl.Kernels;

namespace SdeDsl.Benchmarks.Infrastructure;

/// <summary>
/// Probes for what separates a kernel from its floor once their loops have the same loads (issue 18 round 4, item 3;
/// <c>--interleaved --probes</c>): the floor's own loop shape (<see cref="Floor"/>, called the same way, on the same
/// buffers, split the same way over threads) with one change each: the kernel's arithmetic (a coefficient multiply per
/// input, dst = c0 a + c1 b (+ c2 c) (+ c3 d), the operation order of <see cref="LinearCombination{T, TShape}"/>), four
/// vectors per iteration instead of two, and software prefetch of every stream a fixed distance ahead.
/// </summary>
/// <remarks>
/// Float, Vector256 only (this machine is AVX2; without Vector256 the probes run their scalar loop), ordinary stores
/// (the in-place passes' policy). Diagnostics, not floors: a probe's ratio to the floor says what that one change costs
/// in the floor's loop, so the kernel's ratio can be split into the arithmetic and the rest.
/// </remarks>
public static unsafe class LoopShapeProbes
{
    /// <summary>What the probe loop does per element besides the floor's adds.</summary>
    public enum Shape
    {
        /// <summary>The floor's sum, four vectors per iteration.</summary>
        SumUnroll4,

        /// <summary>The kernel's weighted sum, two vectors per iteration (the kernel's and the floor's unroll).</summary>
        WeightedUnroll2,

        /// <summary>The kernel's weighted sum, four vectors per iteration.</summary>
        WeightedUnroll4,

        /// <summary>The kernel's weighted sum, two vectors per iteration, each stream prefetched <see cref="PrefetchBytes"/> ahead.</summary>
        WeightedPrefetch,
    }

    /// <summary>The software prefetch distance of <see cref="Shape.WeightedPrefetch"/>: 2 KiB, 32 iterations of 64 bytes per stream.</summary>
    public const int PrefetchBytes = 2048;

    /// <summary>dst = the probe's function of the <paramref name="inputs"/> (2 to 4; dst may be the first) on <paramref name="threads"/> threads.</summary>
    /// <param name="shape">The probe.</param>
    /// <param name="a">First input.</param>
    /// <param name="b">Second input.</param>
    /// <param name="c">Third input (read when <paramref name="inputs"/> &gt;= 3).</param>
    /// <param name="d">Fourth input (read when <paramref name="inputs"/> = 4).</param>
    /// <param name="dst">Output.</param>
    /// <param name="inputs">Input streams, 2 to 4.</param>
    /// <param name="length">Elements.</param>
    /// <param name="threads">Threads, in the kernels' 64 Ki-element chunks through Parallel.For as the floors do.</param>
    public static void Run(Shape shape, float* a, float* b, float* c, float* d, float* dst, int inputs, long length, int threads)
    {
        if (inputs is < 2 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "2 to 4 input streams.");
        }

        if (threads <= 1 || length < 2L * KernelOptions.DefaultChunkSize)
        {
            Range(shape, a, b, c, d, dst, inputs, 0, (nint)length);
            return;
        }

        nint pa = (nint)a, pb = (nint)b, pc = (nint)c, pd = (nint)d, pdst = (nint)dst;
        int chunk = KernelOptions.DefaultChunkSize;
        long chunks = (length + chunk - 1) / chunk;
        Parallel.For(0L, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, k =>
        {
            long start = k * chunk;
            Range(shape, (float*)pa, (float*)pb, (float*)pc, (float*)pd, (float*)pdst, inputs, (nint)start, (nint)Math.Min(start + chunk, length));
        });
    }

    private static void Range(Shape shape, float* a, float* b, float* c, float* d, float* dst, int inputs, nint i, nint n)
    {
        switch ((shape, inputs))
        {
            case (Shape.SumUnroll4, 2): Loop<Two, Sum, Four, NoPrefetch>(a, b, c, d, dst, i, n); break;
            case (Shape.SumUnroll4, 3): Loop<Three, Sum, Four, NoPrefetch>(a, b, c, d, dst, i, n); break;
            case (Shape.SumUnroll4, 4): Loop<Four, Sum, Four, NoPrefetch>(a, b, c, d, dst, i, n); break;
            case (Shape.WeightedUnroll2, 2): Loop<Two, Weighted, Two, NoPrefetch>(a, b, c, d, dst, i, n); break;
            case (Shape.WeightedUnroll2, 3): Loop<Three, Weighted, Two, NoPrefetch>(a, b, c, d, dst, i, n); break;
            case (Shape.WeightedUnroll2, 4): Loop<Four, Weighted, Two, NoPrefetch>(a, b, c, d, dst, i, n); break;
            case (Shape.WeightedUnroll4, 2): Loop<Two, Weighted, Four, NoPrefetch>(a, b, c, d, dst, i, n); break;
            case (Shape.WeightedUnroll4, 3): Loop<Three, Weighted, Four, NoPrefetch>(a, b, c, d, dst, i, n); break;
            case (Shape.WeightedUnroll4, 4): Loop<Four, Weighted, Four, NoPrefetch>(a, b, c, d, dst, i, n); break;
            case (Shape.WeightedPrefetch, 2): Loop<Two, Weighted, Two, Prefetch>(a, b, c, d, dst, i, n); break;
            case (Shape.WeightedPrefetch, 3): Loop<Three, Weighted, Two, Prefetch>(a, b, c, d, dst, i, n); break;
            case (Shape.WeightedPrefetch, 4): Loop<Four, Weighted, Two, Prefetch>(a, b, c, d, dst, i, n); break;
            default: throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown probe.");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Loop<TInputs, TArithmetic, TUnroll, TPrefetch>(float* a, float* b, float* c, float* d, float* dst, nint i, nint n)
        where TInputs : struct, IConstant
        where TArithmetic : struct, IConstant
        where TUnroll : struct, IConstant
        where TPrefetch : struct, IConstant
    {
        const float c0 = 0.75f, c1 = -0.25f, c2 = 0.125f, c3 = 0.375f; // any normal values: the time does not depend on them
        int inputs = TInputs.Value;
        bool weighted = TArithmetic.Value == 1;
        if (TPrefetch.Value == 1 && !Sse.IsSupported)
        {
            throw new PlatformNotSupportedException("The prefetch probe needs SSE.");
        }

        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> v0 = Vector256.Create(c0), v1 = Vector256.Create(c1), v2 = Vector256.Create(c2), v3 = Vector256.Create(c3);
            nint w = Vector256<float>.Count;
            if (TUnroll.Value == 4)
            {
                for (; i <= n - (4 * w); i += 4 * w)
                {
                    Vector256<float> r0 = Vector<TInputs, TArithmetic>(a, b, c, d, i, v0, v1, v2, v3);
                    Vector256<float> r1 = Vector<TInputs, TArithmetic>(a, b, c, d, i + w, v0, v1, v2, v3);
                    Vector256<float> r2 = Vector<TInputs, TArithmetic>(a, b, c, d, i + (2 * w), v0, v1, v2, v3);
                    Vector256<float> r3 = Vector<TInputs, TArithmetic>(a, b, c, d, i + (3 * w), v0, v1, v2, v3);
                    r0.Store(dst + i);
                    r1.Store(dst + i + w);
                    r2.Store(dst + i + (2 * w));
                    r3.Store(dst + i + (3 * w));
                }
            }

            nint ahead = PrefetchBytes / sizeof(float);
            for (; i <= n - (2 * w); i += 2 * w)
            {
                if (TPrefetch.Value == 1)
                {
                    Sse.Prefetch0(a + i + ahead);
                    Sse.Prefetch0(b + i + ahead);
                    if (TInputs.Value >= 3) Sse.Prefetch0(c + i + ahead);
                    if (TInputs.Value >= 4) Sse.Prefetch0(d + i + ahead);
                }

                Vector256<float> r0 = Vector<TInputs, TArithmetic>(a, b, c, d, i, v0, v1, v2, v3);
                Vector256<float> r1 = Vector<TInputs, TArithmetic>(a, b, c, d, i + w, v0, v1, v2, v3);
                r0.Store(dst + i);
                r1.Store(dst + i + w);
            }
        }

        for (; i < n; i++)
        {
            float r = weighted ? (c0 * a[i]) + (c1 * b[i]) : a[i] + b[i];
            if (inputs >= 3) r += weighted ? c2 * c[i] : c[i];
            if (inputs >= 4) r += weighted ? c3 * d[i] : d[i];
            dst[i] = r;
        }
    }

    /// <summary>One vector of the probe, each input loaded at its use (no conditional value between load and use, as in the kernel).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Vector<TInputs, TArithmetic>(
        float* a, float* b, float* c, float* d, nint k, Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3)
        where TInputs : struct, IConstant
        where TArithmetic : struct, IConstant
    {
        Vector256<float> r;
        if (TArithmetic.Value == 1)
        {
            r = v0 * Vector256.Load(a + k);
            r += v1 * Vector256.Load(b + k);
            if (TInputs.Value >= 3) r += v2 * Vector256.Load(c + k);
            if (TInputs.Value >= 4) r += v3 * Vector256.Load(d + k);
        }
        else
        {
            r = Vector256.Load(a + k) + Vector256.Load(b + k);
            if (TInputs.Value >= 3) r += Vector256.Load(c + k);
            if (TInputs.Value >= 4) r += Vector256.Load(d + k);
        }

        return r;
    }

    private interface IConstant
    {
        static abstract int Value { get; }
    }

    private readonly struct Two : IConstant
    {
        public static int Value => 2;
    }

    private readonly struct Three : IConstant
    {
        public static int Value => 3;
    }

    private readonly struct Four : IConstant
    {
        public static int Value => 4;
    }

    private readonly struct Sum : IConstant
    {
        public static int Value => 0;
    }

    private readonly struct Weighted : IConstant
    {
        public static int Value => 1;
    }

    private readonly struct NoPrefetch : IConstant
    {
        public static int Value => 0;
    }

    private readonly struct Prefetch : IConstant
    {
        public static int Value => 1;
    }
}
