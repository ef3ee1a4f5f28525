using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SdeDsl.Benchmarks.Infrastructure;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Schedules;

namespace SdeDsl.Benchmarks.Steps;

/// <summary>
/// The generated step kernels against the generic path (docs/math.md §17). Coefficients: one call per step of a
/// 1000-step grid (the schedule-specific half, all a kernel computes per step besides its pass), for EDM, VP and cosine.
/// Passes: the Euler and Euler-Maruyama passes on VP at 16 Ki floats (in cache, where a per-step cost would show
/// most), generated (<c>Vp</c>) against generic (<see cref="GenericPathSchedule{TSchedule}"/> of <c>Vp</c>), one thread.
/// The generic path is the baseline of each category.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class StepKernelBenchmarks
{
    private const int Steps = 1000;
    private static readonly KernelOptions OneThread = new() { MaxDegreeOfParallelism = 1 };
    private double[] _edm = null!, _vp = null!, _cosine = null!;
    private StepCases<float> _cases = null!;

    /// <summary>Grids and buffers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _edm = Edm.DefaultTimes(Steps);
        _vp = Vp.DefaultTimes(Steps);
        _cosine = Cosine.DefaultTimes(Steps);
        _cases = new StepCases<float>(BenchmarkSettings.Small, withUsualWays: false);
        _cases.X.Fill(1);
    }

    /// <summary>Frees the buffers.</summary>
    [GlobalCleanup]
    public void Cleanup() => _cases?.Dispose();

    /// <summary>EDM Euler coefficients, generic path.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Coefficients EDM Euler")]
    public double Edm_Euler_Generic() => Euler(new GenericPathSchedule<Edm>(), _edm);

    /// <summary>EDM Euler coefficients, generated.</summary>
    [Benchmark, BenchmarkCategory("Coefficients EDM Euler")]
    public double Edm_Euler_Generated() => Euler(default(Edm), _edm);

    /// <summary>VP Heun coefficients, generic path.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Coefficients VP Heun")]
    public double Vp_Heun_Generic() => Heun(new GenericPathSchedule<Vp>(), _vp);

    /// <summary>VP Heun coefficients, generated.</summary>
    [Benchmark, BenchmarkCategory("Coefficients VP Heun")]
    public double Vp_Heun_Generated() => Heun(default(Vp), _vp);

    /// <summary>VP reverse-SDE coefficients, generic path.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Coefficients VP reverse SDE")]
    public double Vp_ReverseSde_Generic() => ReverseSde(new GenericPathSchedule<Vp>(), _vp);

    /// <summary>VP reverse-SDE coefficients, generated.</summary>
    [Benchmark, BenchmarkCategory("Coefficients VP reverse SDE")]
    public double Vp_ReverseSde_Generated() => ReverseSde(default(Vp), _vp);

    /// <summary>Cosine reverse-SDE coefficients, generic path.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Coefficients cosine reverse SDE")]
    public double Cosine_ReverseSde_Generic() => ReverseSde(new GenericPathSchedule<Cosine>(), _cosine);

    /// <summary>Cosine reverse-SDE coefficients, generated.</summary>
    [Benchmark, BenchmarkCategory("Coefficients cosine reverse SDE")]
    public double Cosine_ReverseSde_Generated() => ReverseSde(default(Cosine), _cosine);

    /// <summary>The VP Euler pass, generic coefficients.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Pass VP Euler 16 Ki")]
    public void Vp_EulerPass_Generic() => EulerPass(new GenericPathSchedule<Vp>());

    /// <summary>The VP Euler pass, generated coefficients.</summary>
    [Benchmark, BenchmarkCategory("Pass VP Euler 16 Ki")]
    public void Vp_EulerPass_Generated() => EulerPass(default(Vp));

    /// <summary>The VP Euler-Maruyama pass (noise in the pass), generic coefficients.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Pass VP Euler-Maruyama 16 Ki")]
    public void Vp_EulerMaruyamaPass_Generic() => EulerMaruyamaPass(new GenericPathSchedule<Vp>());

    /// <summary>The VP Euler-Maruyama pass, generated coefficients.</summary>
    [Benchmark, BenchmarkCategory("Pass VP Euler-Maruyama 16 Ki")]
    public void Vp_EulerMaruyamaPass_Generated() => EulerMaruyamaPass(default(Vp));

    private static double Euler<TS>(TS schedule, double[] times) where TS : struct, INoiseSchedule
    {
        double sum = 0;
        for (int i = 0; i + 1 < times.Length; i++)
        {
            StepCoefficients c = ScheduleStepCoefficients.EulerOde(schedule, times[i], times[i + 1]);
            sum += c.X + c.D;
        }

        return sum;
    }

    private static double Heun<TS>(TS schedule, double[] times) where TS : struct, INoiseSchedule
    {
        double sum = 0;
        for (int i = 0; i + 1 < times.Length; i++)
        {
            HeunStepCoefficients c = ScheduleStepCoefficients.HeunCorrection(schedule, times[i], times[i + 1]);
            sum += c.X + c.D + c.XPredicted + c.DPredicted;
        }

        return sum;
    }

    private static double ReverseSde<TS>(TS schedule, double[] times) where TS : struct, INoiseSchedule
    {
        double sum = 0;
        for (int i = 0; i + 1 < times.Length; i++)
        {
            StepCoefficients c = ScheduleStepCoefficients.ReverseSde(schedule, times[i], times[i + 1]);
            sum += c.X + c.D + c.Z;
        }

        return sum;
    }

    private void EulerPass<TS>(TS schedule) where TS : struct, INoiseSchedule
    {
        StepProblem p = StepProblem.Sde;
        Span<float> x = _cases.X.Prefix(_cases.Length);
        EulerSampler.Step<TS, float>.Pass(schedule, p.T, p.TNext, x, _cases.D.Prefix(_cases.Length), x, default, OneThread);
    }

    private void EulerMaruyamaPass<TS>(TS schedule) where TS : struct, INoiseSchedule
    {
        StepProblem p = StepProblem.Sde;
        Span<float> x = _cases.X.Prefix(_cases.Length);
        EulerMaruyamaSampler.Step<TS, float>.Pass(
            schedule, p.T, p.TNext, x, _cases.D.Prefix(_cases.Length), new NoiseKey(42, StepCases<float>.NoiseStep), x, default, OneThread);
    }
}
