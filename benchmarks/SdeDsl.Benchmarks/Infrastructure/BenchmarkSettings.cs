using System;
using System.Collections.Generic;
using System.Linq;

namespace SdeDsl.Benchmarks.Infrastructure;

/// <summary>
/// The parameter values of every benchmark, full or quick. Quick mode (<c>--quick</c>) sets the environment variable
/// <see cref="QuickVariable"/> before any benchmark is built, so it reaches <c>[ParamsSource]</c> in this process and in
/// any benchmark process BenchmarkDotNet starts from it.
/// </summary>
public static class BenchmarkSettings
{
    /// <summary>The environment variable that selects quick mode ("1").</summary>
    public const string QuickVariable = "SDEDSL_BENCHMARKS_QUICK";

    /// <summary>1x4x64x64: 16 Ki elements (64 KiB of floats), in cache.</summary>
    public const int Small = 1 * 4 * 64 * 64;

    /// <summary>16x4x128x128: 1 Mi elements (4 MiB of floats), about the last-level cache.</summary>
    public const int Medium = 16 * 4 * 128 * 128;

    /// <summary>16 Mi elements (64 MiB of floats), far beyond any cache: the memory-bandwidth regime.</summary>
    public const int Large = 16 * 1024 * 1024;

    /// <summary>
    /// The quick size of the multi-threaded benchmarks: two 64 Ki-element chunks, the smallest tensor the kernels split
    /// across threads (<see cref="Kernels.KernelOptions.ChunkSize"/>).
    /// </summary>
    public static int QuickParallel => 2 * Kernels.KernelOptions.DefaultChunkSize;

    /// <summary>Whether this is a quick (smoke) run: every benchmark once at a small size.</summary>
    public static bool Quick => Environment.GetEnvironmentVariable(QuickVariable) == "1";

    /// <summary>Sizes of the single-threaded step, noise and sampler benchmarks.</summary>
    public static IEnumerable<int> Sizes => Quick ? new[] { Small } : new[] { Small, Medium, Large };

    /// <summary>Sizes of the thread-scaling benchmarks (below two chunks a kernel runs on one thread anyway).</summary>
    public static IEnumerable<int> ParallelSizes => Quick ? new[] { QuickParallel } : new[] { Medium, Large };

    /// <summary>One thread and all of them (<see cref="Environment.ProcessorCount"/>).</summary>
    public static IEnumerable<int> Threads => new[] { 1, Environment.ProcessorCount }.Distinct();

    /// <summary>Schedules in the generator benchmarks' compilation.</summary>
    public static IEnumerable<int> ScheduleCounts => Quick ? new[] { 5 } : new[] { 50 };

    /// <summary>Points of the mixture sampler benchmarks (2-D).</summary>
    public static IEnumerable<int> MixturePoints => Quick ? new[] { 500 } : new[] { 4000 };
}
