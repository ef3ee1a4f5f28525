using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
/// One loop per width, widest accelerated first (Vector512, Vector256, Vector128; the widest does two vectors per
/// iteration), a scalar tail, ordinary stores or (<c>nonTemporal</c>) non-temporal ones after peeling the output to the
/// vector's alignment: a stage's floor is the faster of the two, so no store policy can flatter a kernel;
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
    /// <param name="nonTemporal">Write <paramref name="dst"/> with non-temporal stores (peeled to the vector's alignment).</param>
    public static void Sum2<T>(T* a, T* b, T* dst, long length, int threads, bool nonTemporal = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Serial(length, threads))
        {
            Sum4Range(a, b, null, null, dst, 0, length, nonTemporal);
            return;
        }

        Sum4Parallel(a, b, null, null, dst, length, threads, nonTemporal);
    }

    /// <summary>dst = a + b + c: 3 reads + 1 write.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="a">First input.</param>
    /// <param name="b">Second input.</param>
    /// <param name="c">Third input.</param>
    /// <param name="dst">Output (may be <paramref name="a"/>).</param>
    /// <param name="length">Elements.</param>
    /// <param name="threads">Threads (1: the calling thread only).</param>
    /// <param name="nonTemporal">Write <paramref name="dst"/> with non-temporal stores (peeled to the vector's alignment).</param>
    public static void Sum3<T>(T* a, T* b, T* c, T* dst, long length, int threads, bool nonTemporal = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Serial(length, threads))
        {
            Sum4Range(a, b, c, null, dst, 0, length, nonTemporal);
            return;
        }

        Sum4Parallel(a, b, c, null, dst, length, threads, nonTemporal);
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
    /// <param name="nonTemporal">Write <paramref name="dst"/> with non-temporal stores (peeled to the vector's alignment).</param>
    public static void Sum4<T>(T* a, T* b, T* c, T* d, T* dst, long length, int threads, bool nonTemporal = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Serial(length, threads))
        {
            Sum4Range(a, b, c, d, dst, 0, length, nonTemporal);
            return;
        }

        Sum4Parallel(a, b, c, d, dst, length, threads, nonTemporal);
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

    /// <summary>The read-only pass on <paramref name="threads"/> threads in the kernels' chunks (the runs' finite checks): 1 read.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="a">The input.</param>
    /// <param name="length">Elements.</param>
    /// <param name="threads">Threads (1: the calling thread only).</param>
    /// <returns>The sum (of each chunk's sum).</returns>
    public static T Read<T>(T* a, long length, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Serial(length, threads))
        {
            return Read(a, length);
        }

        nint pa = (nint)a;
        int chunk = KernelOptions.DefaultChunkSize;
        long chunks = (length + chunk - 1) / chunk;
        var sums = new T[chunks];
        Parallel.For(0L, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, k =>
        {
            long start = k * chunk;
            sums[k] = Read((T*)pa + start, Math.Min(chunk, length - start));
        });
        T sum = T.Zero;
        foreach (T s in sums)
        {
            sum += s;
        }

        return sum;
    }

    /// <summary>dst = a on <paramref name="threads"/> threads, explicit SIMD (the runs' copies): 1 read + 1 write.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="a">The input.</param>
    /// <param name="dst">The output.</param>
    /// <param name="length">Elements.</param>
    /// <param name="threads">Threads (1: the calling thread only).</param>
    /// <param name="nonTemporal">Non-temporal stores.</param>
    public static void Copy<T>(T* a, T* dst, long length, int threads, bool nonTemporal)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Chunked(a, dst, length, threads, nonTemporal, fill: false, T.Zero);

    /// <summary>dst = value on <paramref name="threads"/> threads, explicit SIMD (the runs' poison fills, the free denoiser's write): 1 write.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="dst">The output.</param>
    /// <param name="length">Elements.</param>
    /// <param name="value">The value written.</param>
    /// <param name="threads">Threads (1: the calling thread only).</param>
    /// <param name="nonTemporal">Non-temporal stores.</param>
    public static void Fill<T>(T* dst, long length, T value, int threads, bool nonTemporal)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Chunked(null, dst, length, threads, nonTemporal, fill: true, value);

    private static void Chunked<T>(T* a, T* dst, long length, int threads, bool nonTemporal, bool fill, T value)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Serial(length, threads))
        {
            CopyOrFillRange(a, dst, 0, length, nonTemporal, fill, value);
            return;
        }

        nint pa = (nint)a, pdst = (nint)dst;
        int chunk = KernelOptions.DefaultChunkSize;
        long chunks = (length + chunk - 1) / chunk;
        Parallel.For(0L, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, k =>
        {
            long start = k * chunk;
            CopyOrFillRange((T*)pa, (T*)pdst, start, Math.Min(start + chunk, length), nonTemporal, fill, value);
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyOrFillRange<T>(T* a, T* dst, long start, long end, bool nonTemporal, bool fill, T value)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (nonTemporal)
        {
            CopyOrFillRange<T, NonTemporalStores>(a, dst, (nint)start, (nint)end, fill, value);
            if (Sse.IsSupported)
            {
                Sse.StoreFence();
            }
        }
        else
        {
            CopyOrFillRange<T, OrdinaryStores>(a, dst, (nint)start, (nint)end, fill, value);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyOrFillRange<T, TStores>(T* a, T* dst, nint i, nint n, bool fill, T value)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TStores : struct, IStorePolicy
    {
        const int alignment = 32;
        if (TStores.NonTemporal)
        {
            nint peel = Math.Min(VectorStore.ElementsToAlignment(dst + i, alignment), n - i);
            for (nint k = 0; k < peel; k++, i++)
            {
                dst[i] = fill ? value : a[i];
            }
        }

        if (TStores.NonTemporal && ((nuint)(dst + i) & (alignment - 1)) != 0)
        {
            CopyOrFillRange<T, OrdinaryStores>(a, dst, i, n, fill, value);
            return;
        }

        if (Vector256.IsHardwareAccelerated)
        {
            nint w = Vector256<T>.Count;
            Vector256<T> v = Vector256.Create(value);
            for (; i <= n - (2 * w); i += 2 * w)
            {
                Vector256<T> r0 = fill ? v : Vector256.Load(a + i);
                Vector256<T> r1 = fill ? v : Vector256.Load(a + i + w);
                VectorStore.Store<T, TStores>(r0, dst + i);
                VectorStore.Store<T, TStores>(r1, dst + i + w);
            }
        }

        for (; i < n; i++)
        {
            dst[i] = fill ? value : a[i];
        }
    }

    private static bool Serial(long length, int threads) => threads <= 1 || length < 2L * KernelOptions.DefaultChunkSize;

    /// <summary>Kept apart so the closure is allocated only on the parallel path.</summary>
    private static void Sum4Parallel<T>(T* a, T* b, T* c, T* d, T* dst, long length, int threads, bool nonTemporal)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        nint pa = (nint)a, pb = (nint)b, pc = (nint)c, pd = (nint)d, pdst = (nint)dst;
        int chunk = KernelOptions.DefaultChunkSize;
        long chunks = (length + chunk - 1) / chunk;
        Parallel.For(0L, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, k =>
        {
            long start = k * chunk;
            Sum4Range((T*)pa, (T*)pb, (T*)pc, (T*)pd, (T*)pdst, start, Math.Min(start + chunk, length), nonTemporal);
        });
    }

    /// <summary>dst[i] = a[i] + b[i] (+ c[i]) (+ d[i]) on [start, end); c and d may be null (then not read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sum4Range<T>(T* a, T* b, T* c, T* d, T* dst, long start, long end, bool nonTemporal)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (nonTemporal)
        {
            Sum4Range<T, NonTemporalStores>(a, b, c, d, dst, start, end);
            if (Sse.IsSupported)
            {
                Sse.StoreFence();
            }
        }
        else
        {
            Sum4Range<T, OrdinaryStores>(a, b, c, d, dst, start, end);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sum4Range<T, TStores>(T* a, T* b, T* c, T* d, T* dst, long start, long end)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TStores : struct, IStorePolicy
    {
        if (d != null)
        {
            Sum4Range<T, Four, TStores>(a, b, c, d, dst, (nint)start, (nint)end);
        }
        else if (c != null)
        {
            Sum4Range<T, Three, TStores>(a, b, c, d, dst, (nint)start, (nint)end);
        }
        else
        {
            Sum4Range<T, Two, TStores>(a, b, c, d, dst, (nint)start, (nint)end);
        }
    }

    /// <summary>
    /// The floor loop: the widest accelerated vector, two vectors per iteration, then one, then scalars; with
    /// non-temporal stores the first elements go one by one until <paramref name="dst"/> is aligned to the vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sum4Range<T, TArity, TStores>(T* a, T* b, T* c, T* d, T* dst, nint i, nint n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TArity : struct, IArity
        where TStores : struct, IStorePolicy
    {
        int alignment = Vector512.IsHardwareAccelerated ? 64 : Vector256.IsHardwareAccelerated ? 32 : 16;
        if (TStores.NonTemporal)
        {
            nint peel = Math.Min(VectorStore.ElementsToAlignment(dst + i, alignment), n - i);
            for (nint k = 0; k < peel; k++, i++)
            {
                dst[i] = ScalarSum<T, TArity>(a, b, c, d, i);
            }
        }

        if (TStores.NonTemporal && ((nuint)(dst + i) & (nuint)(alignment - 1)) != 0)
        {
            Sum4Range<T, TArity, OrdinaryStores>(a, b, c, d, dst, i, n); // an output that cannot be aligned: ordinary stores
            return;
        }

        if (Vector512.IsHardwareAccelerated)
        {
            nint w = Vector512<T>.Count;
            for (; i <= n - (2 * w); i += 2 * w)
            {
                Vector512<T> r0 = Vector512.Load(a + i) + Vector512.Load(b + i);
                Vector512<T> r1 = Vector512.Load(a + i + w) + Vector512.Load(b + i + w);
                if (TArity.Inputs >= 3) r0 += Vector512.Load(c + i);
                if (TArity.Inputs >= 3) r1 += Vector512.Load(c + i + w);
                if (TArity.Inputs >= 4) r0 += Vector512.Load(d + i);
                if (TArity.Inputs >= 4) r1 += Vector512.Load(d + i + w);
                VectorStore.Store<T, TStores>(r0, dst + i);
                VectorStore.Store<T, TStores>(r1, dst + i + w);
            }

            for (; i <= n - w; i += w)
            {
                Vector512<T> r = Vector512.Load(a + i) + Vector512.Load(b + i);
                if (TArity.Inputs >= 3) r += Vector512.Load(c + i);
                if (TArity.Inputs >= 4) r += Vector512.Load(d + i);
                VectorStore.Store<T, TStores>(r, dst + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            nint w = Vector256<T>.Count;
            for (; i <= n - (2 * w); i += 2 * w)
            {
                Vector256<T> r0 = Vector256.Load(a + i) + Vector256.Load(b + i);
                Vector256<T> r1 = Vector256.Load(a + i + w) + Vector256.Load(b + i + w);
                if (TArity.Inputs >= 3) r0 += Vector256.Load(c + i);
                if (TArity.Inputs >= 3) r1 += Vector256.Load(c + i + w);
                if (TArity.Inputs >= 4) r0 += Vector256.Load(d + i);
                if (TArity.Inputs >= 4) r1 += Vector256.Load(d + i + w);
                VectorStore.Store<T, TStores>(r0, dst + i);
                VectorStore.Store<T, TStores>(r1, dst + i + w);
            }

            for (; i <= n - w; i += w)
            {
                Vector256<T> r = Vector256.Load(a + i) + Vector256.Load(b + i);
                if (TArity.Inputs >= 3) r += Vector256.Load(c + i);
                if (TArity.Inputs >= 4) r += Vector256.Load(d + i);
                VectorStore.Store<T, TStores>(r, dst + i);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count)
            {
                Vector128<T> r = Vector128.Load(a + i) + Vector128.Load(b + i);
                if (TArity.Inputs >= 3) r += Vector128.Load(c + i);
                if (TArity.Inputs >= 4) r += Vector128.Load(d + i);
                VectorStore.Store<T, TStores>(r, dst + i);
            }
        }

        for (; i < n; i++)
        {
            dst[i] = ScalarSum<T, TArity>(a, b, c, d, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T ScalarSum<T, TArity>(T* a, T* b, T* c, T* d, nint i)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TArity : struct, IArity
    {
        T r = a[i] + b[i];
        if (TArity.Inputs >= 3) r += c[i];
        if (TArity.Inputs >= 4) r += d[i];
        return r;
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
