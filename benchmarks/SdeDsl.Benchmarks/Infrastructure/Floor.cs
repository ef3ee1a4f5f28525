using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;
using SdeDsl.Kernels;

namespace SdeDsl.Benchmarks.Infrastructure;

/// <summary>
/// The memory-bandwidth floors: passes that move exactly the bytes of a step kernel (the same number of read
/// streams and written streams, the same in-place or out-of-place output) and do no arithmetic worth the name, so a
/// kernel's time divided by its floor's time is its distance from the memory-bandwidth limit.
/// </summary>
/// <remarks>
/// <para>
/// <c>Sum2</c> is what <c>TensorPrimitives.Add(a, b, dst)</c> does (2 reads + 1 write: Euler, Euler-Maruyama and
/// ancestral, whose noise is generated, not read), <c>Sum3</c> is 3 reads + 1 write (DPM-Solver++(2M)), <c>Sum4</c>
/// 4 reads + 1 write (Heun's correction), <c>Read</c> one read stream (the samplers' NaN/infinity check) and
/// <c>Copy</c> 1 read + 1 write (the samplers' working copy and commit).
/// </para>
/// <para>
/// One loop per width, widest accelerated first (Vector512, Vector256, Vector128), a scalar tail, ordinary stores;
/// with more than one thread the tensor is split into the same 64 Ki-element chunks as the kernels
/// (<see cref="KernelOptions.DefaultChunkSize"/>), and tensors shorter than two chunks run on the calling thread,
/// exactly as the kernels do. The floors' parallel path uses Parallel.For and allocates its bookkeeping and a
/// closure (about 1.7 KB a pass; the kernels' ParallelChunks allocates nothing), which costs well under a microsecond
/// against passes of 100 us and more; the serial path allocates nothing.
/// </para>
/// </remarks>
public static unsafe class Floor
{
    /// <summary>dst = a + b: 2 reads + 1 write.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="a">First input.</param>
    /// <param name="b">Second input.</param>
    /// <param name="dst">Output (may be <paramref name="a"/>).</param>
    /// <param name="length">Elements.</param>
    /// <param name="threads">Threads (1: the calling thread only).</param>
    public static void Sum2<T>(T* a, T* b, T* dst, long length, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Serial(length, threads))
        {
            Sum4Range(a, b, null, null, dst, 0, length);
            return;
        }

