using System;
using System.Runtime.Intrinsics;
using SdeDsl.Noise;
using Shouldly;
using Xunit;

namespace SdeDsl.Tests;

/// <summary>
/// The exact rewrites that let the single-precision transform and Philox's vector rounds run fewer instructions for
/// the same bits (docs/math.md §8.1, §8.3): each checked against the documented formula, exhaustively where the domain
/// is 2^24 values. The stream hashes (NoiseKnownAnswerTests) pin the values the rewrites produce.
/// </summary>
public sealed class NoiseTransformIdentityTests
{
    private const int UniformValues = 1 << 24;

    [Fact]
    public void Angle_numerator_and_quadrant_bits_equal_the_documented_reduction_for_every_24_bit_angle()
    {
        int mismatches = 0;
        for (uint k = 0; k < UniformValues; k++)
        {
            uint w = (k << 8) | ((k * 37u) & 0xFFu); // the low 8 bits of the word are discarded; vary them anyway

            // docs/math.md §8.3: q = floor((k + 2^21) / 2^22), numerator 2 (k - q 2^22) + 1.
            uint q = (k + (1u << 21)) >> 22;
            int numerator = (int)(2 * (k - (q << 22)) + 1);
            bool swap = (q & 1) == 1, cosNegative = q % 4 is 1 or 2, sinNegative = q % 4 is 2 or 3;

            // The rewrite in NormalTile.BoxMuller, through the scalar lane operations the code runs.
            uint rewritten = ScalarLanes.ShiftRightArithmetic(ScalarLanes.Or(ScalarLanes.ShiftLeft(w, 2), 0x200u), 9);
            uint turn = w + (1u << 29);
            bool ok = (int)rewritten == numerator
                && ((turn << 1) >> 31 == 1) == swap
                && ((turn + (1u << 30)) >> 31 == 1) == cosNegative
                && (turn >> 31 == 1) == sinNegative;
            if (!ok)
            {
                mismatches++;
            }
        }

        mismatches.ShouldBe(0);
    }

    [Fact]
    public void Bits_of_u1_plus_the_log_offset_equal_the_bits_of_k_plus_1_plus_the_folded_offset_for_every_k()
    {
        int mismatches = 0;
        for (uint k = 0; k < UniformValues; k++)
        {
            float u1 = (float)(int)(k + 1) * (1f / 16777216); // docs/math.md §8.3: u1 = (k + 1) 2^-24
            uint documented = BitConverter.SingleToUInt32Bits(u1) + (0x3F800000u - 0x3F3504F3u);
            uint folded = BitConverter.SingleToUInt32Bits((float)(int)(k + 1)) + NormalTile.LogReductionOffset;
            if (documented != folded)
            {
                mismatches++;
            }
        }

        mismatches.ShouldBe(0);
    }

    [Theory]
    [InlineData(0UL, 0UL, 0u)]
    [InlineData(0x243F_6A88_85A3_08D3UL, 0x1319_8A2E_0370_7344UL, 0xA409_3822u)]
    [InlineData(ulong.MaxValue, ulong.MaxValue, uint.MaxValue)]
    [InlineData(42UL, 7UL << 32, 1u)]
    public void Paired_Philox_with_its_partly_scalar_first_rounds_matches_the_reference_in_every_lane(ulong seed, ulong step, uint blockHigh)
    {
        var key = new NoiseKey(seed, step);
        foreach (uint first in new[] { 0u, 16u, 0xFFFF_FFF0u, 0x8000_0000u })
        {
            var low = Vector512.Create(first) + Vector512<uint>.Indices;

            PairedPhilox.Apply<Lanes512, Vector512<uint>>(key, low, blockHigh, out var a0, out var a1, out var a2, out var a3);
            PairedPhilox.Apply<Lanes256, Vector256<uint>>(key, low.GetLower(), blockHigh, out var b0, out var b1, out var b2, out var b3);
            PairedPhilox.Apply<Lanes128, Vector128<uint>>(key, low.GetLower().GetLower(), blockHigh, out var c0, out var c1, out var c2, out var c3);
            for (int lane = 0; lane < Vector512<uint>.Count; lane++)
            {
                uint w0 = low[lane], w1 = blockHigh, w2 = (uint)step, w3 = (uint)(step >> 32);
                Philox4x32.Apply(ref w0, ref w1, ref w2, ref w3, (uint)seed, (uint)(seed >> 32));
                new[] { a0[lane], a1[lane], a2[lane], a3[lane] }.ShouldBe(new[] { w0, w1, w2, w3 }, $"Vector512 lane {lane}, first block {first}");
                if (lane < Vector256<uint>.Count)
                {
                    new[] { b0[lane], b1[lane], b2[lane], b3[lane] }.ShouldBe(new[] { w0, w1, w2, w3 }, $"Vector256 lane {lane}, first block {first}");
                }

                if (lane < Vector128<uint>.Count)
                {
                    new[] { c0[lane], c1[lane], c2[lane], c3[lane] }.ShouldBe(new[] { w0, w1, w2, w3 }, $"Vector128 lane {lane}, first block {first}");
                }
            }
        }
    }
}
