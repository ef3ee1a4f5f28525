using System;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using Xunit;

namespace SdeDsl.Tests;

/// <summary>
/// The element index is a 64-bit counter taken modulo 2^64: fills that run past the end of the counter space (or past
/// long.MaxValue, where the signed index changes sign) wrap and equal the scalar reference at each wrapped index.
/// </summary>
public sealed class NoiseCounterWrapTests
{
    private const ulong Step = 0xDEAD_BEEF_0000_0007UL;
    private static readonly GaussianNoise Noise = new(0x0123_4567_89AB_CDEFUL);
    private static readonly int[] Widths = { 512, 256, 128, 1 };

    // Starts just before the wrap of the 64-bit counter (index -1 is 2^64 - 1), just before long.MaxValue, and at
    // every alignment relative to the 64-element tile.
    public static TheoryData<long> Starts => new()
    {
        -300, -257, -64, -63, -1, long.MaxValue - 300, long.MaxValue - 63, long.MaxValue, long.MinValue, -17 * 64 + 5,
    };

    [Theory]
    [MemberData(nameof(Starts))]
    public void Float_fill_across_the_wrap_equals_the_scalar_reference_at_every_width(long start)
    {
        const int length = 700;
        float[] expected = new float[length];
        for (int k = 0; k < length; k++)
        {
            expected[k] = Noise.Sample(Step, unchecked(start + k));
        }

        foreach (int bits in Widths)
        {
            float[] filled = new float[length];
            Noise.Fill(Step, start, filled, new KernelOptions { MaxVectorBits = bits, MaxDegreeOfParallelism = 1 });
            NoiseTests.AssertBitwiseEqual(expected, filled, $"start {start}, vector bits {bits}");
        }
    }

    [Theory]
    [InlineData(-5000L)]
    [InlineData(long.MaxValue - 4000)]
    public void Float_fill_across_the_wrap_is_independent_of_threads_and_chunks(long start)
    {
        const int length = 9_001;
        float[] expected = new float[length];
        for (int k = 0; k < length; k++)
        {
            expected[k] = Noise.Sample(Step, unchecked(start + k));
        }

        foreach (int chunk in new[] { 64, 640, 4096 })
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                foreach (int bits in Widths)
                {
                    float[] filled = new float[length];
                    Noise.Fill(Step, start, filled, new KernelOptions { MaxDegreeOfParallelism = threads, ChunkSize = chunk, MaxVectorBits = bits });
                    NoiseTests.AssertBitwiseEqual(expected, filled, $"start {start}, chunk {chunk}, threads {threads}, bits {bits}");
                }
            }
        }
    }

    [Fact]
    public void Indices_are_taken_modulo_two_to_the_64()
    {
        // -1 is element 2^64 - 1; a fill from -2 of length 4 is elements 2^64 - 2, 2^64 - 1, 0, 1.
        float[] filled = new float[4];
        Noise.Fill(Step, -2, filled);
        Assert.Equal(Noise.Sample(Step, -2), filled[0]);
        Assert.Equal(Noise.Sample(Step, -1), filled[1]);
        Assert.Equal(Noise.Sample(Step, 0), filled[2]);
        Assert.Equal(Noise.Sample(Step, 1), filled[3]);

        // Distinct counters: the last elements of the space are not copies of the first ones.
        float[] head = new float[64], tail = new float[64];
        Noise.Fill(Step, 0, head);
        Noise.Fill(Step, -64, tail);
        Assert.NotEqual(head, tail);
    }

    [Fact]
    public void A_kernel_pass_across_the_wrap_uses_the_wrapped_indices()
    {
        // The noise of a fused pass (here z scaled by 1) comes from the same wrapped counters.
        const int length = 1000;
        float[] expected = new float[length], filled = new float[length];
        long start = long.MaxValue - 500;
        for (int k = 0; k < length; k++)
        {
            expected[k] = 3f * Noise.Sample(Step, unchecked(start + k));
        }

        FusedPass.Noise<float>(filled, new NoiseKey(Noise.Seed, Step), start, 3.0, new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 64 });
        NoiseTests.AssertBitwiseEqual(expected, filled, "noise pass");
    }
}
