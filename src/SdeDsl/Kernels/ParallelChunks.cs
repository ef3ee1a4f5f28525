using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace SdeDsl.Kernels;

/// <summary>
/// Runs the chunks [0, count) of a pass on the calling thread and up to <c>threads - 1</c> thread-pool work items, all
/// claiming chunks from one shared counter, and returns when every chunk is done. Unlike <c>Parallel.For</c>, nothing is
/// allocated per pass: the job object is itself the work item and is reused for the caller's next pass.
/// </summary>
/// <remarks>
/// <para>The caller always takes part, so a pass completes even if no pool thread is free, and it returns as soon as
/// the chunks are done: it never waits for a work item to start. A work item that starts late joins whatever pass of
/// its job is running then, or leaves; the next pass queues only as many new items as are not already waiting.</para>
/// <para>Claiming is safe across passes because the claim counter carries the pass's generation: a pass ends by
/// closing its generation (the counter jumps past every index) before the caller writes the next pass's arguments, so
/// a claim made against an old generation fails its compare-exchange and never sees half-written arguments. The
/// caller waits for chunks in progress, so no chunk runs after the pass's pinned buffers are released. An exception in
/// a chunk skips the chunks not yet started and is rethrown on the calling thread.</para>
/// </remarks>
internal abstract class ParallelChunks : IThreadPoolWorkItem
{
    private const long Closed = uint.MaxValue;

    private readonly object _gate = new(); // allocated here, so the first pass that has to block allocates nothing
    private volatile bool _finished;
    private long _state = Closed; // generation << 32 | next chunk index
    private long _count, _remaining;
    private int _waiting;
    private volatile bool _failed;
    private ExceptionDispatchInfo? _error;

    /// <summary>Runs chunk <paramref name="index"/> of the current pass.</summary>
    protected abstract void RunChunk(long index);

    /// <summary>Runs every chunk of a pass whose arguments the caller has just set; the caller owns the job.</summary>
    public void Run(long count, int threads)
    {
        if (count <= 0 || count >= uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "A pass has between 1 and 2^32 - 2 chunks.");
        }

        _count = count;
        _remaining = count;
        _failed = false;
        _error = null;
        _finished = false;
        long generation = (Volatile.Read(ref _state) >> 32) + 1;
        Interlocked.Exchange(ref _state, generation << 32); // publishes the arguments above

        int helpers = (int)Math.Min(threads - 1L, count - 1);
        for (int queued = Volatile.Read(ref _waiting); queued < helpers; queued++)
        {
            Interlocked.Increment(ref _waiting);
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        Work();
        WaitUntilFinished();
        Interlocked.Exchange(ref _state, (generation << 32) | Closed);
        _error?.Throw();
    }

    /// <summary>Spins briefly, then blocks on the gate until the last chunk's <see cref="Finish"/>.</summary>
    /// <remarks>
    /// A monitor on an object allocated with the job, not a <c>ManualResetEventSlim</c>: that one creates its lock
    /// object the first time a wait has to block, so a warm job allocated 24 bytes in the first pass whose caller
    /// out-ran its helpers. No wake-up is lost: the finisher sets the flag before it takes the gate, and the waiter
    /// tests it under the gate before it waits.
    /// </remarks>
    private void WaitUntilFinished()
    {
        SpinWait spin = default;
        while (!_finished && !spin.NextSpinWillYield)
        {
            spin.SpinOnce();
        }

        if (_finished)
        {
            return;
        }

        lock (_gate)
        {
            while (!_finished)
            {
                Monitor.Wait(_gate);
            }
        }
    }

    private void Finish()
    {
        _finished = true;
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        Interlocked.Decrement(ref _waiting);
        Work();
    }

    private void Work()
    {
        while (true)
        {
            long state = Volatile.Read(ref _state);
            long index = (uint)state;
            if (index >= Volatile.Read(ref _count))
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) != state)
            {
                continue;
            }

            if (!_failed)
            {
                try
                {
                    RunChunk(index);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
                    _failed = true;
                }
            }

            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                Finish();
            }
        }
    }
}
