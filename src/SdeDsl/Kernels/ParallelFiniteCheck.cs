using System;
using System.Numerics;
using System.Threading;

namespace SdeDsl.Kernels;

/// <summary>
/// <see cref="FiniteCheck.IndexOfNonFinite{T}"/> split across cores in the kernels' chunks: each chunk finds its own
/// first NaN or infinity and the smallest index wins, so the answer is the same as the serial scan's whatever the
/// thread count. Tensors shorter than two chunks, or one thread, are scanned on the calling thread. No allocation
/// (each thread's reusable job per element type, as the kernels' <see cref="ParallelChunks"/>).
/// </summary>
internal static unsafe class ParallelFiniteCheck
{
    /// <summary>The index of the first element that is NaN or infinite, or -1.</summary>
    public static int IndexOfNonFinite<T>(ReadOnlySpan<T> values, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int chunk = options.EffectiveChunkSize;
        int threads = options.EffectiveDegreeOfParallelism;
        if (threads <= 1 || values.Length < 2L * chunk)
        {
            return FiniteCheck.IndexOfNonFinite(values);
        }

        fixed (T* p = values)
        {
            return Job<T>.Find(p, values.Length, chunk, threads);
        }
    }

    private sealed class Job<T> : ParallelChunks
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private T* _values;
        private int _length, _chunk;
        private long _first;

        public static int Find(T* values, int length, int chunk, int threads)
        {
            Job<T> job = ReusableJob<Job<T>>.Rent();
            job._values = values;
            job._length = length;
            job._chunk = chunk;
            job._first = long.MaxValue;
            job.Run((length + (long)chunk - 1) / chunk, threads);
            long first = Volatile.Read(ref job._first);
            job._values = null;
            ReusableJob<Job<T>>.Return(job);
            return first == long.MaxValue ? -1 : (int)first;
        }

        protected override void RunChunk(long index)
        {
            int start = (int)(index * _chunk);
            int count = Math.Min(_chunk, _length - start);
            int bad = FiniteCheck.IndexOfNonFinite(new ReadOnlySpan<T>(_values + start, count));
            if (bad < 0)
            {
                return;
            }

            long candidate = start + (long)bad;
            long current = Volatile.Read(ref _first);
            while (candidate < current)
            {
                long seen = Interlocked.CompareExchange(ref _first, candidate, current);
                if (seen == current)
                {
                    return;
                }

                current = seen;
            }
        }
    }
}
