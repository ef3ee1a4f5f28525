using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SdeDsl.Benchmarks.Infrastructure;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Samplers;
using SdeDsl.Schedules;

namespace SdeDsl.Benchmarks.Samplers;

/// <summary>
/// The same Heun run as <see cref="SamplerBenchmarks"/> (EDM, 18 steps, 35 denoiser calls) on a small real problem:
/// 4000 points of a 2-D mixture of 8 isotropic Gaussians on a circle, denoised exactly by
/// <see cref="GaussianMixtureDenoiser"/>, beside the same run with <see cref="FreeDenoiser"/> (the baseline), so the
/// Ratio column is the whole run's cost over the sampler's own share.
/// </summary>
/// <remarks>
/// Each operation first restores the prior draw x_T (2 x Points floats, negligible), so every run samples from noise as a
/// user's would. The mixture denoiser uses <see cref="Threads"/> threads as well as the kernels.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class GaussianMixtureSamplerBenchmarks
{
    /// <summary>Mixture components.</summary>
    public const int Components = 8;

    private readonly double[] _times = Edm.DefaultTimes(SamplerBenchmarks.GridTimes);
    private float[] _prior = null!;
    private float[] _x = null!;
    private GaussianMixtureDenoiser _mixture = null!;
    private SamplingOptions _options = null!;
    private readonly FreeDenoiser _free = new();

    /// <summary>Points sampled per run: 4000 (500 in quick mode).</summary>
    [ParamsSource(nameof(PointCounts))]
    public int Points { get; set; }

    /// <summary>The point counts (<see cref="BenchmarkSettings.MixturePoints"/>).</summary>
    public static IEnumerable<int> PointCounts => BenchmarkSettings.MixturePoints;

    /// <summary>Threads of the kernels and of the denoiser.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    /// <summary>The thread counts (<see cref="BenchmarkSettings.Threads"/>).</summary>
    public static IEnumerable<int> ThreadCounts => BenchmarkSettings.Threads;

    /// <summary>Builds the mixture, draws x_T, checks a run and warms up.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var weights = new double[Components];
        var means = new double[Components][];
        var deviations = new double[Components];
        for (int k = 0; k < Components; k++)
        {
            double angle = 2 * Math.PI * k / Components;
            weights[k] = 1 + 0.25 * (k % 3);
            means[k] = new[] { 4 * Math.Cos(angle), 4 * Math.Sin(angle) };
            deviations[k] = 0.3 + 0.05 * (k % 2);
        }

        _prior = new float[Points * 2];
        _x = new float[Points * 2];
        _mixture = new GaussianMixtureDenoiser(weights, means, Array.ConvertAll(deviations, s => new[] { s * s, s * s }))
        {
            MaxDegreeOfParallelism = Threads,
        };
        _options = new SamplingOptions { Kernel = new KernelOptions { MaxDegreeOfParallelism = Threads } };
        Prior.Sample(default(Edm), _times[0], _prior.AsSpan(), seed: 3);

        if (Heun_GaussianMixture() != SamplerBenchmarks.DenoiserCalls || !Array.TrueForAll(_x, float.IsFinite))
        {
            throw new InvalidOperationException("The mixture run did not make the expected calls or produced non-finite samples.");
        }

        JitWarmup.Run(
            () =>
            {
                Heun_FreeDenoiser();
                Heun_GaussianMixture();
            },
            minimumRounds: 10); // a mixture run takes milliseconds: the time limit dominates

    }

    /// <summary>Heun with <see cref="FreeDenoiser"/> on the same 2 x Points floats.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("HeunSamplerMixture")]
    public int Heun_FreeDenoiser()
    {
        _prior.CopyTo(_x, 0);
        return HeunSampler.Sample(default(Edm), _free, _times, _x.AsSpan(), _options);
    }

    /// <summary>Heun with the exact mixture denoiser.</summary>
    [Benchmark, BenchmarkCategory("HeunSamplerMixture")]
    public int Heun_GaussianMixture()
    {
        _prior.CopyTo(_x, 0);
        return HeunSampler.Sample(default(Edm), _mixture, _times, _x.AsSpan(), _options);
    }
}
