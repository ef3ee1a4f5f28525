using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SdeDsl.Benchmarks.Infrastructure;
using SdeDsl.Kernels;
using SdeDsl.Noise;

namespace SdeDsl.Benchmarks.Noise;

/// <summary>
/// Noise alone, on one thread: standard normals per second per core from <c>GaussianNoise.Fill&lt;float&gt;</c> (the
/// baseline; Philox4x32-10 and a vectorised Box-Muller) against System.Random with a scalar Box-Muller, seeded (the
/// legacy algorithm <c>new Random(seed)</c> selects, what a reproducible sampler uses) and unseeded
/// (<c>Random.Shared</c>, xoshiro256**); and <c>GaussianNoise.Fill&lt;double&gt;</c>, the double-precision construction
/// (53-bit uniforms, double-precision Box-Muller). The Gnormals/s column is 10^9 normals per second.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class NoiseBenchmarks
{
    private static readonly KernelOptions OneThread = new() { MaxDegreeOfParallelism = 1 };
    private readonly GaussianNoise _noise = new(seed: 42);
    private readonly Random _seeded = new(42);
    private NativeBuffer<float> _z = null!;
    private NativeBuffer<double> _zDouble = null!;
    private readonly SampleLayout _image = new(16384);
    private readonly SampleLayout _hundred = new(100);
    private ulong _step;

    /// <summary>Normals per operation.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>The sizes (<see cref="BenchmarkSettings.Sizes"/>).</summary>
    public static IEnumerable<int> Sizes => BenchmarkSettings.Sizes;

    /// <summary>Allocates and warms up.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _z = new NativeBuffer<float>(Size, 9);
        _zDouble = new NativeBuffer<double>(Size, 10);
        int n = Math.Min(Size, JitWarmup.PrefixLength);
        JitWarmup.Run(() =>
        {
            _noise.Fill(0, 0, _z.Prefix(n), OneThread);
            _noise.Fill(0, 0, _zDouble.Prefix(n), OneThread);
            _noise.FillSamples(0, _hundred, _z.Prefix(n / 100 * 100), OneThread);
            UsualWays.FillBoxMuller(_seeded, _z.Prefix(n));
            UsualWays.FillBoxMuller(Random.Shared, _z.Prefix(n));
        });
    }

    /// <summary>Frees the buffer.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _z?.Dispose();
        _zDouble?.Dispose();
    }

    /// <summary><c>GaussianNoise.Fill&lt;float&gt;</c> on one thread (a new stream each call).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Noise"), Normals, Traffic(0, 1)]
    public void Noise_SdeDsl() => _noise.Fill(_step++, 0, _z.Span, OneThread);

    /// <summary><c>GaussianNoise.Fill&lt;double&gt;</c> on one thread: double-precision normals (a new stream each call).</summary>
    [Benchmark, BenchmarkCategory("Noise"), Normals, Traffic(0, 1, ElementBytes = 8)]
    public void Noise_SdeDslDouble() => _noise.Fill(_step++, 0, _zDouble.Span, OneThread);

    /// <summary>
    /// <c>GaussianNoise.FillSamples&lt;float&gt;</c>, sample-keyed with images of d = 4 x 64 x 64 = 16384 elements
    /// (docs/math.md §13): the cost of keying the noise per sample where it matters.
    /// </summary>
    [Benchmark, BenchmarkCategory("Noise"), Normals, Traffic(0, 1)]
    public void Noise_SdeDslKeyedImage() => _noise.FillSamples(_step++, _image, _z.Span, OneThread);

    /// <summary>
    /// Sample-keyed with d = 100 (not a multiple of the 64-element tile: every sample ends in a partial tile), on the
    /// first 100 floor(Size / 100) elements (at most 0.5% fewer than the column assumes).
    /// </summary>
    [Benchmark, BenchmarkCategory("Noise"), Normals, Traffic(0, 1)]
    public void Noise_SdeDslKeyed100() => _noise.FillSamples(_step++, _hundred, _z.Span[..(Size / 100 * 100)], OneThread);

    /// <summary><c>new Random(seed)</c> + scalar Box-Muller.</summary>
    [Benchmark, BenchmarkCategory("Noise"), Normals, Traffic(0, 1)]
    public void Noise_RandomSeededBoxMuller() => UsualWays.FillBoxMuller(_seeded, _z.Span);

    /// <summary><c>Random.Shared</c> + scalar Box-Muller.</summary>
    [Benchmark, BenchmarkCategory("Noise"), Normals, Traffic(0, 1)]
    public void Noise_RandomSharedBoxMuller() => UsualWays.FillBoxMuller(Random.Shared, _z.Span);
}
