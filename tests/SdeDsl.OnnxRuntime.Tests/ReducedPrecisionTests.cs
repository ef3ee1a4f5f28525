using System;
using System.Collections.Generic;
using Shouldly;
using Xunit;

namespace SdeDsl.OnnxRuntime.Tests;

/// <summary>
/// The float16 and bfloat16 conversions (docs/math.md §14) against independent references: <see cref="Half"/>'s
/// conversions for float16, and round-to-nearest-even computed in double from the two neighbouring bfloat16 values
/// for bfloat16. Every length 0..49 is converted so the vector path and the scalar tail are both exercised.
/// </summary>
public sealed class ReducedPrecisionTests
{
    [Fact]
    public void Every_float16_widens_exactly()
    {
        var source = new ushort[65536];
        for (int i = 0; i < source.Length; i++)
        {
            source[i] = (ushort)i;
        }

        var result = new float[source.Length];
        ReducedPrecision.FromFloat16(source, result);
        for (int i = 0; i < source.Length; i++)
        {
            float expected = (float)BitConverter.UInt16BitsToHalf((ushort)i);
            if (float.IsNaN(expected))
            {
                float.IsNaN(result[i]).ShouldBeTrue($"0x{i:X4}");
            }
            else
            {
                BitConverter.SingleToUInt32Bits(result[i]).ShouldBe(BitConverter.SingleToUInt32Bits(expected), $"0x{i:X4}");
            }
        }
    }

    /// <summary>
    /// Narrowing of every float16 value, the midpoints between neighbours (the ties, which go to the even neighbour),
    /// one float ulp either side of each midpoint, values beyond the range (overflow to infinity at 65520), infinities,
    /// NaNs, and 10^5 random bit patterns; bit for bit equal to (Half)x.
    /// </summary>
    [Fact]
    public void Narrowing_to_float16_rounds_to_nearest_even_like_Half()
    {
        var values = new List<float> { float.PositiveInfinity, float.NegativeInfinity, float.NaN, 65520f, 65519.996f, 1e10f, -1e-10f, float.Epsilon };
        for (int h = 0; h < 0x7C00; h++)
        {
            float a = (float)BitConverter.UInt16BitsToHalf((ushort)h);
            float b = (float)BitConverter.UInt16BitsToHalf((ushort)(h + 1));
            float mid = (float)(((double)a + b) / 2);            // exact: the midpoint needs 12 significant bits
            foreach (float v in new[] { a, mid, MathF.BitDecrement(mid), MathF.BitIncrement(mid) })
            {
                values.Add(v);
                values.Add(-v);
            }
        }

        var rng = new Random(1);
        for (int i = 0; i < 100_000; i++)
        {
            values.Add(BitConverter.UInt32BitsToSingle((uint)rng.NextInt64(0, 1L << 32)));
        }

        float[] source = values.ToArray();
        var result = new ushort[source.Length];
        ReducedPrecision.ToFloat16(source, result);
        for (int i = 0; i < source.Length; i++)
        {
            ushort expected = BitConverter.HalfToUInt16Bits((Half)source[i]);
            if (float.IsNaN(source[i]))
            {
                Half.IsNaN(BitConverter.UInt16BitsToHalf(result[i])).ShouldBeTrue();
                (result[i] & 0x8000).ShouldBe(expected & 0x8000);
            }
            else
            {
                result[i].ShouldBe(expected, $"{source[i]:R} (0x{BitConverter.SingleToUInt32Bits(source[i]):X8})");
            }
        }
    }

    [Fact]
    public void Narrowing_to_bfloat16_rounds_to_nearest_even()
    {
        var rng = new Random(2);
        var values = new List<float> { 0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.Epsilon, 1f, 1.00390625f };
        for (int i = 0; i < 200_000; i++)
        {
            uint bits = (uint)rng.NextInt64(0, 1L << 32);
            values.Add(BitConverter.UInt32BitsToSingle(bits));
            values.Add(BitConverter.UInt32BitsToSingle((bits & 0xFFFF0000u) | 0x8000u));   // an exact tie
        }

        float[] source = values.ToArray();
        var result = new ushort[source.Length];
        ReducedPrecision.ToBFloat16(source, result);
        var back = new float[source.Length];
        ReducedPrecision.FromBFloat16(result, back);
        for (int i = 0; i < source.Length; i++)
        {
            float x = source[i];
            if (float.IsNaN(x))
            {
                float.IsNaN(back[i]).ShouldBeTrue($"0x{BitConverter.SingleToUInt32Bits(x):X8}");
                continue;
            }

            BitConverter.SingleToUInt32Bits(back[i]).ShouldBe((uint)result[i] << 16);   // widening is exact
            result[i].ShouldBe(NearestEvenBFloat16(x), $"{x:R} (0x{BitConverter.SingleToUInt32Bits(x):X8})");
        }
    }

    [Fact]
    public void Every_length_converts_like_the_scalar_path()
    {
        var rng = new Random(3);
        for (int n = 0; n < 50; n++)
        {
            var x = new float[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = (float)((rng.NextDouble() * 2 - 1) * 100);
            }

            var h = new ushort[n];
            var b = new ushort[n];
            var hx = new float[n];
            var bx = new float[n];
            ReducedPrecision.ToFloat16(x, h);
            ReducedPrecision.ToBFloat16(x, b);
            ReducedPrecision.FromFloat16(h, hx);
            ReducedPrecision.FromBFloat16(b, bx);
            for (int i = 0; i < n; i++)
            {
                h[i].ShouldBe(BitConverter.HalfToUInt16Bits((Half)x[i]));
                hx[i].ShouldBe((float)(Half)x[i]);
                b[i].ShouldBe(NearestEvenBFloat16(x[i]));
                bx[i].ShouldBe(BitConverter.UInt32BitsToSingle((uint)b[i] << 16));
            }
        }
    }

    [Fact]
    public void Mismatched_lengths_name_the_destination()
    {
        Should.Throw<ArgumentException>(() => ReducedPrecision.ToFloat16(new float[3], new ushort[2])).ParamName.ShouldBe("destination");
        Should.Throw<ArgumentException>(() => ReducedPrecision.FromBFloat16(new ushort[3], new float[4])).ParamName.ShouldBe("destination");
    }

    /// <summary>The reference: of the two bfloat16 values around x (truncation and the next one up), the nearer in double; a tie goes to the even one.</summary>
    private static ushort NearestEvenBFloat16(float x)
    {
        uint bits = BitConverter.SingleToUInt32Bits(x);
        ushort down = (ushort)(bits >> 16);
        if ((bits & 0xFFFF) == 0)
        {
            return down;
        }

        ushort up = (ushort)(down + 1);                           // the next magnitude (to infinity past the largest)
        double lo = Math.Abs((double)BitConverter.UInt32BitsToSingle((uint)down << 16) - x);
        float upValue = BitConverter.UInt32BitsToSingle((uint)up << 16);
        double hi = float.IsInfinity(upValue) ? Math.Abs(Math.ScaleB(1, 128) - Math.Abs((double)x)) : Math.Abs((double)upValue - x);
        return lo < hi ? down : hi < lo ? up : (down & 1) == 0 ? down : up;
    }
}