        Sum4Parallel(a, b, null, null, dst, length, threads);
    }

    /// <summary>dst = a + b + c: 3 reads + 1 write.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="a">First input.</param>
    /// <param name="b">Second input.</param>
    /// <param name="c">Third input.</param>
    /// <param name="dst">Output (may be <paramref name="a"/>).</param>
    /// <param name="length">Elements.</param>
    /// <param name="threads">Threads (1: the calling thread only).</param>
    public static void Sum3<T>(T* a, T* b, T* c, T* dst, long length, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Serial(length, threads))
        {
            Sum4Range(a, b, c, null, dst, 0, length);
            return;
        }

        Sum4Parallel(a, b, c, null, dst, length, threads);
    }

    /// <summary>dst = a + b + c + d: 4 reads + 1 write.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="a">First input.</param>
    /// <param name="b">Second input.</param>
    /// <param name="c">Third input.</param>
    /// <param name="d">Fourth input.</param>
    /// <param name="dst">Output (may be <paramref name="a"/>).</param>
    /// <param name="length">Elements.</param>
    /// <param name="threads">Threads (1: the calling thread only).</param>
    public static void Sum4<T>(T* a, T* b, T* c, T* d, T* dst, long length, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Serial(length, threads))
        {
            Sum4Range(a, b, c, d, dst, 0, length);
            return;
        }

        Sum4Parallel(a, b, c, d, dst, length, threads);
    }

    /// <summary>A read-only pass (the sum of the elements, so the reads cannot be optimised away): 1 read.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="a">The input.</param>
    /// <param name="length">Elements.</param>
    /// <returns>The sum.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Read<T>(T* a, long length)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        nint i = 0, n = (nint)length;
        T sum = T.Zero;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            Vector512<T> acc = Vector512<T>.Zero;
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                acc += Vector512.Load(a + i);
            }

            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            Vector256<T> acc = Vector256<T>.Zero;
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                acc += Vector256.Load(a + i);
            }

            sum = Vector256.Sum(acc);
        }
        else if (Vector128.IsHardwareAccelerated && n >= Vector128<T>.Count)
        {
            Vector128<T> acc = Vector128<T>.Zero;
            for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count)
            {
                acc += Vector128.Load(a + i);
            }

            sum = Vector128.Sum(acc);
        }

        for (; i < n; i++)
        {
            sum += a[i];
        }

        return sum;
    }

    /// <summary>dst = a: 1 read + 1 write (<see cref="Span{T}.CopyTo"/>, what the samplers use).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="a">The input.</param>
    /// <param name="dst">The output.</param>
    /// <param name="length">Elements.</param>
    public static void Copy<T>(T* a, T* dst, long length)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => new ReadOnlySpan<T>(a, checked((int)length)).CopyTo(new Span<T>(dst, checked((int)length)));

    private static bool Serial(long length, int threads) => threads <= 1 || length < 2L * KernelOptions.DefaultChunkSize;

    /// <summary>Kept apart so the closure is allocated only on the parallel path.</summary>
    private static void Sum4Parallel<T>(T* a, T* b, T* c, T* d, T* dst, long length, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        nint pa = (nint)a, pb = (nint)b, pc = (nint)c, pd = (nint)d, pdst = (nint)dst;
        int chunk = KernelOptions.DefaultChunkSize;
        long chunks = (length + chunk - 1) / chunk;
        Parallel.For(0L, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, k =>
        {
            long start = k * chunk;
            Sum4Range((T*)pa, (T*)pb, (T*)pc, (T*)pd, (T*)pdst, start, Math.Min(start + chunk, length));
        });
    }

    /// <summary>dst[i] = a[i] + b[i] (+ c[i]) (+ d[i]) on [start, end); c and d may be null (then not read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sum4Range<T>(T* a, T* b, T* c, T* d, T* dst, long start, long end)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (d != null)
        {
            Sum4Range<T, Four>(a, b, c, d, dst, (nint)start, (nint)end);
        }
        else if (c != null)
        {
            Sum4Range<T, Three>(a, b, c, d, dst, (nint)start, (nint)end);
        }
        else
        {
            Sum4Range<T, Two>(a, b, c, d, dst, (nint)start, (nint)end);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sum4Range<T, TArity>(T* a, T* b, T* c, T* d, T* dst, nint i, nint n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TArity : struct, IArity
    {
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                Vector512<T> r = Vector512.Load(a + i) + Vector512.Load(b + i);
                if (TArity.Inputs >= 3) r += Vector512.Load(c + i);
                if (TArity.Inputs >= 4) r += Vector512.Load(d + i);
                r.Store(dst + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                Vector256<T> r = Vector256.Load(a + i) + Vector256.Load(b + i);
                if (TArity.Inputs >= 3) r += Vector256.Load(c + i);
                if (TArity.Inputs >= 4) r += Vector256.Load(d + i);
                r.Store(dst + i);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count)
            {
                Vector128<T> r = Vector128.Load(a + i) + Vector128.Load(b + i);
                if (TArity.Inputs >= 3) r += Vector128.Load(c + i);
                if (TArity.Inputs >= 4) r += Vector128.Load(d + i);
                r.Store(dst + i);
            }
        }

        for (; i < n; i++)
        {
            T r = a[i] + b[i];
            if (TArity.Inputs >= 3) r += c[i];
            if (TArity.Inputs >= 4) r += d[i];
            dst[i] = r;
        }
    }

    /// <summary>The number of inputs, a JIT-time constant.</summary>
    private interface IArity
    {
        static abstract int Inputs { get; }
    }

    private readonly struct Two : IArity
    {
        public static int Inputs => 2;
    }

    private readonly struct Three : IArity
    {
        public static int Inputs => 3;
    }

    private readonly struct Four : IArity
    {
        public static int Inputs => 4;
    }
}
