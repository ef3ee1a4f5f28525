using System;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using Xunit;

namespace SdeDsl.Tests;

/// <summary>
/// <see cref="GaussianNoise.Fill"/> writes whole tiles straight into the destination (<c>DirectNoiseFill</c>) while the
/// samplers draw the same stream through the kernel driver (<c>FusedPass.Noise</c>, out = 1 z): the two must agree bit
/// for bit for every start (tile-aligned or not, across the 2^64 wrap), length, width, thread count and chunk size.
/// </summary>
public sealed class DirectNoiseFillTests
{
    private static readonly NoiseKey Key = new(0x0123_4567_89AB_CDEFUL, 0xDEAD_BEEF_0000_0007UL);
    private static readonly GaussianNoise Noise = new(Key.Seed);

    public static TheoryData<long, int> Ranges => new()
    {
        { 0, 64 * 300 }, { 5, 64 * 300 }, { 64 - 7, 1000 }, { -1, 700 }, { -64 * 5 - 3, 64 * 9 + 2 },
        { long.MaxValue - 100, 333 }, { 123_456_789, 7 }, { 3, 1 }, { 0, (2 << 16) + 17 },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Float_fill_equals_the_kernel_driver_bit_for_bit(long start, int length)
    {
        foreach (KernelOptions options in Options())
        {
            float[] driver = new float[length];
            float[] direct = new float[length];
            FusedPass.Noise<float>(driver, Key, start, 1.0, options);
            Noise.Fill(Key.Stream, start, direct, options);
            NoiseTests.AssertBitwiseEqual(driver, direct, $"start {start}, length {length}, {options}");
        }
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Double_fill_equals_the_kernel_driver_bit_for_bit(long start, int length)
    {
        foreach (KernelOptions options in Options())
        {
            double[] driver = new double[length];
            double[] direct = new double[length];
            FusedPass.Noise<double>(driver, Key, start, 1.0, options);
            Noise.Fill(Key.Stream, start, direct, options);
            for (int i = 0; i < length; i++)
            {
                if (BitConverter.DoubleToInt64Bits(driver[i]) != BitConverter.DoubleToInt64Bits(direct[i]))
                {
                    Assert.Fail($"start {start}, length {length}, {options}: element {i} is {direct[i]:R}, expected {driver[i]:R}");
                }
            }
        }
    }

    /// <summary>
    /// The scaled fill (the prior's s sigma z, the Brownian tree's first term) against the driver's out = T(scale) z: the
    /// same bits for float and double, whole tiles (scaled in batches) and partial ones.
    /// </summary>
    [Theory]
    [InlineData(0, 64 * 300, 0.37)]
    [InlineData(5, (64 * 200) + 9, 3.1e-5)]
    [InlineData(-64 * 5 - 3, (64 * 9) + 2, 80.0)]
    [InlineData(0, (2 << 16) + 17, 1.0 / 3.0)]
    public void Scaled_fill_equals_the_kernel_driver_bit_for_bit(long start, int length, double scale)
    {
        foreach (KernelOptions options in Options())
        {
            float[] driver = new float[length];
            float[] direct = new float[length];
            FusedPass.Noise<float>(driver, Key, start, scale, options);
            DirectNoiseFill.Fill<float>(direct, Key, start, scale, options);
            NoiseTests.AssertBitwiseEqual(driver, direct, $"float, start {start}, length {length}, scale {scale}, {options}");

            double[] driverDouble = new double[length];
            double[] directDouble = new double[length];
            FusedPass.Noise<double>(driverDouble, Key, start, scale, options);
            DirectNoiseFill.Fill<double>(directDouble, Key, start, scale, options);
            AssertBitwiseEqual(driverDouble, directDouble, $"double, start {start}, length {length}, scale {scale}, {options}");
        }
    }

    /// <summary>
    /// Sample-keyed streams (docs/math.md §13: a base seed with the sample's global index, or a seed per sample) split
    /// at sample boundaries: the direct fill against the driver, for dimensions below, at and above a tile, at an offset
    /// into the layout, unscaled and scaled.
    /// </summary>
    [Theory]
    [InlineData(7, 9, 0L)]
    [InlineData(64, 5, 0L)]
    [InlineData(1000, 3, 130L)]
    [InlineData(33, 40, 33L * 3)]
    public void Sample_keyed_fill_equals_the_kernel_driver_bit_for_bit(int dimension, int samples, long startIndex)
    {
        ulong[] seeds = new ulong[samples + (int)(startIndex / dimension) + 1];
        for (int i = 0; i < seeds.Length; i++)
        {
            seeds[i] = 0x9E37_79B9_7F4A_7C15UL * (ulong)(i + 1);
        }

        int length = (dimension * samples) - (int)(startIndex % dimension);
        foreach (SampleLayout layout in new[] { new SampleLayout(dimension, 1000L), new SampleLayout(dimension, seeds) })
        {
            var key = new NoiseKey(Key.Seed, Key.Stream, layout);
            foreach (double scale in new[] { 1.0, 0.61 })
            {
                foreach (KernelOptions options in Options())
                {
                    float[] driver = new float[length];
                    float[] direct = new float[length];
                    FusedPass.Noise<float>(driver, key, startIndex, scale, options);
                    DirectNoiseFill.Fill<float>(direct, key, startIndex, scale, options);
                    NoiseTests.AssertBitwiseEqual(driver, direct, $"float, d {dimension}, start {startIndex}, scale {scale}, {options}");

                    double[] driverDouble = new double[length];
                    double[] directDouble = new double[length];
                    FusedPass.Noise<double>(driverDouble, key, startIndex, scale, options);
                    DirectNoiseFill.Fill<double>(directDouble, key, startIndex, scale, options);
                    AssertBitwiseEqual(driverDouble, directDouble, $"double, d {dimension}, start {startIndex}, scale {scale}, {options}");
                }
            }
        }
    }

    /// <summary>
    /// A fill builds Philox's lane-invariant words (PhiloxSchedule) once per run of tiles with the same block high word
    /// and rebuilds them where that word changes (block 2^32: float element 2^34, double element 2^33): the fill across
    /// that change must still give the scalar reference (<see cref="GaussianNoise.Sample"/>, the reference rounds) at
    /// every element.
    /// </summary>
    [Theory]
    [InlineData(1L << 34)]
    [InlineData(2L << 34)]
    public void Float_fill_across_a_change_of_the_block_high_word_equals_the_scalar_reference(long boundary)
    {
        long start = boundary - (64 * 5) - 3;
        const int length = (64 * 10) + 9;
        foreach (KernelOptions options in Options())
        {
            float[] direct = new float[length];
            Noise.Fill(Key.Stream, start, direct, options);
            for (int i = 0; i < length; i++)
            {
                float expected = Noise.Sample(Key.Stream, start + i);
                if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(direct[i]))
                {
                    Assert.Fail($"boundary {boundary}, {options}: element {start + i} is {direct[i]:R}, expected {expected:R}");
                }
            }
        }
    }

    /// <inheritdoc cref="Float_fill_across_a_change_of_the_block_high_word_equals_the_scalar_reference"/>
    [Theory]
    [InlineData(1L << 33)]
    [InlineData(3L << 33)]
    public void Double_fill_across_a_change_of_the_block_high_word_equals_the_scalar_reference(long boundary)
    {
        long start = boundary - (32 * 5) - 3;
        const int length = (32 * 10) + 9;
        foreach (KernelOptions options in Options())
        {
            double[] direct = new double[length];
            Noise.Fill(Key.Stream, start, direct, options);
            for (int i = 0; i < length; i++)
            {
                double expected = Noise.SampleDouble(Key.Stream, start + i);
                if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(direct[i]))
                {
                    Assert.Fail($"boundary {boundary}, {options}: element {start + i} is {direct[i]:R}, expected {expected:R}");
                }
            }
        }
    }

    private static void AssertBitwiseEqual(double[] expected, double[] actual, string context)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
            {
                Assert.Fail($"{context}: element {i} is {actual[i]:R}, expected {expected[i]:R}");
            }
        }
    }

    private static KernelOptions[] Options() => new[]
    {
        new KernelOptions { MaxDegreeOfParallelism = 1 },
        new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 256 },
        new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 128 },
        new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 1 },
        new KernelOptions { MaxDegreeOfParallelism = 3, ChunkSize = 640 },
        new KernelOptions { MaxDegreeOfParallelism = 2 },
    };
}
