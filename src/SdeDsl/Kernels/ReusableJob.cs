using System;
using System.Threading;

namespace SdeDsl.Kernels;

/// <summary>
/// The reusable <see cref="ParallelChunks"/> jobs of one job type: each thread keeps its own, so a warm pass allocates
/// nothing however many threads run passes of that type at once. A job rented while the thread's own is out (a pass
/// started inside a pass) comes from one shared spare, else is new; it is kept as the spare when returned.
/// </summary>
/// <typeparam name="TJob">The job type; its arguments are set by the renter and cleared before it is returned.</typeparam>
internal static class ReusableJob<TJob>
    where TJob : ParallelChunks, new()
{
    [ThreadStatic]
    private static TJob? t_own;

    private static TJob? s_spare;

    /// <summary>Takes this thread's job, else the shared spare, else a new one; the caller owns it until <see cref="Return"/>.</summary>
    public static TJob Rent()
    {
        TJob? job = t_own;
        if (job is not null)
        {
            t_own = null;
            return job;
        }

        return Interlocked.Exchange(ref s_spare, null) ?? new TJob();
    }

    /// <summary>Gives a job back: it becomes this thread's own if that slot is empty, else the shared spare.</summary>
    public static void Return(TJob job)
    {
        if (t_own is null)
        {
            t_own = job;
        }
        else
        {
            Volatile.Write(ref s_spare, job);
        }
    }
}
