using System;
using System.Threading;
using System.Threading.Tasks;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using SdeDsl.Tests.TestSchedules;
using Xunit;

namespace SdeDsl.Tests;

/// <summary>The allocation-free parallel pass (<see cref="ParallelChunks"/>): every chunk once, errors surface, no allocation.</summary>
[Collection(AllocationMeasurement.Name)]
public sealed class ParallelChunksTests
{
    private sealed class CountingJob : ParallelChunks
    {
        public int[] Hits = Array.Empty<int>();
        public long Throw = -1;

        protected override void RunChunk(long index)
        {
            if (index == Throw)
            {
                throw new InvalidOperationException($"chunk {index}");
            }

            Interlocked.Increment(ref Hits[index]);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 4)]
    [InlineData(7, 2)]
    [InlineData(1000, 3)]
    [InlineData(5, 64)]
    public void Every_chunk_of_every_pass_runs_exactly_once_when_one_job_runs_pass_after_pass(int chunks, int threads)
    {
        var job = new CountingJob();
        int[][] passes = new int[200][];
        for (int pass = 0; pass < passes.Length; pass++)
        {
            // Work items that start late join a later pass of the job; each pass must still see every chunk once.
            job.Hits = passes[pass] = new int[chunks];
            job.Run(chunks, threads);
            Assert.All(job.Hits, h => Assert.Equal(1, h));
        }

        Thread.Sleep(50); // late work items: nothing may touch a finished pass
        Assert.All(passes, hits => Assert.All(hits, h => Assert.Equal(1, h)));
    }

    [Fact]
    public void An_exception_in_a_chunk_is_rethrown_on_the_caller_after_chunks_in_progress_finish()
    {
        var job = new CountingJob { Hits = new int[500], Throw = 3 };
        var error = Assert.Throws<InvalidOperationException>(() => job.Run(500, 2));
        Assert.Equal("chunk 3", error.Message);
        Assert.All(job.Hits, h => Assert.InRange(h, 0, 1));

        job.Throw = -1;
        job.Hits = new int[500];
        job.Run(500, 2); // the job is usable again after a failed pass
        Assert.All(job.Hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void A_pass_count_outside_the_counter_range_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new CountingJob().Run(0, 2));
        Assert.Equal("count", error.ParamName);
    }

    [Fact]
    public void Concurrent_parallel_passes_from_many_threads_give_the_single_threaded_bits()
    {
        HandVp schedule = default;
        const int length = 20_000;
        float[] x = new float[length], d = new float[length], reference = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = MathF.Sin(i);
            d[i] = MathF.Cos(i);
        }

        var noise = new GaussianNoise(3);
        StepPasses.ReverseSdeEulerMaruyama(schedule, 0.5, 0.45, x, d, noise, 7, reference, default, new KernelOptions { MaxDegreeOfParallelism = 1 });
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            float[] output = new float[length];
            for (int repeat = 0; repeat < 10; repeat++)
            {
                StepPasses.ReverseSdeEulerMaruyama(schedule, 0.5, 0.45, x, d, noise, 7, output, default, new KernelOptions { MaxDegreeOfParallelism = 3, ChunkSize = 640 });
                Assert.Equal(reference, output);
            }
        });
    }

    [Fact]
    public void A_multithreaded_step_allocates_nothing_on_the_calling_thread_once_warm()
    {
        HandVp schedule = default;
        float[] x = new float[8192], d = new float[8192];
        var options = new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 1024 };
        var noise = new GaussianNoise(1);
        for (int i = 0; i < 10; i++)
        {
            StepPasses.EulerOde(schedule, 0.5, 0.45, x, d, x, default, options);
            StepPasses.ReverseSdeEulerMaruyama(schedule, 0.5, 0.45, x, d, noise, 1, x, default, options);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            StepPasses.EulerOde(schedule, 0.5, 0.45, x, d, x, default, options);
            StepPasses.ReverseSdeEulerMaruyama(schedule, 0.5, 0.45, x, d, noise, 1, x, default, options);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Concurrent_warm_passes_of_one_kernel_type_allocate_nothing_on_either_thread()
    {
        // Two callers run passes of the same kernel types at once (one sampler per request, say): each thread keeps
        // its own reusable job, so neither takes a fresh one while the other's pass holds the type's job.
        HandVp schedule = default;
        var options = new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 1024 };
        const int Callers = 2, Passes = 200;
        long[] allocated = new long[Callers];
        using var start = new Barrier(Callers);
        var threads = new Thread[Callers];
        for (int caller = 0; caller < Callers; caller++)
        {
            int index = caller;
            threads[caller] = new Thread(() =>
            {
                float[] x = new float[8192], d = new float[8192], noise = new float[8192];
                var generator = new GaussianNoise((ulong)index + 1);
                void Pass(int i)
                {
                    StepPasses.EulerOde(schedule, 0.5, 0.45, x, d, x, default, options);
                    StepPasses.ReverseSdeEulerMaruyama(schedule, 0.5, 0.45, x, d, generator, (ulong)i, x, default, options);
                    generator.Fill((ulong)i, 0, noise.AsSpan(), options);
                }

                for (int i = 0; i < 10; i++)
                {
                    Pass(i);
                }

                start.SignalAndWait();
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < Passes; i++)
                {
                    Pass(i);
                }

                allocated[index] = GC.GetAllocatedBytesForCurrentThread() - before;
            });
            threads[caller].Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Equal(new long[Callers], allocated);
    }
}
