using System;
using System.Linq;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests;

/// <summary>
/// The double-precision noise construction (53-bit uniforms, double-precision Box-Muller; DoubleNormalTile): bitwise
/// identity across widths, threads, chunks, offsets and the counter wrap; 10^7-draw statistics; the tail beyond the
/// single-precision limit; and the accuracy of its ln, sin and cos against Math.Log, Math.Sin and Math.Cos.
/// </summary>
public sealed class DoubleNoiseTests
{
    private static readonly int[] VectorWidths = { 512, 256, 128, 1 };
    private readonly ITestOutputHelper _output;

    public DoubleNoiseTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Every_vector_width_and_the_scalar_path_give_identical_bits()
    {
        var noise = new GaussianNoise(0x1234_5678_9ABC_DEF0UL);
        const int length = 32 * 40;
        const long start = 1000 * 32;
        double[] reference = new double[length];
        for (int i = 0; i < length; i++)
        {
            reference[i] = noise.SampleDouble(7, start + i);
        }

        foreach (int bits in VectorWidths)
        {
            double[] filled = new double[length];
            noise.Fill(7, start, filled, new KernelOptions { MaxVectorBits = bits, MaxDegreeOfParallelism = 1 });
            AssertBitwiseEqual(reference, filled, $"vector bits {bits}");
        }
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1000UL)]
    [InlineData((1UL << 59) - 1)] // the last tile of the 64-bit index space (block indices up to 2^63 - 1)
    [InlineData(0x0000_0000_07FF_FFFFUL)] // block low word 2^32 - 16 .. 2^32 - 1: no carry into the high word
    public void Every_lane_instantiation_gives_the_scalar_bits_even_without_hardware_support(ulong tile)
    {
        // Calls each width's tile method directly, so Vector512 is checked even where it is emulated in software.
        var key = new NoiseKey(0xC0FFEE, 0xFEED_0000_0000_0003UL);
        double[] expected = new double[DoubleNormalTile.Length];
        for (int j = 0; j < expected.Length; j++)
        {
            expected[j] = DoubleNormalTile.Single(key, tile * DoubleNormalTile.Length + (ulong)j);
        }

        foreach (int width in new[] { 512, 256, 128, 0 })
        {
            double[] filled = new double[DoubleNormalTile.Length];
            DoubleNormalTile.FillAtWidth(key, tile, filled, width);

            AssertBitwiseEqual(expected, filled, $"tile {tile}, width {width}");
        }
    }

    [Fact]
    public void Every_single_precision_lane_instantiation_gives_the_scalar_bits_even_without_hardware_support()
    {
        var key = new NoiseKey(0xC0FFEE, 3);
        foreach (ulong tile in new[] { 0UL, 77UL, (1UL << 58) - 1 })
        {
            float[] expected = new float[NormalTile.Length];
            for (int j = 0; j < expected.Length; j++)
            {
                expected[j] = NormalTile.Single(key, tile * NormalTile.Length + (ulong)j);
            }

            foreach (int width in new[] { 512, 256, 128, 0 })
            {
                float[] filled = new float[NormalTile.Length];
                NormalTile.FillAtWidth(key, tile, filled, width);

                NoiseTests.AssertBitwiseEqual(expected, filled, $"tile {tile}, width {width}");
            }
        }
    }

    [Fact]
    public void Each_element_is_the_documented_Box_Muller_output_of_its_Philox_block()
    {
        // An independent reference written from the documented layout and transform with Math.Log, Math.Cos and
        // Math.Sin: element n takes block 16 (n / 32) + n mod 16, cosine for n mod 32 < 16 and sine otherwise;
        // u1 = (k1 + 1) 2^-53, angle 2 pi (k2 + 1/2) 2^-53. Bound: the reference's angle carries up to ~3 ulp of 2 pi
        // (4e-15 absolute, as Math.Cos/Sin must reduce it), the transform's under 1e-16, and both radii agree to a few
        // ulp: about 5e-15 (1 + |z|) at worst; the bound is 1e-14 (1 + |z|) (measured: 2.3e-15 over these indices).
        const ulong seed = 0xFACE_B00C_1234_5678UL, step = 0x0000_0003_0000_0009UL;
        var noise = new GaussianNoise(seed);
        double worst = 0;
        for (long n = 0; n < 200_000; n += (n % 97) + 1)
        {
            ulong index = (ulong)n * 0x9E37_79B9_7F4A_7C15UL; // spread over the whole 64-bit index space
            ulong block = index / 32 * 16 + index % 16;
            uint w0 = (uint)block, w1 = (uint)(block >> 32), w2 = unchecked((uint)step), w3 = (uint)(step >> 32);
            Philox4x32.Apply(ref w0, ref w1, ref w2, ref w3, unchecked((uint)seed), (uint)(seed >> 32));
            ulong k1 = (((ulong)w0 << 32) | w1) >> 11, k2 = (((ulong)w2 << 32) | w3) >> 11;
            double r = Math.Sqrt(-2 * Math.Log((k1 + 1) * Math.ScaleB(1.0, -53)));
            double theta = 2 * Math.PI * ((k2 + 0.5) * Math.ScaleB(1.0, -53));
            double reference = index % 32 < 16 ? r * Math.Cos(theta) : r * Math.Sin(theta);
            double z = noise.SampleDouble(step, unchecked((long)index));
            double error = Math.Abs(z - reference) / (1 + Math.Abs(z));
            worst = Math.Max(worst, error);
            Assert.True(error <= 1e-14, $"index {index}: {z:R}, reference {reference:R}");
        }

        _output.WriteLine($"largest |z - reference| / (1 + |z|): {worst:E2}");
    }

    [Fact]
    public void Unaligned_starts_and_odd_lengths_give_the_same_values_as_one_long_fill()
    {
        var noise = new GaussianNoise(42);
        double[] whole = new double[1000];
        noise.Fill(3, 0, whole);
        foreach ((int start, int length) in new[] { (0, 0), (1, 1), (5, 31), (31, 2), (32, 32), (16, 17), (17, 300), (100, 900) })
        {
            double[] part = new double[length];
            noise.Fill(3, start, part);
            AssertBitwiseEqual(whole.AsSpan(start, length).ToArray(), part, $"start {start}, length {length}");
        }

        for (int i = 0; i < whole.Length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(noise.SampleDouble(3, i)), BitConverter.DoubleToInt64Bits(whole[i]));
        }
    }

    [Fact]
    public void Thread_count_and_chunk_size_do_not_change_a_single_bit()
    {
        var noise = new GaussianNoise(99);
        const int length = 50_003;
        double[] reference = new double[length];
        noise.Fill(11, 5, reference, new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 1 });
        foreach (int chunk in new[] { 64, 128, 640, 4096 })
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                foreach (int bits in VectorWidths)
                {
                    double[] other = new double[length];
                    noise.Fill(11, 5, other, new KernelOptions { MaxDegreeOfParallelism = threads, ChunkSize = chunk, MaxVectorBits = bits });
                    AssertBitwiseEqual(reference, other, $"chunk {chunk}, threads {threads}, bits {bits}");
                }
            }
        }
    }

    [Theory]
    [InlineData(-3000L)]
    [InlineData(-31L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue - 2000)]
    [InlineData(long.MaxValue - 15)]
    public void Fill_across_the_counter_wrap_equals_the_scalar_reference(long start)
    {
        var noise = new GaussianNoise(0x0123_4567_89AB_CDEFUL);
        const ulong step = 0xDEAD_BEEF_0000_0007UL;
        const int length = 6_001;
        double[] expected = new double[length];
        for (int k = 0; k < length; k++)
        {
            expected[k] = noise.SampleDouble(step, unchecked(start + k));
        }

        foreach (var options in new[]
        {
            new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 512 },
            new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 256 },
            new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 128 },
            new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 1 },
            new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 64 },
            new KernelOptions { MaxDegreeOfParallelism = 3, ChunkSize = 640, MaxVectorBits = 128 },
        })
        {
            double[] filled = new double[length];
            noise.Fill(step, start, filled, options);
            AssertBitwiseEqual(expected, filled, $"start {start}, {options}");
        }
    }

    [Fact]
    public void Double_normals_are_their_own_stream_with_53_bit_resolution()
    {
        // Not the float values widened: a double destination gets the double construction, which has more than
        // 24 significant bits in practically every value.
        var noise = new GaussianNoise(5);
        float[] single = new float[777];
        double[] wide = new double[777];
        noise.Fill(2, 3, single);
        noise.Fill(2, 3, wide);
        int widened = 0, narrow = 0;
        for (int i = 0; i < wide.Length; i++)
        {
            widened += wide[i] == single[i] ? 1 : 0;
            narrow += wide[i] == (float)wide[i] ? 1 : 0;
        }

        Assert.Equal(0, widened);
        Assert.Equal(0, narrow);
    }

    [Fact]
    public void Ten_million_draws_have_normal_moments_KS_distance_tail_mass_and_no_correlation()
    {
        // n = 10^7 standard normals from one seed. Every bound is 5 standard errors of the statistic under the null
        // (two-sided false-alarm probability 6e-7 each); the seed is fixed so the test is deterministic.
        const int n = 10_000_000;
        var noise = new GaussianNoise(20261201);
        double[] z = new double[n];
        double[] nextStep = new double[n];
        noise.Fill(0, 0, z);
        noise.Fill(1, 0, nextStep);

        // Tail mass: P(|Z| > 4) = 6.334e-5, so the count is binomial with mean 633.4 and SE sqrt(n p (1 - p)) = 25.2.
        int beyond4 = z.Count(x => Math.Abs(x) > 4);
        double p4 = 2 * (1 - Stats.NormalCdf(4));
        double expected4 = n * p4, se4 = Math.Sqrt(n * p4 * (1 - p4));
        Assert.InRange(beyond4, expected4 - 5 * se4, expected4 + 5 * se4);

        // Lags 1 (neighbours), 16 (the Box-Muller partner: cos at j, sin at j + 16 of the same block), 32 (the next
        // tile), 48 and 64; the other stream is the next step.
        Stats.AssertStandardNormal(z, nextStep, new[] { 1, 16, 32, 48, 64 });
    }

    [Fact]
    public void The_tail_reaches_beyond_the_single_precision_limit()
    {
        // Targeted counter search: Philox is a bijection, so invert it to find the counter whose words are
        // (0, t, 0, 0): then k1 = t >> 11 = 0, u1 = 2^-53 (the smallest uniform) and the angle is 2 pi 2^-54, so the
        // cosine output is r = sqrt(-2 ln 2^-53) = sqrt(106 ln 2) = 8.5718, far beyond the float limit 5.77. The
        // counter gives the step (words 2, 3) and the block (words 0, 1); t is chosen so the block is below 2^63
        // (every such block is some element's).
        const ulong seed = 0x5EED_0000_0000_0042UL;
        for (uint t = 0; t < 2048; t++)
        {
            InvertPhilox(0, t, 0, 0, unchecked((uint)seed), (uint)(seed >> 32), out uint c0, out uint c1, out uint c2, out uint c3);
            ulong block = c0 | ((ulong)c1 << 32);
            if (block >= 1UL << 63)
            {
                continue;
            }

            ulong step = c2 | ((ulong)c3 << 32);
            long index = (long)(block / 16 * 32 + block % 16); // the cosine output of the block
            var noise = new GaussianNoise(seed);
            double z = noise.SampleDouble(step, index);
            double limit = Math.Sqrt(106 * Math.Log(2));
            Assert.True(Math.Abs(z - limit) <= 1e-14 * limit, $"z = {z:R}, expected sqrt(106 ln 2) = {limit:R}");
            Assert.True(z > Math.Sqrt(48 * Math.Log(2)) + 2.5);

            // The vector paths reach it too (the fill of the whole tile around it, at every width).
            foreach (int bits in VectorWidths)
            {
                double[] tile = new double[64];
                noise.Fill(step, index - 20, tile, new KernelOptions { MaxVectorBits = bits, MaxDegreeOfParallelism = 1 });
                Assert.Equal(BitConverter.DoubleToInt64Bits(z), BitConverter.DoubleToInt64Bits(tile[20]));
            }

            // And the draw count that makes such values certain: a block with u1 < 2^-24 (|z| may exceed 5.77) has
            // probability 2^-24 per block; the search above needs none.
            return;
        }

        Assert.Fail("no counter with a block below 2^63 among 2048 candidates (probability 2^-2048)");
    }

    [Fact]
    public void Ln_sin_and_cos_are_within_one_ulp_of_Math_over_their_reduced_ranges()
    {
        var random = new Random(20261201);
        const int count = 2_000_000;

        // -ln u over the uniforms the transform produces, u = (k + 1) 2^-53 (every binade from 2^-53 to 1 equally
        // likely in k's leading bits, plus the densest part just below 1 and the exact powers of two).
        long logWorst = 0;
        double logWorstAt = 0;
        int logOff = 0, sinOff = 0, cosOff = 0;
        for (int i = 0; i < count + 1100; i++)
        {
            double u;
            if (i < count)
            {
                ulong k = ((ulong)random.NextInt64(1L << 53) >> (int)random.NextInt64(0, 53)) + 1;
                u = k * (1.0 / 9007199254740992.0);
            }
            else if (i < count + 1000)
            {
                u = 1 - (i - count) * (1.0 / 9007199254740992.0);
            }
            else
            {
                u = Math.ScaleB(1.0, -(i - count - 1000) % 54);
            }

            long e = UlpDistance(DoubleNormalTile.NegatedLog(u), -Math.Log(u));
            logOff += e == 0 ? 0 : 1;
            if (e > logWorst)
            {
                logWorst = e;
                logWorstAt = u;
            }
        }

        // sin and cos on [-pi/4, pi/4]: uniform arguments and the transform's own grid (2j + 1) (pi/2) 2^-52.
        long sinWorst = 0, cosWorst = 0;
        for (int i = 0; i < count; i++)
        {
            double a = i % 2 == 0
                ? (random.NextDouble() * 2 - 1) * (Math.PI / 4)
                : (2 * (random.NextInt64(-(1L << 50), 1L << 50)) + 1) * (Math.PI / 2 / 4503599627370496.0);
            long es = UlpDistance(DoubleNormalTile.SineKernel(a), Math.Sin(a)), ec = UlpDistance(DoubleNormalTile.CosineKernel(a), Math.Cos(a));
            sinWorst = Math.Max(sinWorst, es);
            cosWorst = Math.Max(cosWorst, ec);
            sinOff += es == 0 ? 0 : 1;
            cosOff += ec == 0 ? 0 : 1;
        }

        foreach (double a in new[] { Math.PI / 4, -Math.PI / 4, 1e-300, 2.2e-16, 0.5, -0.7 })
        {
            sinWorst = Math.Max(sinWorst, UlpDistance(DoubleNormalTile.SineKernel(a), Math.Sin(a)));
            cosWorst = Math.Max(cosWorst, UlpDistance(DoubleNormalTile.CosineKernel(a), Math.Cos(a)));
        }

        _output.WriteLine($"max ulp difference from Math: ln {logWorst} (at {logWorstAt:R}), sin {sinWorst}, cos {cosWorst}");
        _output.WriteLine($"arguments not equal to Math's result: ln {logOff}, sin {sinOff}, cos {cosOff} of about {count} each");
        Assert.True(logWorst <= 1, $"ln: {logWorst} ulp at {logWorstAt:R}");
        Assert.True(sinWorst <= 1, $"sin: {sinWorst} ulp");
        Assert.True(cosWorst <= 1, $"cos: {cosWorst} ulp");
    }

    /// <summary>Ulps between two finite doubles of the same sign (or zero).</summary>
    private static long UlpDistance(double a, double b)
    {
        if (a == b)
        {
            return 0;
        }

        Assert.True(Math.Sign(a) == Math.Sign(b), $"{a:R} and {b:R} differ in sign");
        return Math.Abs(BitConverter.DoubleToInt64Bits(Math.Abs(a)) - BitConverter.DoubleToInt64Bits(Math.Abs(b)));
    }

    /// <summary>The inverse of Philox4x32-10: the counter whose output under (k0, k1) is (w0, w1, w2, w3).</summary>
    private static void InvertPhilox(uint w0, uint w1, uint w2, uint w3, uint k0, uint k1, out uint c0, out uint c1, out uint c2, out uint c3)
    {
        uint inverse0 = InverseOdd(Philox4x32.Multiplier0), inverse1 = InverseOdd(Philox4x32.Multiplier1);
        for (int round = Philox4x32.Rounds - 1; round >= 0; round--)
        {
            uint key0 = k0 + (uint)round * Philox4x32.KeyIncrement0, key1 = k1 + (uint)round * Philox4x32.KeyIncrement1;

            // Forward: n0 = hi(M1 c2) ^ c1 ^ key0, n1 = lo(M1 c2), n2 = hi(M0 c0) ^ c3 ^ key1, n3 = lo(M0 c0).
            uint p2 = w1 * inverse1, p0 = w3 * inverse0;
            uint p1 = (uint)(((ulong)Philox4x32.Multiplier1 * p2) >> 32) ^ key0 ^ w0;
            uint p3 = (uint)(((ulong)Philox4x32.Multiplier0 * p0) >> 32) ^ key1 ^ w2;
            (w0, w1, w2, w3) = (p0, p1, p2, p3);
        }

        (c0, c1, c2, c3) = (w0, w1, w2, w3);
        uint t0 = c0, t1 = c1, t2 = c2, t3 = c3;
        Philox4x32.Apply(ref t0, ref t1, ref t2, ref t3, k0, k1);
        Assert.True(t0 == 0 && t3 == 0 && t2 == 0, "the inverse is not an inverse");
    }

    private static uint InverseOdd(uint m)
    {
        uint x = m; // Newton's iteration doubles the correct low bits: 3, 6, 12, 24, 48.
        for (int i = 0; i < 5; i++)
        {
            x *= 2 - m * x;
        }

        return x;
    }

    internal static void AssertBitwiseEqual(double[] expected, double[] actual, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
            {
                Assert.Fail($"{context}: element {i} is {actual[i]:R}, expected {expected[i]:R}");
            }
        }
    }
}
