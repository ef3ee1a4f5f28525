using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SdeDsl.Benchmarks.Infrastructure;
using SdeDsl.Kernels;

namespace SdeDsl.Benchmarks.Steps;

/// <summary>
/// The issue-18 item-2 targets in one class: Euler, Heun's correction and DPM-Solver++(2M) against both floors of their
/// streams at the DRAM-bound size (<see cref="MachineInfo.DramBoundElements"/>, 64 Mi floats here), on 1 thread and on
/// all cores, float, with the long-iteration job of <see cref="DramJobConfig"/>.
/// </summary>
/// <remarks>
/// Every stage updates x in place, as the samplers do (the kernels' store rule then keeps ordinary stores,
/// <see cref="StoreRule"/>). Each category declares its ordinary floor, its kernel and its non-temporal floor in that
/// order, so BenchmarkDotNet runs the kernel between its two floors, minutes apart at most; the in-process
/// <c>--interleaved</c> mode (<see cref="InterleavedRatios"/>) alternates them round by round and is the finer A/B.
/// </remarks>
[Config(typeof(DramJobConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DramStepBenchmarks
{
    private StepCases<float> _cases = null!;
    private KernelOptions _options;

    /// <summary>Elements per tensor: the DRAM-bound size only.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>Threads: 1 and <see cref="System.Environment.ProcessorCount"/>.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    /// <summary>The DRAM-bound size (quick mode: two chunks).</summary>
    public static IEnumerable<int> Sizes => BenchmarkSettings.Quick ? new[] { BenchmarkSettings.QuickParallel } : new[] { BenchmarkSettings.Large };

    /// <summary>The thread counts (<see cref="BenchmarkSettings.Threads"/>).</summary>
    public static IEnumerable<int> ThreadCounts => BenchmarkSettings.Threads;

    /// <summary>Allocates, checks the kernels against the usual ways on a prefix, warms up.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _cases = new StepCases<float>(Size, withUsualWays: false);
        _options = new KernelOptions { MaxDegreeOfParallelism = Threads };
        int n = System.Math.Min(Size, JitWarmup.PrefixLength);
        JitWarmup.Run(() =>
        {
            _cases.Floor2(n, Threads);
            _cases.Floor2(n, Threads, nonTemporal: true);
            _cases.EulerKernel(n, _options);
            _cases.Floor4(n, Threads);
            _cases.Floor4(n, Threads, nonTemporal: true);
            _cases.HeunKernel(n, _options);
            _cases.Floor3(n, Threads);
            _cases.Floor3(n, Threads, nonTemporal: true);
            _cases.DpmSolverKernel(n, _options);
        });
        _cases.Floor2(Size, Threads); // the parallel path once at full size before timing
        _cases.EulerKernel(Size, _options);
        _cases.X.Fill(1);
    }

    /// <summary>Frees the buffers.</summary>
    [GlobalCleanup]
    public void Cleanup() => _cases?.Dispose();

    /// <summary>Euler's floor, ordinary stores (2 reads + 1 write).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Euler"), Traffic(2, 1), Floor]
    public void Euler_Floor() => _cases.Floor2(Size, Threads);

    /// <summary><c>EulerSampler.Step.Pass</c>, in place, the default store policy.</summary>
    [Benchmark, BenchmarkCategory("Euler"), Traffic(2, 1)]
    public void Euler_SdeDsl() => _cases.EulerKernel(Size, _options);

    /// <summary>Euler's floor, non-temporal stores.</summary>
    [Benchmark, BenchmarkCategory("Euler"), Traffic(2, 1), Floor]
    public void Euler_FloorNonTemporal() => _cases.Floor2(Size, Threads, nonTemporal: true);

    /// <summary>Heun's floor, ordinary stores (4 reads + 1 write).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Heun"), Traffic(4, 1), Floor]
    public void Heun_Floor() => _cases.Floor4(Size, Threads);

    /// <summary><c>HeunSampler.Step.Correction</c>, in place, the default store policy.</summary>
    [Benchmark, BenchmarkCategory("Heun"), Traffic(4, 1)]
    public void Heun_SdeDsl() => _cases.HeunKernel(Size, _options);

    /// <summary>Heun's floor, non-temporal stores.</summary>
    [Benchmark, BenchmarkCategory("Heun"), Traffic(4, 1), Floor]
    public void Heun_FloorNonTemporal() => _cases.Floor4(Size, Threads, nonTemporal: true);

    /// <summary>DPM-Solver++(2M)'s floor, ordinary stores (3 reads + 1 write).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("DpmSolver2M"), Traffic(3, 1), Floor]
    public void DpmSolver2M_Floor() => _cases.Floor3(Size, Threads);

    /// <summary><c>DpmSolverPlusPlus2MSampler.Step.Pass</c>, in place, the default store policy.</summary>
    [Benchmark, BenchmarkCategory("DpmSolver2M"), Traffic(3, 1)]
    public void DpmSolver2M_SdeDsl() => _cases.DpmSolverKernel(Size, _options);

    /// <summary>DPM-Solver++(2M)'s floor, non-temporal stores.</summary>
    [Benchmark, BenchmarkCategory("DpmSolver2M"), Traffic(3, 1), Floor]
    public void DpmSolver2M_FloorNonTemporal() => _cases.Floor3(Size, Threads, nonTemporal: true);
}
