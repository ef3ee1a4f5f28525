using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SdeDsl.Benchmarks.Infrastructure;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Schedules;

namespace SdeDsl.Benchmarks.Noise;

/// <summary>
/// Issue 18 item 3 on one thread, float, in one class so that every ratio comes from one run: the noise rate
/// (<c>GaussianNoise.Fill</c> against <c>new Random(seed)</c> + Box-Muller, category "Noise") and the noisy steps against
/// the PF-ODE Euler step (category "Steps": Euler-Maruyama, Euler ancestral and EDM churn, each drawing its normals inside
/// the pass, against <c>EulerSampler.Step.Pass</c> over the same two streams).
/// </summary>
/// <remarks>
/// Sizes: 16 Ki (in L1/L2), 1 Mi (in L3) and 64 Mi floats, 256 MiB a stream, at least 4x the 32 MiB L3 of the
/// benchmark machine so the steps are DRAM-bound. Euler, Euler-Maruyama and ancestral read x and D and write x;
/// churn reads x and writes x (its baseline is still Euler: the question is what a noisy step costs next to the
/// deterministic one). Short job (3 warm-ups, 6 iterations) so that the whole class runs in about 4 minutes.
/// </remarks>
[MemoryDiagnoser]
[WarmupCount(3)]
[IterationCount(6)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class NoisyStepBenchmarks
{
    /// <summary>The DRAM-bound size: 64 Mi floats.</summary>
    public const int DramSize = 64 << 20;

    private static readonly KernelOptions OneThread = new() { MaxDegreeOfParallelism = 1 };
    private readonly GaussianNoise _noise = new(seed: 42);
    private readonly Random _seeded = new(42);
    private NativeBuffer<float> _x = null!;
    private NativeBuffer<float> _d = null!;
    private ulong _step;

    /// <summary>Elements per tensor.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>16 Ki, 1 Mi and 64 Mi floats (quick mode: 16 Ki only).</summary>
    public static IEnumerable<int> Sizes => BenchmarkSettings.Quick ? new[] { BenchmarkSettings.Small } : new[] { BenchmarkSettings.Small, BenchmarkSettings.Medium, DramSize };

    /// <summary>Allocates and warms up.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _x = new NativeBuffer<float>(Size, 1);
        _d = new NativeBuffer<float>(Size, 2);
        int n = Math.Min(Size, JitWarmup.PrefixLength);
        JitWarmup.Run(() =>
        {
            _noise.Fill(0, 0, _x.Prefix(n), OneThread);
            FusedPass.Noise(_x.Prefix(n), new NoiseKey(_noise.Seed, 0), 0, 1.0, OneThread);
            UsualWays.FillBoxMuller(_seeded, _x.Prefix(n));
            Euler(n);
            EulerMaruyama(n);
            Ancestral(n);
            Churn(n);
        });
        _x.Span.Fill(1);
    }

    /// <summary>Frees the buffers.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _x?.Dispose();
        _d?.Dispose();
    }

    /// <summary><c>GaussianNoise.Fill&lt;float&gt;</c> (a new stream each call).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Noise"), Normals, Traffic(0, 1)]
    public void Noise_Fill() => _noise.Fill(_step++, 0, _x.Span, OneThread);

    /// <summary>
    /// The same normals through the kernel driver (<c>FusedPass.Noise</c>, out = 1 z from a stack tile), the path
    /// <c>Fill</c> took until round 3 of issue 18 and the samplers' prior still take: Fill / this is the gain of
    /// writing tiles straight into the destination.
    /// </summary>
    [Benchmark, BenchmarkCategory("Noise"), Normals, Traffic(0, 1)]
    public void Noise_FillThroughKernelDriver() => FusedPass.Noise(_x.Span, new NoiseKey(_noise.Seed, _step++), 0, 1.0, OneThread);

    /// <summary><c>new Random(seed)</c> + scalar Box-Muller, the usual C# way.</summary>
    [Benchmark, BenchmarkCategory("Noise"), Normals, Traffic(0, 1)]
    public void Noise_RandomBoxMuller() => UsualWays.FillBoxMuller(_seeded, _x.Span);

    /// <summary>The PF-ODE Euler pass (EDM), x = a x + b D: the baseline of the noisy steps.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Steps"), Traffic(2, 1)]
    public void Step_Euler() => Euler(Size);

    /// <summary>Reverse-SDE Euler-Maruyama (VP), x = a x + b D + c z.</summary>
    [Benchmark, BenchmarkCategory("Steps"), Traffic(2, 1)]
    public void Step_EulerMaruyama() => EulerMaruyama(Size);

    /// <summary>Euler ancestral (VP, eta = 1), x = a x + b D + sigma_up z.</summary>
    [Benchmark, BenchmarkCategory("Steps"), Traffic(2, 1)]
    public void Step_Ancestral() => Ancestral(Size);

    /// <summary>EDM churn (Algorithm 2 lines 5-6), x_hat = x + sqrt(sigma_hat^2 - sigma^2) z.</summary>
    [Benchmark, BenchmarkCategory("Steps"), Traffic(1, 1)]
    public void Step_Churn() => Churn(Size);

    private void Euler(int n)
    {
        StepProblem p = StepProblem.Ode;
        EulerSampler.Step<Edm, float>.Pass(default, p.T, p.TNext, _x.Prefix(n), _d.Prefix(n), _x.Prefix(n), default, OneThread);
    }

    private void EulerMaruyama(int n)
    {
        StepProblem p = StepProblem.Sde;
        EulerMaruyamaSampler.Step<Vp, float>.Pass(default, p.T, p.TNext, _x.Prefix(n), _d.Prefix(n), new NoiseKey(_noise.Seed, _step++), _x.Prefix(n), default, OneThread);
    }

    private void Ancestral(int n)
    {
        StepProblem p = StepProblem.Sde;
        EulerAncestralSampler.Step<Vp, float>.Pass(default, p.T, p.TNext, p.Eta, _x.Prefix(n), _d.Prefix(n), new NoiseKey(_noise.Seed, _step++), _x.Prefix(n), default, OneThread);
    }

    private void Churn(int n)
    {
        StepProblem p = StepProblem.Ode;
        // sigma_hat = 1.1 sigma: t_hat is t scaled the same way for EDM (sigma = t).
        HeunSampler.Step<Edm, float>.ChurnPass(default, p.T, 1.1 * p.T, 1.0, _x.Prefix(n), new NoiseKey(_noise.Seed, _step++), _x.Prefix(n), default, OneThread);
    }
}
