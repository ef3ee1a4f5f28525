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

    private static KernelOptions[] Options() => new[]
    {
        new KernelOptions { MaxDegreeOfParallelism = 1 },
        new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 128 },
        new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 1 },
        new KernelOptions { MaxDegreeOfParallelism = 3, ChunkSize = 640 },
        new KernelOptions { MaxDegreeOfParallelism = 2 },
    };
}
