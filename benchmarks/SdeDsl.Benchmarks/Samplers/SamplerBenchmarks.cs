using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SdeDsl.Benchmarks.Infrastructure;
using SdeDsl.Kernels;
using SdeDsl.Samplers;
using SdeDsl.Schedules;

namespace SdeDsl.Benchmarks.Samplers;

/// <summary>
/// A whole sampler with a denoiser that costs nothing: <c>HeunSampler.Sample</c> on EDM over
/// <c>Edm.DefaultTimes(18)</c> (17 Heun intervals and the final step into sigma = 0: 18 steps, 35 denoiser calls)
/// against the sampler floor, the same passes with the same streams done by floor kernels, the baseline.
/// </summary>
/// <remarks>
/// <para>
/// The passes of one Heun run on EDM (s = 1, so no kernel writes a y = x/s stream), with the default options
/// (NaN/infinity check on, final step into sigma = 0 on), and their floors:
/// </para>
/// <list type="bullet">
/// <item>the working copy of the caller's x: copy, 1 read + 1 write;</item>
/// <item>before each of the 35 denoiser calls the sampler's NaN poison of the output (1 write), and the free
/// denoiser's D = 0 (1 write);</item>
/// <item>per interval, 17 times: check D (1 read), Euler prediction x' = f(x, D) into a separate buffer (2 + 1),
/// check D' (1 read), Heun correction x = f(x, D, x', D') in place (4 + 1);</item>
/// <item>the final step: check D (1 read), x = D (copy, 1 + 1), and the commit to the caller's buffer (copy, 1 + 1).</item>
/// </list>
/// <para>
/// 140 read and 107 written streams in all. The floor runs exactly that sequence with <see cref="Floor"/> (checks as
/// read-only sums, the kernels as sums with the same inputs and outputs, the copies as copies) and with the same
/// thread count as the sampler's kernels (since issue 18 the sampler's copies, poison fills and checks run on those
/// threads too, and so do the floor's and the free denoiser's write), once with ordinary and once with non-temporal
/// stores; the "vs floor" column divides by the faster. Sizes: 16 Ki, 1 Mi and 16 Mi (64 MiB per float stream, twice
/// this machine's 32 MiB L3, five buffers: DRAM-bound here; the 64 Mi size of the step benchmarks would make one run
/// take seconds).
/// </para>
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public unsafe class SamplerBenchmarks
{
    /// <summary>Times in the grid (Heun intervals = GridTimes - 1).</summary>
    public const int GridTimes = 18;

    /// <summary>Heun intervals of the run.</summary>
    public const int Intervals = GridTimes - 1;

    /// <summary>Read streams of one run (see the class remarks).</summary>
    public const int ReadStreams = 1 + Intervals * (1 + 2 + 1 + 4) + 1 + 1 + 1;

    /// <summary>Written streams of one run.</summary>
    public const int WrittenStreams = 1 + Intervals * (2 + 2 + 1 + 1) + 2 + 1 + 1;

    /// <summary>Denoiser calls of one run: 2 per interval and 1 for the final step.</summary>
    public const int DenoiserCalls = 2 * Intervals + 1;

    private readonly double[] _times = Edm.DefaultTimes(GridTimes);
    private NativeBuffer<float> _x = null!, _state = null!, _denoised = null!, _predicted = null!, _denoisedPredicted = null!;
    private SamplingOptions _options = null!;
    private FreeDenoiser _free = null!;

    /// <summary>Elements of the batch.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>Threads of the kernels.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    /// <summary>The sizes (<see cref="BenchmarkSettings.SamplerSizes"/>).</summary>
    public static IEnumerable<int> Sizes => BenchmarkSettings.SamplerSizes;

    /// <summary>The thread counts (<see cref="BenchmarkSettings.Threads"/>).</summary>
    public static IEnumerable<int> ThreadCounts => BenchmarkSettings.Threads;

    /// <summary>Allocates, checks the call count and warms up.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _x = new NativeBuffer<float>(Size, 11);
        _state = new NativeBuffer<float>(Size, 12);
        _denoised = new NativeBuffer<float>(Size, 13);
        _predicted = new NativeBuffer<float>(Size, 14);
        _denoisedPredicted = new NativeBuffer<float>(Size, 15);
        _options = new SamplingOptions { Kernel = new KernelOptions { MaxDegreeOfParallelism = Threads } };
        _free = new FreeDenoiser(_options.Kernel);

        int calls = RunSampler(Size);
        if (calls != DenoiserCalls)
        {
            throw new InvalidOperationException($"HeunSampler made {calls} denoiser calls, the floor assumes {DenoiserCalls}.");
        }

        int prefix = Math.Min(Size, JitWarmup.PrefixLength);
        JitWarmup.Run(() =>
        {
            RunFloor(prefix, nonTemporal: false);
            RunFloor(prefix, nonTemporal: true);
            RunSampler(prefix);
        });
    }

    /// <summary>Frees the buffers.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _x?.Dispose();
        _state?.Dispose();
        _denoised?.Dispose();
        _predicted?.Dispose();
        _denoisedPredicted?.Dispose();
    }

    /// <summary>The sampler floor: the run's passes, each done by its floor, ordinary stores.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("HeunSampler"), Traffic(ReadStreams, WrittenStreams), Floor]
    public float Sampler_Floor() => RunFloor(Size, nonTemporal: false);

    /// <summary>The sampler floor with non-temporal stores.</summary>
    [Benchmark, BenchmarkCategory("HeunSampler"), Traffic(ReadStreams, WrittenStreams), Floor]
    public float Sampler_FloorNonTemporal() => RunFloor(Size, nonTemporal: true);

    /// <summary><c>HeunSampler.Sample</c> with <see cref="FreeDenoiser"/>.</summary>
    [Benchmark, BenchmarkCategory("HeunSampler"), Traffic(ReadStreams, WrittenStreams)]
    public int Sampler_HeunFreeDenoiser() => RunSampler(Size);

    private int RunSampler(int n) => HeunSampler.Sample(default(Edm), _free, _times, _x.Prefix(n), _options);

    private float RunFloor(long n, bool nonTemporal)
    {
        int threads = Threads;
        float* x = _x.Pointer, state = _state.Pointer, d = _denoised.Pointer, p = _predicted.Pointer, dp = _denoisedPredicted.Pointer;
        float checks = 0;
        Floor.Copy(x, state, n, threads, nonTemporal);
        for (int i = 0; i < Intervals; i++)
        {
            PoisonAndDenoise(d, n, threads, nonTemporal);
            checks += Floor.Read(d, n, threads);
            Floor.Sum2(state, d, p, n, threads, nonTemporal);
            PoisonAndDenoise(dp, n, threads, nonTemporal);
            checks += Floor.Read(dp, n, threads);
            Floor.Sum4(state, d, p, dp, state, n, threads, nonTemporal);
        }

        PoisonAndDenoise(d, n, threads, nonTemporal);
        checks += Floor.Read(d, n, threads);
        Floor.Copy(d, state, n, threads, nonTemporal);
        Floor.Copy(state, x, n, threads, nonTemporal);
        return checks;
    }

    /// <summary>The sampler's NaN fill of a denoiser output and the free denoiser's D = 0: two written streams.</summary>
    private static void PoisonAndDenoise(float* output, long n, int threads, bool nonTemporal)
    {
        Floor.Fill(output, n, float.NaN, threads, nonTemporal);
        Floor.Fill(output, n, 0f, threads, nonTemporal);
    }
}
