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

    /// <summary>
    /// The DRAM-bound size, read from the machine (<see cref="MachineInfo.DramBoundElements"/>): one float stream at least
    /// 8x the last-level cache; 64 Mi elements (256 MiB of floats) with this machine's 32 MiB L3. (Until issue 18 this
    /// was 16 Mi, 64 MiB of floats, which a 300 MiB L3 holds.)
    /// </summary>
    public static int Large => MachineInfo.DramBoundElements;

    /// <summary>
    /// The quick size of the multi-threaded benchmarks: two 64 Ki-element chunks, the smallest tensor the kernels split
    /// across threads (<see cref="Kernels.KernelOptions.ChunkSize"/>).
    /// </summary>
    public static int QuickParallel => 2 * Kernels.KernelOptions.DefaultChunkSize;

    /// <summary>Whether this is a quick (smoke) run: every benchmark once at a small size.</summary>
    public static bool Quick => Environment.GetEnvironmentVariable(QuickVariable) == "1";

    /// <summary>
    /// The environment variable that limits the full run's sizes to the DRAM-bound one ("dram") or to the in-cache ones
    /// ("cache"): the short targeted runs of docs/benchmarks.md's issue 18 section (child benchmark processes inherit it).
    /// </summary>
    public const string SizesVariable = "SDEDSL_BENCHMARKS_SIZES";

    private static bool DramOnly => Environment.GetEnvironmentVariable(SizesVariable) == "dram";

    private static bool CacheOnly => Environment.GetEnvironmentVariable(SizesVariable) == "cache";

    /// <summary>Sizes of the single-threaded step, noise and sampler benchmarks.</summary>
    public static IEnumerable<int> Sizes =>
        Quick ? new[] { Small } : DramOnly ? new[] { Large } : CacheOnly ? new[] { Small, Medium } : new[] { Small, Medium, Large };

    /// <summary>Sizes of the whole-sampler benchmarks: 16 Ki, 1 Mi and 16 Mi (a whole run at the DRAM-bound size takes seconds).</summary>
    public static IEnumerable<int> SamplerSizes => Quick ? new[] { Small } : DramOnly ? new[] { SixteenMi } : CacheOnly ? new[] { Small, Medium } : new[] { Small, Medium, SixteenMi };

    /// <summary>16 Mi elements (64 MiB of floats), the large size before issue 18; the whole-sampler benchmarks keep it.</summary>
    public const int SixteenMi = 16 * 1024 * 1024;

    /// <summary>Sizes of the thread-scaling benchmarks (below two chunks a kernel runs on one thread anyway).</summary>
    public static IEnumerable<int> ParallelSizes => Quick ? new[] { QuickParallel } : DramOnly ? new[] { Large } : CacheOnly ? new[] { Medium } : new[] { Medium, Large };

    /// <summary>One thread and all of them (<see cref="Environment.ProcessorCount"/>).</summary>
    public static IEnumerable<int> Threads => new[] { 1, Environment.ProcessorCount }.Distinct();

    /// <summary>Schedules in the generator benchmarks' compilation.</summary>
    public static IEnumerable<int> ScheduleCounts => Quick ? new[] { 5 } : new[] { 50 };

    /// <summary>Points of the mixture sampler benchmarks (2-D).</summary>
    public static IEnumerable<int> MixturePoints => Quick ? new[] { 500 } : new[] { 4000 };
}
