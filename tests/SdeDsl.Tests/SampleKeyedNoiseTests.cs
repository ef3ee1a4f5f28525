using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Tests.TestSchedules;
using Xunit;

namespace SdeDsl.Tests;

/// <summary>
/// Sample-keyed noise (docs/math.md §13): the kernel against the scalar reference for awkward sample dimensions at
/// every width, thread count and chunk size; batch invariance and shard reassembly for the noise, the prior and the
/// stochastic samplers; per-sample seeds; independence between neighbouring samples.
/// </summary>
[Collection(AllocationMeasurement.Name)]
public sealed class SampleKeyedNoiseTests
{
    private const ulong Seed = 20261201;
    private static readonly int[] Dimensions = { 1, 7, 64, 100, 16384 };

    private static IEnumerable<KernelOptions> AllKernelOptions()
    {
        foreach (int width in new[] { 512, 256, 128, 1 })
        {
            foreach (int threads in new[] { 1, 2 })
            {
                foreach (int chunk in new[] { 64, 192, 0 })
                {
                    yield return new KernelOptions { MaxVectorBits = width, MaxDegreeOfParallelism = threads, ChunkSize = chunk };
                }
            }
        }
    }

    private static int BatchFor(int dimension) => dimension >= 16384 ? 5 : 64;

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(16384)]
    public void Kernel_matches_the_scalar_reference_at_every_width_thread_count_and_chunk(int d)
    {
        int batch = BatchFor(d);
        var noise = new GaussianNoise(Seed);
        var layouts = new[] { new SampleLayout(d, 1000L), new SampleLayout(d, SeedsFor(batch)) };
        foreach (SampleLayout layout in layouts)
        {
            float[] expected = new float[batch * d];
            double[] expectedDouble = new double[batch * d];
            for (int i = 0; i < batch; i++)
            {
                for (int j = 0; j < d; j++)
                {
                    expected[(i * d) + j] = noise.SampleKeyed(5, layout, i, j);
                    expectedDouble[(i * d) + j] = noise.SampleKeyedDouble(5, layout, i, j);
                }
            }

            foreach (KernelOptions options in AllKernelOptions())
            {
                float[] actual = new float[batch * d];
                double[] actualDouble = new double[batch * d];
                noise.FillSamples<float>(5, layout, actual, options);
                noise.FillSamples<double>(5, layout, actualDouble, options);
                AssertBitwise(expected, actual, $"float d={d} {options}");
                AssertBitwise(expectedDouble, actualDouble, $"double d={d} {options}");
            }
        }
    }

    [Fact]
    public void Keyed_tiles_match_the_scalar_transform_at_every_width_including_emulated_ones()
    {
        // A keyed tile carries the sample index in counter word 1 (tile index (g << 28) + t): check each width's tile
        // method directly, so the Vector512 code is checked where the hardware only emulates it.
        var layout = new SampleLayout(16384, (1L << 32) - 3);
        var noise = new GaussianNoise(Seed);
        float[] tile = new float[NormalTile.Length];
        double[] tileDouble = new double[DoubleNormalTile.Length];
        foreach (long sample in new long[] { 0, 1, 2 })
        {
            foreach (int t in new[] { 0, 1, 255 })
            {
                ulong index = (ulong)(layout.FirstIndex + sample) << 28;
                var key = new NoiseKey(Seed, 6);
                foreach (int width in new[] { 512, 256, 128, 1 })
                {
                    NormalTile.FillAtWidth(key, index + (ulong)t, tile, width);
                    for (int p = 0; p < NormalTile.Length; p++)
                    {
                        Assert.Equal(noise.SampleKeyed(6, layout, sample, (t * NormalTile.Length) + p), tile[p]);
                    }

                    DoubleNormalTile.FillAtWidth(key, index + (ulong)t, tileDouble, width);
                    for (int p = 0; p < DoubleNormalTile.Length; p++)
                    {
                        Assert.Equal(noise.SampleKeyedDouble(6, layout, sample, (t * DoubleNormalTile.Length) + p), tileDouble[p]);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(16384)]
    public void A_sample_draws_the_same_noise_alone_in_a_batch_and_in_a_shard(int d)
    {
        int batch = BatchFor(d), split = batch == 64 ? 20 : 2;
        var noise = new GaussianNoise(Seed);
        var opts = new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 64 };
        foreach (SampleLayout whole in new[] { new SampleLayout(d), new SampleLayout(d, SeedsFor(batch)) })
        {
            float[] all = new float[batch * d];
            noise.FillSamples<float>(9, whole, all, opts);

            for (int i = 0; i < batch; i++)
            {
                float[] alone = new float[d];
                noise.FillSamples<float>(9, whole.Slice(i, 1), alone);
                AssertBitwise(all.AsSpan(i * d, d).ToArray(), alone, $"sample {i} alone, d={d}");
            }

            float[] shards = new float[batch * d];
            noise.FillSamples(9, whole.Slice(0, split), shards.AsSpan(0, split * d), opts);
            noise.FillSamples(9, whole.Slice(split, batch - split), shards.AsSpan(split * d), opts);
            AssertBitwise(all, shards, $"shards d={d}");
        }
    }

    [Fact]
    public void Sample_zero_and_a_per_sample_seed_draw_the_unkeyed_stream()
    {
        const int d = 100;
        float[] keyed = new float[3 * d];
        new GaussianNoise(Seed).FillSamples<float>(4, new SampleLayout(d), keyed);
        float[] unkeyed = new float[d];
        new GaussianNoise(Seed).Fill<float>(4, 0, unkeyed);
        AssertBitwise(unkeyed, keyed.AsSpan(0, d).ToArray(), "sample 0 of a base-seed layout");
        Assert.NotEqual(keyed[d], keyed[0]);

        ulong[] seeds = { 11, 12, 13 };
        double[] perSeed = new double[3 * d];
        new GaussianNoise(0).FillSamples<double>(4, new SampleLayout(d, seeds), perSeed);
        for (int i = 0; i < 3; i++)
        {
            double[] own = new double[d];
            new GaussianNoise(seeds[i]).Fill<double>(4, 0, own);
            AssertBitwise(own, perSeed.AsSpan(i * d, d).ToArray(), $"per-sample seed {seeds[i]}");
        }
    }

    [Fact]
    public void Prior_of_a_batch_equals_the_prior_of_each_sample_and_of_the_shards()
    {
        HandEdm schedule = default;
        const int d = 100, batch = 64;
        double t = schedule.TMax;
        foreach (SampleLayout whole in new[] { new SampleLayout(d, 3L), new SampleLayout(d, SeedsFor(batch)) })
        {
            float[] all = new float[batch * d];
            Prior.Sample(schedule, t, all.AsSpan(), new SamplingOptions { Seed = Seed, Samples = whole, Kernel = new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 64 } });
            for (int i = 0; i < batch; i++)
            {
                float[] alone = new float[d];
                Prior.Sample(schedule, t, alone.AsSpan(), new SamplingOptions { Seed = Seed, Samples = whole.Slice(i, 1) });
                AssertBitwise(all.AsSpan(i * d, d).ToArray(), alone, $"prior sample {i}");
            }

            float[] shards = new float[batch * d];
            Prior.Sample(schedule, t, shards.AsSpan(0, 20 * d), new SamplingOptions { Seed = Seed, Samples = whole.Slice(0, 20) });
            Prior.Sample(schedule, t, shards.AsSpan(20 * d), new SamplingOptions { Seed = Seed, Samples = whole.Slice(20, 44) });
            AssertBitwise(all, shards, "prior shards");
        }
    }

    public static IEnumerable<object[]> SamplerCases() =>
        from sampler in new[] { "EulerMaruyama", "EulerMaruyamaVp", "EulerAncestral", "EdmStochastic", "Langevin" }
        from d in new[] { 7, 100 }
        from seeds in new[] { false, true }
        select new object[] { sampler, d, seeds };

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(16384)]
    public void Euler_Maruyama_batches_are_invariant_for_every_sample_dimension(int d)
    {
        // Batch 100 for d = 64: no buffer of 2049 .. 4096 floats, the ArrayPool bucket AllocationTests measures in parallel.
        int batch = d == 16384 ? 6 : d == 64 ? 100 : 64, split = batch == 6 ? 2 : 20;
        var whole = new SampleLayout(d, 5L);
        float[] all = Generate("EulerMaruyama", whole, batch * d, new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 192 });
        for (int i = 0; i < batch; i++)
        {
            var kernel = new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = i % 2 == 0 ? 1 : 128 };
            AssertBitwise(all.AsSpan(i * d, d).ToArray(), Generate("EulerMaruyama", whole.Slice(i, 1), d, kernel), $"d={d} sample {i}");
        }

        float[] first = Generate("EulerMaruyama", whole.Slice(0, split), split * d, default);
        float[] second = Generate("EulerMaruyama", whole.Slice(split, batch - split), (batch - split) * d, new KernelOptions { MaxVectorBits = 256 });
        AssertBitwise(all, first.Concat(second).ToArray(), $"d={d} shards");
    }

    [Theory]
    [MemberData(nameof(SamplerCases))]
    public void A_batch_of_64_equals_64_single_runs_and_two_shards_bitwise(string sampler, int d, bool perSampleSeeds)
    {
        const int batch = 64, split = 20;
        SampleLayout whole = perSampleSeeds ? new SampleLayout(d, SeedsFor(batch)) : new SampleLayout(d);
        var kernel = new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 64 };

        float[] all = Generate(sampler, whole, batch * d, kernel);
        for (int i = 0; i < batch; i++)
        {
            float[] alone = Generate(sampler, whole.Slice(i, 1), d, new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = i % 3 == 0 ? 1 : 0 });
            AssertBitwise(all.AsSpan(i * d, d).ToArray(), alone, $"{sampler} sample {i}");
        }

        float[] first = Generate(sampler, whole.Slice(0, split), split * d, kernel);
        float[] second = Generate(sampler, whole.Slice(split, batch - split), (batch - split) * d, new KernelOptions { MaxVectorBits = 128 });
        AssertBitwise(all, first.Concat(second).ToArray(), $"{sampler} shards [0, {split}) and [{split}, {batch})");
    }

    [Theory]
    [InlineData("EulerMaruyamaVp")]
    [InlineData("EulerAncestral")]
    [InlineData("EdmStochastic")]
    [InlineData("Langevin")]
    public void Double_batches_are_invariant_and_shard_bitwise(string sampler)
    {
        const int d = 100, batch = 64, split = 20;
        var whole = new SampleLayout(d, SeedsFor(batch));
        double[] all = Generate<double>(sampler, whole, batch * d, new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 64 });
        for (int i = 0; i < batch; i++)
        {
            double[] alone = Generate<double>(sampler, whole.Slice(i, 1), d, new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = i % 2 == 0 ? 1 : 0 });
            AssertBitwise(all.AsSpan(i * d, d).ToArray(), alone, $"{sampler} double sample {i}");
        }

        double[] first = Generate<double>(sampler, whole.Slice(0, split), split * d, default);
        double[] second = Generate<double>(sampler, whole.Slice(split, batch - split), (batch - split) * d, default);
        AssertBitwise(all, first.Concat(second).ToArray(), $"{sampler} double shards");
    }

    [Fact]
    public void Sample_keyed_runs_depend_on_the_seed_and_the_index()
    {
        float[] a = Generate("EulerMaruyama", new SampleLayout(7, 0L), 7, default);
        float[] b = Generate("EulerMaruyama", new SampleLayout(7, 1L), 7, default);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Neighbouring_samples_and_steps_are_uncorrelated()
    {
        // Pearson correlation of element j of sample i with element j of sample i + 1 (and of step k with step k + 1)
        // over N = 2^17 pairs; under independence its standard error is 1/sqrt(N). Bound: 5 standard errors.
        const int d = 7, batch = 1 << 17;
        double bound = 5 / Math.Sqrt(batch - 1);
        var noise = new GaussianNoise(Seed);
        foreach (SampleLayout layout in new[] { new SampleLayout(d), new SampleLayout(d, Enumerable.Range(0, batch).Select(i => (ulong)i).ToArray()) })
        {
            float[] z = new float[batch * d], next = new float[batch * d];
            double[] zd = new double[batch * d];
            noise.FillSamples<float>(3, layout, z);
            noise.FillSamples<float>(4, layout, next);
            noise.FillSamples<double>(3, layout, zd);
            for (int j = 0; j < d; j++)
            {
                double samples = Correlation(i => z[(i * d) + j], i => z[((i + 1) * d) + j], batch - 1);
                double samplesDouble = Correlation(i => zd[(i * d) + j], i => zd[((i + 1) * d) + j], batch - 1);
                double steps = Correlation(i => z[(i * d) + j], i => next[(i * d) + j], batch - 1);
                Assert.True(Math.Abs(samples) < bound, $"element {j}: neighbouring samples correlate {samples:G3} (bound {bound:G3})");
                Assert.True(Math.Abs(samplesDouble) < bound, $"element {j}: neighbouring double samples correlate {samplesDouble:G3}");
                Assert.True(Math.Abs(steps) < bound, $"element {j}: neighbouring steps correlate {steps:G3}");
            }

            double[] all = z.Select(v => (double)v).ToArray();
            (double mean, double variance) = Stats.MeanVariance(all);
            Assert.True(Math.Abs(mean) < 5 / Math.Sqrt(all.Length), $"mean {mean}");
            Assert.True(Math.Abs(variance - 1) < 5 * Math.Sqrt(2.0 / all.Length), $"variance {variance}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Keyed_runs_allocate_nothing_per_step(bool perSampleSeeds)
    {
        // As AllocationTests: once warm, 4 steps and 99 steps allocate the same (single-threaded).
        HandVp schedule = default;
        const int d = 100, batch = 60; // 6000 floats: not the 4096-float pool bucket AllocationTests measures in parallel
        var denoiser = new GaussianDenoiser(new double[] { 0.5 }, 0.7) { MaxDegreeOfParallelism = 1 };
        SampleLayout layout = perSampleSeeds ? new SampleLayout(d, SeedsFor(batch)) : new SampleLayout(d, 7L);
        var options = new SamplingOptions { Seed = 1, Samples = layout, Kernel = new KernelOptions { MaxDegreeOfParallelism = 1 } };
        float[] x = new float[batch * d];
        double[] few = TimeSteps.Karras(schedule, 5), many = TimeSteps.Karras(schedule, 100);

        long Measure(double[] times)
        {
            Prior.Sample(schedule, times[0], x.AsSpan(), options);
            long before = GC.GetAllocatedBytesForCurrentThread();
            EulerMaruyamaSampler.Sample(schedule, denoiser, times, x.AsSpan(), options);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Measure(few);
        Measure(many);
        long small = Measure(few), large = Measure(many);
        Assert.True(large == small, $"{small} bytes for 4 steps but {large} bytes for 99 steps");
    }

    [Fact]
    public void Bad_layouts_are_rejected_naming_the_argument()
    {
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => new SampleLayout(0)).ParamName);
        Assert.Equal("firstIndex", Assert.Throws<ArgumentOutOfRangeException>(() => new SampleLayout(4, -1L)).ParamName);
        Assert.Equal("firstIndex", Assert.Throws<ArgumentOutOfRangeException>(() => new SampleLayout(4, 1L << 32)).ParamName);
        Assert.Equal("seeds", Assert.Throws<ArgumentException>(() => new SampleLayout(4, ReadOnlyMemory<ulong>.Empty)).ParamName);
        var noise = new GaussianNoise(1);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => noise.FillSamples<float>(0, new SampleLayout(4), new float[10])).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => noise.FillSamples<float>(0, new SampleLayout(4, new ulong[] { 1, 2 }), new float[12])).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentOutOfRangeException>(() => noise.FillSamples<float>(0, new SampleLayout(1, (1L << 32) - 1), new float[2])).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => noise.FillSamples<float>(0, default, new float[2])).ParamName);
        Assert.Equal("element", Assert.Throws<ArgumentOutOfRangeException>(() => noise.SampleKeyed(0, new SampleLayout(4), 0, 4)).ParamName);

        HandEdm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 4);
        var options = new SamplingOptions { Samples = new SampleLayout(3) };
        Assert.Equal("options", Assert.Throws<ArgumentException>(
            () => EulerMaruyamaSampler.Sample(schedule, new GaussianDenoiser(new double[] { 0 }, 1), times, new float[10].AsSpan(), options)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(
            () => Prior.Sample(schedule, times[0], new float[10].AsSpan(), options)).ParamName);
    }

    /// <summary>x_T from the keyed prior, then a few steps of <paramref name="sampler"/> with the same layout.</summary>
    private static float[] Generate(string sampler, SampleLayout layout, int length, KernelOptions kernel) =>
        Generate<float>(sampler, layout, length, kernel);

    private static T[] Generate<T>(string sampler, SampleLayout layout, int length, KernelOptions kernel)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int d = layout.Dimension;
        var denoiser = (IDenoiser<T>)(object)new GaussianDenoiser(Enumerable.Range(0, d).Select(j => 0.1 * (j % 5) - 0.2).ToArray(), 0.6);
        var options = new SamplingOptions { Seed = Seed, Samples = layout, Kernel = kernel };
        T[] x = new T[length];
        if (sampler == "EulerMaruyamaVp")
        {
            HandVp vp = default;
            double[] vpTimes = TimeSteps.VpLinear(vp, 6);
            Prior.Sample(vp, vpTimes[0], x.AsSpan(), options);
            EulerMaruyamaSampler.Sample(vp, denoiser, vpTimes, x.AsSpan(), options);
            return x;
        }

        HandEdm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 6);
        Prior.Sample(schedule, times[0], x.AsSpan(), options);
        switch (sampler)
        {
            case "EulerMaruyama": EulerMaruyamaSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
            case "EulerAncestral": EulerAncestralSampler.Sample(schedule, denoiser, times, x.AsSpan(), 1.0, options); break;
            case "EdmStochastic": EdmStochasticSampler.Sample(schedule, denoiser, times, x.AsSpan(), new ChurnSettings(40, 0.05, 50, 1.0), options); break;
            case "Langevin": LangevinSampler.Sample(schedule, denoiser, times, x.AsSpan(), t => 2 / t, options); break;
            default: throw new ArgumentOutOfRangeException(nameof(sampler), sampler, null);
        }

        return x;
    }

    private static ulong[] SeedsFor(int batch) =>
        Enumerable.Range(0, batch).Select(i => unchecked((ulong)i * 0x9E3779B97F4A7C15UL + 77)).ToArray();

    private static double Correlation(Func<int, double> a, Func<int, double> b, int n)
    {
        double sa = 0, sb = 0;
        for (int i = 0; i < n; i++)
        {
            sa += a(i);
            sb += b(i);
        }

        double ma = sa / n, mb = sb / n, cab = 0, caa = 0, cbb = 0;
        for (int i = 0; i < n; i++)
        {
            double x = a(i) - ma, y = b(i) - mb;
            cab += x * y;
            caa += x * x;
            cbb += y * y;
        }

        return cab / Math.Sqrt(caa * cbb);
    }

    private static void AssertBitwise<T>(T[] expected, T[] actual, string what)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            if (!expected[k].Equals(actual[k]))
            {
                Assert.Fail($"{what}: position {k} is {actual[k]:R}, expected {expected[k]:R}");
            }
        }
    }
}
