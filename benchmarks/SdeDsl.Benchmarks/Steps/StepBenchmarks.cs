using System.Collections.Generic;
using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SdeDsl.Benchmarks.Infrastructure;
using SdeDsl.Kernels;

namespace SdeDsl.Benchmarks.Steps;

/// <summary>
/// One step stage on one thread: the SdeDsl kernel against its memory-bandwidth floor (the baseline of each category,
/// so the Ratio column is the distance from the bandwidth limit) and against the usual C# ways of writing the same
/// step (composed TensorPrimitives calls with temporaries, a scalar loop, System.Random + Box-Muller).
/// </summary>
/// <remarks>
/// Every stage updates x in place and the kernels get an empty yNext, so kernel and floor move the same streams:
/// Euler, Euler-Maruyama and ancestral 2 reads + 1 write (their noise is generated in the pass, not read),
/// DPM-Solver++(2M) 3 + 1, Heun's correction 4 + 1. The setup checks that every comparison computes the kernel's step
/// (<see cref="StepCases{T}.CheckUsualWaysAgreeWithKernels"/>) and primes the JIT (<see cref="JitWarmup"/>).
/// Sizes: 1x4x64x64 (in cache), 16x4x128x128 and 16 Mi elements (memory-bound).
/// </remarks>
/// <typeparam name="T">float or double.</typeparam>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class StepBenchmarks<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private static readonly KernelOptions OneThread = new() { MaxDegreeOfParallelism = 1 };
    private static readonly KernelOptions OneThreadOrdinaryStores = new() { MaxDegreeOfParallelism = 1, ForceNonTemporal = false };
    private StepCases<T> _cases = null!;

    /// <summary>Elements per tensor.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>The sizes (<see cref="BenchmarkSettings.Sizes"/>).</summary>
    public static IEnumerable<int> Sizes => BenchmarkSettings.Sizes;

    /// <summary>Allocates, checks and warms up.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _cases = new StepCases<T>(Size, withUsualWays: true);
        _cases.CheckUsualWaysAgreeWithKernels();
        int n = System.Math.Min(Size, JitWarmup.PrefixLength);
        JitWarmup.Run(() =>
        {
            _cases.EulerFloorTensorPrimitives(n);
            _cases.EulerKernel(n, OneThread);
            _cases.EulerKernel(n, OneThreadOrdinaryStores);
            _cases.EulerEpsilonFused(n, OneThread);
            _cases.EulerEpsilonConvertThenStep(n, OneThread);
            _cases.HeunKernel(n, OneThreadOrdinaryStores);
            _cases.DpmSolverKernel(n, OneThreadOrdinaryStores);
            _cases.EulerComposed(n);
            _cases.EulerScalar(n);
            _cases.Floor2(n, 1);
            _cases.Floor2(n, 1, nonTemporal: true);
            _cases.Floor3(n, 1, nonTemporal: true);
            _cases.Floor4(n, 1, nonTemporal: true);
            _cases.Floor4(n, 1);
            _cases.HeunKernel(n, OneThread);
            _cases.HeunComposed(n);
            _cases.HeunScalar(n);
            _cases.Floor2(n, 1);
            _cases.EulerMaruyamaKernel(n, OneThread);
            _cases.EulerMaruyamaRandom(n);
            _cases.AncestralKernel(n, OneThread);
            _cases.AncestralRandom(n);
            _cases.Floor3(n, 1);
            _cases.DpmSolverKernel(n, OneThread);
            _cases.DpmSolverComposed(n);
            _cases.DpmSolverScalar(n);
            _cases.HeunEpsilonFused(n, OneThread);
            _cases.HeunEpsilonConvertThenStep(n, OneThread);
            _cases.DpmSolverEpsilonFused(n, OneThread);
            _cases.DpmSolverEpsilonConvertThenStep(n, OneThread);
            _cases.FloorThreeTwo(n);
            _cases.FloorThreeTwo(n, nonTemporal: true);
            _cases.EulerGuidedFused(n, OneThread);
            _cases.EulerGuidedCombineThenStep(n, OneThread);
        });
        _cases.X.Fill(1);
    }

    /// <summary>Frees the buffers.</summary>
    [GlobalCleanup]
    public void Cleanup() => _cases?.Dispose();

    /// <summary>Euler's floor with ordinary stores: x = x + d (2 reads + 1 write).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Euler"), Traffic(2, 1), Floor]
    public void Euler_Floor() => _cases.Floor2(Size, 1);

    /// <summary>Euler's floor with non-temporal stores.</summary>
    [Benchmark, BenchmarkCategory("Euler"), Traffic(2, 1), Floor]
    public void Euler_FloorNonTemporal() => _cases.Floor2(Size, 1, nonTemporal: true);

    /// <summary><c>TensorPrimitives.Add(x, d, x)</c>, the floor before issue 18 (non-temporal stores above 256 KiB when it can align).</summary>
    [Benchmark, BenchmarkCategory("Euler"), Traffic(2, 1)]
    public void Euler_TensorPrimitivesAdd() => _cases.EulerFloorTensorPrimitives(Size);

    /// <summary>PF-ODE Euler, <c>EulerSampler.Step.Pass</c>.</summary>
    [Benchmark, BenchmarkCategory("Euler"), Traffic(2, 1)]
    public void Euler_SdeDsl() => _cases.EulerKernel(Size, OneThread);

    /// <summary>The same kernel forced to ordinary stores (for this in-place pass the default, <see cref="SdeDsl.Kernels.StoreRule"/>, chooses them too; until issue 18 round 3 it chose non-temporal ones above the last-level cache).</summary>
    [Benchmark, BenchmarkCategory("Euler"), Traffic(2, 1)]
    public void Euler_SdeDslOrdinaryStores() => _cases.EulerKernel(Size, OneThreadOrdinaryStores);

    /// <summary>Euler on an epsilon model, conversion fused into the pass: x and eps read, x written (the Euler floor's streams).</summary>
    [Benchmark, BenchmarkCategory("Euler"), Traffic(2, 1)]
    public void Euler_EpsilonFused() => _cases.EulerEpsilonFused(Size, OneThread);

    /// <summary>Euler on an epsilon model, unfused: D = y - sigma eps in its own pass, then the Euler pass (4 reads + 2 writes).</summary>
    [Benchmark, BenchmarkCategory("Euler"), Traffic(4, 2)]
    public void Euler_EpsilonConvertThenStep() => _cases.EulerEpsilonConvertThenStep(Size, OneThread);

    /// <summary>PF-ODE Euler composed of TensorPrimitives calls.</summary>
    [Benchmark, BenchmarkCategory("Euler"), Traffic(2, 1)]
    public void Euler_TensorPrimitivesComposed() => _cases.EulerComposed(Size);

    /// <summary>PF-ODE Euler as a scalar loop.</summary>
    [Benchmark, BenchmarkCategory("Euler"), Traffic(2, 1)]
    public void Euler_ScalarLoop() => _cases.EulerScalar(Size);

    /// <summary>Heun's floor: x = x + d + x' + d' (4 reads + 1 write).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Heun"), Traffic(4, 1), Floor]
    public void Heun_Floor() => _cases.Floor4(Size, 1);

    /// <summary>The same floor with non-temporal stores.</summary>
    [Benchmark, BenchmarkCategory("Heun"), Traffic(4, 1), Floor]
    public void Heun_FloorNonTemporal() => _cases.Floor4(Size, 1, nonTemporal: true);

    /// <summary>Heun's correction, <c>HeunSampler.Step.Correction</c>.</summary>
    [Benchmark, BenchmarkCategory("Heun"), Traffic(4, 1)]
    public void Heun_SdeDsl() => _cases.HeunKernel(Size, OneThread);

    /// <summary>The same kernel forced to ordinary stores (for this in-place pass the default, <see cref="SdeDsl.Kernels.StoreRule"/>, chooses them too; until issue 18 round 3 it chose non-temporal ones above the last-level cache).</summary>
    [Benchmark, BenchmarkCategory("Heun"), Traffic(4, 1)]
    public void Heun_SdeDslOrdinaryStores() => _cases.HeunKernel(Size, OneThreadOrdinaryStores);

    /// <summary>Heun's correction on an epsilon model, both conversions fused: x, P1, x', P2 read, x written (Heun's floor's streams).</summary>
    [Benchmark, BenchmarkCategory("Heun"), Traffic(4, 1)]
    public void Heun_EpsilonFused() => _cases.HeunEpsilonFused(Size, OneThread);

    /// <summary>Heun's correction on an epsilon model, unfused: D2 = x' - sigma' eps2 in its own pass, then the correction (6 reads + 2 writes).</summary>
    [Benchmark, BenchmarkCategory("Heun"), Traffic(6, 2)]
    public void Heun_EpsilonConvertThenStep() => _cases.HeunEpsilonConvertThenStep(Size, OneThread);

    /// <summary>Heun's correction composed of TensorPrimitives calls.</summary>
    [Benchmark, BenchmarkCategory("Heun"), Traffic(4, 1)]
    public void Heun_TensorPrimitivesComposed() => _cases.HeunComposed(Size);

    /// <summary>Heun's correction as a scalar loop.</summary>
    [Benchmark, BenchmarkCategory("Heun"), Traffic(4, 1)]
    public void Heun_ScalarLoop() => _cases.HeunScalar(Size);

    /// <summary>Euler-Maruyama's floor: x = x + d (2 reads + 1 write).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("EulerMaruyama"), Traffic(2, 1), Floor]
    public void EulerMaruyama_Floor() => _cases.Floor2(Size, 1);

    /// <summary>The same floor with non-temporal stores.</summary>
    [Benchmark, BenchmarkCategory("EulerMaruyama"), Traffic(2, 1), Floor]
    public void EulerMaruyama_FloorNonTemporal() => _cases.Floor2(Size, 1, nonTemporal: true);

    /// <summary>Reverse-SDE Euler-Maruyama with in-kernel noise, <c>EulerMaruyamaSampler.Step.Pass</c>.</summary>
    [Benchmark, BenchmarkCategory("EulerMaruyama"), Traffic(2, 1)]
    public void EulerMaruyama_SdeDsl() => _cases.EulerMaruyamaKernel(Size, OneThread);

    /// <summary>System.Random + Box-Muller into a buffer, then the composed update.</summary>
    [Benchmark, BenchmarkCategory("EulerMaruyama"), Traffic(2, 1)]
    public void EulerMaruyama_RandomBoxMuller() => _cases.EulerMaruyamaRandom(Size);

    /// <summary>Ancestral's floor: x = x + d (2 reads + 1 write).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Ancestral"), Traffic(2, 1), Floor]
    public void Ancestral_Floor() => _cases.Floor2(Size, 1);

    /// <summary>The same floor with non-temporal stores.</summary>
    [Benchmark, BenchmarkCategory("Ancestral"), Traffic(2, 1), Floor]
    public void Ancestral_FloorNonTemporal() => _cases.Floor2(Size, 1, nonTemporal: true);

    /// <summary>Euler ancestral (eta = 1) with in-kernel noise, <c>EulerAncestralSampler.Step.Pass</c>.</summary>
    [Benchmark, BenchmarkCategory("Ancestral"), Traffic(2, 1)]
    public void Ancestral_SdeDsl() => _cases.AncestralKernel(Size, OneThread);

    /// <summary>System.Random + Box-Muller into a buffer, then the composed update.</summary>
    [Benchmark, BenchmarkCategory("Ancestral"), Traffic(2, 1)]
    public void Ancestral_RandomBoxMuller() => _cases.AncestralRandom(Size);

    /// <summary>DPM-Solver++(2M)'s floor: x = x + d + d_previous (3 reads + 1 write).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("DpmSolver2M"), Traffic(3, 1), Floor]
    public void DpmSolver2M_Floor() => _cases.Floor3(Size, 1);

    /// <summary>The same floor with non-temporal stores.</summary>
    [Benchmark, BenchmarkCategory("DpmSolver2M"), Traffic(3, 1), Floor]
    public void DpmSolver2M_FloorNonTemporal() => _cases.Floor3(Size, 1, nonTemporal: true);

    /// <summary>DPM-Solver++(2M), <c>DpmSolverPlusPlus2MSampler.Step.Pass</c>.</summary>
    [Benchmark, BenchmarkCategory("DpmSolver2M"), Traffic(3, 1)]
    public void DpmSolver2M_SdeDsl() => _cases.DpmSolverKernel(Size, OneThread);

    /// <summary>The same kernel forced to ordinary stores (for this in-place pass the default, <see cref="SdeDsl.Kernels.StoreRule"/>, chooses them too; until issue 18 round 3 it chose non-temporal ones above the last-level cache).</summary>
    [Benchmark, BenchmarkCategory("DpmSolver2M"), Traffic(3, 1)]
    public void DpmSolver2M_SdeDslOrdinaryStores() => _cases.DpmSolverKernel(Size, OneThreadOrdinaryStores);

    /// <summary>DPM-Solver++(2M) composed of TensorPrimitives calls.</summary>
    [Benchmark, BenchmarkCategory("DpmSolver2M"), Traffic(3, 1)]
    public void DpmSolver2M_TensorPrimitivesComposed() => _cases.DpmSolverComposed(Size);

    /// <summary>DPM-Solver++(2M) as a scalar loop.</summary>
    [Benchmark, BenchmarkCategory("DpmSolver2M"), Traffic(3, 1)]
    public void DpmSolver2M_ScalarLoop() => _cases.DpmSolverScalar(Size);

    /// <summary>The fused epsilon DPM-Solver++(2M) step's floor with ordinary stores: x = x + P + D_previous, D = x + P (3 reads + 2 writes).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("DpmSolver2MEpsilon"), Traffic(3, 2), Floor]
    public void DpmSolver2MEpsilon_Floor() => _cases.FloorThreeTwo(Size);

    /// <summary>The same floor with non-temporal stores.</summary>
    [Benchmark, BenchmarkCategory("DpmSolver2MEpsilon"), Traffic(3, 2), Floor]
    public void DpmSolver2MEpsilon_FloorNonTemporal() => _cases.FloorThreeTwo(Size, nonTemporal: true);

    /// <summary>DPM-Solver++(2M) on an epsilon model, conversion fused (<c>PassOnPrediction</c>): x, eps, D_previous read; x and D written.</summary>
    [Benchmark, BenchmarkCategory("DpmSolver2MEpsilon"), Traffic(3, 2)]
    public void DpmSolver2M_EpsilonFused() => _cases.DpmSolverEpsilonFused(Size, OneThread);

    /// <summary>DPM-Solver++(2M) on an epsilon model, unfused: D = x - sigma eps in its own pass, then the step (5 reads + 2 writes).</summary>
    [Benchmark, BenchmarkCategory("DpmSolver2MEpsilon"), Traffic(5, 2)]
    public void DpmSolver2M_EpsilonConvertThenStep() => _cases.DpmSolverEpsilonConvertThenStep(Size, OneThread);

    /// <summary>The guided Euler step's floor with ordinary stores (3 reads + 1 write: x, P_u, P_c; issue 18 item 5, round 4).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("EulerGuided"), Traffic(3, 1), Floor]
    public void EulerGuided_Floor() => _cases.Floor3(Size, 1);

    /// <summary>The same floor with non-temporal stores.</summary>
    [Benchmark, BenchmarkCategory("EulerGuided"), Traffic(3, 1), Floor]
    public void EulerGuided_FloorNonTemporal() => _cases.Floor3(Size, 1, nonTemporal: true);

    /// <summary>Euler on a guided epsilon model, the combine folded into the step (<c>PassOnGuidedPredictions</c>): x, P_u, P_c read, x written.</summary>
    [Benchmark, BenchmarkCategory("EulerGuided"), Traffic(3, 1)]
    public void EulerGuided_Fused() => _cases.EulerGuidedFused(Size, OneThread);

    /// <summary>Euler on a guided epsilon model, unfused: the adapter's combine into D, then the step (5 reads + 2 writes).</summary>
    [Benchmark, BenchmarkCategory("EulerGuided"), Traffic(5, 2)]
    public void EulerGuided_CombineThenStep() => _cases.EulerGuidedCombineThenStep(Size, OneThread);
}
