using System.Collections.Generic;
using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SdeDsl.Benchmarks.Infrastructure;
using SdeDsl.Kernels;

namespace SdeDsl.Benchmarks.Steps;

/// <summary>
/// Thread scaling: each SdeDsl kernel and its floor on one thread and on all cores
/// (<c>KernelOptions { MaxDegreeOfParallelism = Threads }</c>; the floor splits into the same 64 Ki-element chunks), at
/// the sizes where the kernels split the work. Compare a kernel's mean across the Threads values for its speed-up,
/// and its Ratio for how close each thread count comes to the bandwidth the same threads can draw.
/// </summary>
/// <remarks>The same stages, schedules and streams as <see cref="StepBenchmarks{T}"/>.</remarks>
/// <typeparam name="T">float or double.</typeparam>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ParallelStepBenchmarks<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private StepCases<T> _cases = null!;
    private KernelOptions _options;

    /// <summary>Elements per tensor.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>Threads: 1 and <see cref="System.Environment.ProcessorCount"/>.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    /// <summary>The sizes (<see cref="BenchmarkSettings.ParallelSizes"/>).</summary>
    public static IEnumerable<int> Sizes => BenchmarkSettings.ParallelSizes;

    /// <summary>The thread counts (<see cref="BenchmarkSettings.Threads"/>).</summary>
    public static IEnumerable<int> ThreadCounts => BenchmarkSettings.Threads;

    /// <summary>Allocates and warms up.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _cases = new StepCases<T>(Size, withUsualWays: false);
        _options = new KernelOptions { MaxDegreeOfParallelism = Threads };
        int n = System.Math.Min(Size, JitWarmup.PrefixLength);
        JitWarmup.Run(() =>
        {
            _cases.Floor2(n, Threads);
            _cases.EulerKernel(n, _options);
            _cases.Floor4(n, Threads);
            _cases.HeunKernel(n, _options);
            _cases.EulerMaruyamaKernel(n, _options);
            _cases.AncestralKernel(n, _options);
            _cases.Floor3(n, Threads);
            _cases.Floor2(n, Threads, nonTemporal: true);
            _cases.Floor3(n, Threads, nonTemporal: true);
            _cases.Floor4(n, Threads, nonTemporal: true);
            _cases.DpmSolverKernel(n, _options);
        });

        // Once at full size, so the parallel path (ParallelChunks on the thread pool) is exercised before timing.
        _cases.Floor2(Size, Threads);
        _cases.EulerKernel(Size, _options);
        _cases.X.Fill(1);
    }

    /// <summary>Frees the buffers.</summary>
    [GlobalCleanup]
    public void Cleanup() => _cases?.Dispose();

    /// <summary>2 + 1 floor on <see cref="Threads"/> threads.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Euler"), Traffic(2, 1), Floor]
    public void Euler_Floor() => _cases.Floor2(Size, Threads);

    /// <summary>The same floor with non-temporal stores.</summary>
    [Benchmark, BenchmarkCategory("Euler"), Traffic(2, 1), Floor]
    public void Euler_FloorNonTemporal() => _cases.Floor2(Size, Threads, nonTemporal: true);

    /// <summary><c>EulerSampler.Step.Pass</c>.</summary>
    [Benchmark, BenchmarkCategory("Euler"), Traffic(2, 1)]
    public void Euler_SdeDsl() => _cases.EulerKernel(Size, _options);

    /// <summary>4 + 1 floor.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Heun"), Traffic(4, 1), Floor]
    public void Heun_Floor() => _cases.Floor4(Size, Threads);

    /// <summary>The same floor with non-temporal stores.</summary>
    [Benchmark, BenchmarkCategory("Heun"), Traffic(4, 1), Floor]
    public void Heun_FloorNonTemporal() => _cases.Floor4(Size, Threads, nonTemporal: true);

    /// <summary><c>HeunSampler.Step.Correction</c>.</summary>
    [Benchmark, BenchmarkCategory("Heun"), Traffic(4, 1)]
    public void Heun_SdeDsl() => _cases.HeunKernel(Size, _options);

    /// <summary>2 + 1 floor.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("EulerMaruyama"), Traffic(2, 1), Floor]
    public void EulerMaruyama_Floor() => _cases.Floor2(Size, Threads);

    /// <summary>The same floor with non-temporal stores.</summary>
    [Benchmark, BenchmarkCategory("EulerMaruyama"), Traffic(2, 1), Floor]
    public void EulerMaruyama_FloorNonTemporal() => _cases.Floor2(Size, Threads, nonTemporal: true);

    /// <summary><c>EulerMaruyamaSampler.Step.Pass</c>.</summary>
    [Benchmark, BenchmarkCategory("EulerMaruyama"), Traffic(2, 1)]
    public void EulerMaruyama_SdeDsl() => _cases.EulerMaruyamaKernel(Size, _options);

    /// <summary>2 + 1 floor.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Ancestral"), Traffic(2, 1), Floor]
    public void Ancestral_Floor() => _cases.Floor2(Size, Threads);

    /// <summary>The same floor with non-temporal stores.</summary>
    [Benchmark, BenchmarkCategory("Ancestral"), Traffic(2, 1), Floor]
    public void Ancestral_FloorNonTemporal() => _cases.Floor2(Size, Threads, nonTemporal: true);

    /// <summary><c>EulerAncestralSampler.Step.Pass</c>.</summary>
    [Benchmark, BenchmarkCategory("Ancestral"), Traffic(2, 1)]
    public void Ancestral_SdeDsl() => _cases.AncestralKernel(Size, _options);

    /// <summary>3 + 1 floor.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("DpmSolver2M"), Traffic(3, 1), Floor]
    public void DpmSolver2M_Floor() => _cases.Floor3(Size, Threads);

    /// <summary>The same floor with non-temporal stores.</summary>
    [Benchmark, BenchmarkCategory("DpmSolver2M"), Traffic(3, 1), Floor]
    public void DpmSolver2M_FloorNonTemporal() => _cases.Floor3(Size, Threads, nonTemporal: true);

    /// <summary><c>DpmSolverPlusPlus2MSampler.Step.Pass</c>.</summary>
    [Benchmark, BenchmarkCategory("DpmSolver2M"), Traffic(3, 1)]
    public void DpmSolver2M_SdeDsl() => _cases.DpmSolverKernel(Size, _options);
}
