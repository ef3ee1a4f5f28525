using System;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using Xunit;

namespace SdeDsl.Tests;

public sealed class NoiseTests
{
    private static readonly int[] VectorWidths = { 512, 256, 128, 1 };

    [Theory]
    // Random123's published known-answer vectors for Philox4x32-10 (tests/kat_vectors).
    [InlineData(0u, 0u, 0u, 0u, 0u, 0u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void Philox_matches_Random123_known_answers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint e0, uint e1, uint e2, uint e3)
    {
        Philox4x32.Apply(ref c0, ref c1, ref c2, ref c3, k0, k1);
        Assert.Equal(new[] { e0, e1, e2, e3 }, new[] { c0, c1, c2, c3 });
    }

    [Fact]
    public void Every_vector_width_and_the_scalar_path_give_identical_bits()
    {
        // 64-element tiles filled at each width, compared bit for bit with the element-by-element scalar transform.
        var noise = new GaussianNoise(0x1234_5678_9ABC_DEF0UL);
        const int length = 64 * 40;
        float[] reference = new float[length];
        for (int i = 0; i < length; i++)
        {
            reference[i] = noise.Sample(7, 1000 * 64 + i);
        }

        foreach (int bits in VectorWidths)
        {
            float[] filled = new float[length];
            noise.Fill(7, 1000 * 64, filled, new KernelOptions { MaxVectorBits = bits, MaxDegreeOfParallelism = 1 });
            AssertBitwiseEqual(reference, filled, $"vector bits {bits}");
        }
    }

    [Fact]
    public void Unaligned_starts_and_odd_lengths_give_the_same_values_as_one_long_fill()
    {
        var noise = new GaussianNoise(42);
        float[] whole = new float[1000];
        noise.Fill(3, 0, whole);
        foreach ((int start, int length) in new[] { (0, 0), (1, 1), (5, 63), (63, 2), (64, 64), (17, 300), (100, 900) })
        {
            float[] part = new float[length];
            noise.Fill(3, start, part);
            AssertBitwiseEqual(whole.AsSpan(start, length).ToArray(), part, $"start {start}, length {length}");
        }
    }

    [Fact]
    public void Thread_count_and_chunk_size_do_not_change_a_single_bit()
    {
        var noise = new GaussianNoise(99);
        const int length = 50_003;
        float[] reference = new float[length];
        noise.Fill(11, 5, reference, new KernelOptions { MaxDegreeOfParallelism = 1 });
        foreach (int chunk in new[] { 64, 128, 640, 4096 })
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                float[] other = new float[length];
                noise.Fill(11, 5, other, new KernelOptions { MaxDegreeOfParallelism = threads, ChunkSize = chunk });
                AssertBitwiseEqual(reference, other, $"chunk {chunk}, threads {threads}");
            }
        }
    }

    [Fact]
    public void Seeds_and_steps_give_different_streams()
    {
        float[] a = new float[256], b = new float[256], c = new float[256];
        new GaussianNoise(1).Fill(0, 0, a);
        new GaussianNoise(2).Fill(0, 0, b);
        new GaussianNoise(1).Fill(1, 0, c);
        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Ten_million_draws_have_normal_moments_KS_distance_and_no_correlation()
    {
        // n = 10^7 standard normals from one seed. Every bound is 5 standard errors of the statistic under the null
        // (two-sided false-alarm probability 6e-7 each); the seed is fixed so the test is deterministic.
        const int n = 10_000_000;
        var noise = new GaussianNoise(20261123);
        float[] z = new float[n];
        float[] nextStep = new float[n];
        noise.Fill(0, 0, z);
        noise.Fill(1, 0, nextStep);

        // Lags 1 (neighbours), 16 and 32 (the Box-Muller partner and the other pair of the same Philox block), 48 and
        // 64 (the next tile); the other stream is the next step.
        Stats.AssertStandardNormal(Array.ConvertAll(z, v => (double)v), Array.ConvertAll(nextStep, v => (double)v), new[] { 1, 16, 32, 48, 64 });
    }

    internal static void AssertBitwiseEqual(float[] expected, float[] actual, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{context}: element {i} is {actual[i]:R}, expected {expected[i]:R}");
            }
        }
    }
}
