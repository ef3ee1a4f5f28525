using System.Runtime.CompilerServices;

namespace SdeDsl.Noise;

/// <summary>
/// Philox4x32-10 (<see cref="Philox4x32.Apply"/>) on SIMD lanes with a widening multiply that reads only the low half
/// of each 64-bit pair (x86 VPMULUDQ): one multiply gives both the high word (after a 64-bit shift) and the low word
/// (in place) of a round's product, with no shuffles.
/// </summary>
/// <remarks>
/// The rounds run twice side by side: on the even lanes where they lie, and on the odd lanes shifted down into the low
/// halves. The high half of each pair then carries junk that never reaches the low half: the multiply reads only low
/// halves, xor and add are lane-wise, and the shift moves high into low only for the product, which is exact. A final
/// interleave of the two results gives every lane exactly the words of the scalar reference. The first three rounds
/// exploit that only counter word 0 differs between lanes (see <see cref="ApplyPairs"/>).
/// </remarks>
internal static unsafe class PairedPhilox
{
    /// <summary>The four output words for the blocks (<paramref name="blockLow"/>, <paramref name="blockHigh"/>) of the key's stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply<TP, TU>(in NoiseKey key, TU blockLow, uint blockHigh, out TU w0, out TU w1, out TU w2, out TU w3)
        where TP : IPairLanes<TU>
        where TU : struct
    {
        ApplyPairs<TP, TU>(key, blockLow, blockHigh, out TU e0, out TU e1, out TU e2, out TU e3, out TU o0, out TU o1, out TU o2, out TU o3);
        w0 = TP.InterleaveOdd(e0, TP.ShiftLeftPairs(o0, 32));
        w1 = TP.InterleaveOdd(e1, TP.ShiftLeftPairs(o1, 32));
        w2 = TP.InterleaveOdd(e2, TP.ShiftLeftPairs(o2, 32));
        w3 = TP.InterleaveOdd(e3, TP.ShiftLeftPairs(o3, 32));
    }

    /// <summary>
    /// The rounds alone, in pair form: the low half of pair i of <paramref name="e0"/> .. <paramref name="e3"/> holds
    /// the four words of the block in lane 2i, the low half of pair i of <paramref name="o0"/> .. <paramref name="o3"/>
    /// those of the block in lane 2i + 1; the high halves are junk. The double-precision transform combines words
    /// (0, 1) and (2, 3) of each block into 64-bit lanes straight from this form.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ApplyPairs<TP, TU>(
        in NoiseKey key, TU blockLow, uint blockHigh,
        out TU e0, out TU e1, out TU e2, out TU e3, out TU o0, out TU o1, out TU o2, out TU o3)
        where TP : IPairLanes<TU>
        where TU : struct
    {
        const uint M0 = Philox4x32.Multiplier0, M1 = Philox4x32.Multiplier1;
        uint k0 = key.SeedLow, k1 = key.SeedHigh;
        TU m0 = TP.Broadcast(M0), m1 = TP.Broadcast(M1);

        // The counter words c1 (block high), c2 and c3 (the stream) are the same in every lane, so the first rounds
        // are partly scalar (docs/math.md §8.1): round 1 multiplies only c0 per lane, round 2 only c2, and round 3's
        // c3 is still lane-invariant. Same words as the reference, fewer vector instructions.

        // Round 1: c1, c2, c3 are the same in every lane; only M0 c0 varies.
        ulong p1 = (ulong)M1 * key.StepLow;
        uint c0 = (uint)(p1 >> 32) ^ blockHigh ^ k0, c1 = (uint)p1;
        TU highKey = TP.Broadcast(key.StepHigh ^ k1);
        TU pe = TP.MultiplyPairs(blockLow, m0), po = TP.MultiplyPairs(TP.ShiftRightPairs(blockLow, 32), m0);
        TU even2 = TP.Xor(TP.ShiftRightPairs(pe, 32), highKey), odd2 = TP.Xor(TP.ShiftRightPairs(po, 32), highKey);
        TU even3 = pe, odd3 = po;
        k0 += Philox4x32.KeyIncrement0;
        k1 += Philox4x32.KeyIncrement1;

        // Round 2: c0, c1 are still the same in every lane; M1 c2 varies.
        ulong p0 = (ulong)M0 * c0;
        TU lowKey = TP.Broadcast(c1 ^ k0);
        highKey = TP.Broadcast((uint)(p0 >> 32) ^ k1);
        TU pe1 = TP.MultiplyPairs(even2, m1), po1 = TP.MultiplyPairs(odd2, m1);
        TU even0 = TP.Xor(TP.ShiftRightPairs(pe1, 32), lowKey), odd0 = TP.Xor(TP.ShiftRightPairs(po1, 32), lowKey);
        even2 = TP.Xor(even3, highKey);
        odd2 = TP.Xor(odd3, highKey);
        TU even1 = pe1, odd1 = po1;
        uint c3 = (uint)p0;
        k0 += Philox4x32.KeyIncrement0;
        k1 += Philox4x32.KeyIncrement1;

        // Round 3: c3 is the same in every lane.
        {
            TU pe0 = TP.MultiplyPairs(even0, m0), po0 = TP.MultiplyPairs(odd0, m0);
            pe1 = TP.MultiplyPairs(even2, m1);
            po1 = TP.MultiplyPairs(odd2, m1);
            TU k0r = TP.Broadcast(k0);
            highKey = TP.Broadcast(c3 ^ k1);
            even0 = TP.Xor(TP.ShiftRightPairs(pe1, 32), TP.Xor(even1, k0r));
            odd0 = TP.Xor(TP.ShiftRightPairs(po1, 32), TP.Xor(odd1, k0r));
            even2 = TP.Xor(TP.ShiftRightPairs(pe0, 32), highKey);
            odd2 = TP.Xor(TP.ShiftRightPairs(po0, 32), highKey);
            even1 = pe1;
            even3 = pe0;
            odd1 = po1;
            odd3 = po0;
            k0 += Philox4x32.KeyIncrement0;
            k1 += Philox4x32.KeyIncrement1;
        }

        // Rounds 4 to 10: the round keys go to memory once, so each round broadcasts them with a load rather than
        // moving a scalar into a vector register.
        RoundKeys keys;
        for (int round = 3; round < Philox4x32.Rounds; round++)
        {
            keys.Words[2 * round] = k0;
            keys.Words[(2 * round) + 1] = k1;
            k0 += Philox4x32.KeyIncrement0;
            k1 += Philox4x32.KeyIncrement1;
        }

        for (int round = 3; round < Philox4x32.Rounds; round++)
        {
            Round<TP, TU>(ref even0, ref even1, ref even2, ref even3, ref odd0, ref odd1, ref odd2, ref odd3, m0, m1, TP.Broadcast(keys.Words[2 * round]), TP.Broadcast(keys.Words[(2 * round) + 1]));
        }

        e0 = even0;
        e1 = even1;
        e2 = even2;
        e3 = even3;
        o0 = odd0;
        o1 = odd1;
        o2 = odd2;
        o3 = odd3;
    }

    /// <summary>One general round on both halves; xor is associative, so the key is folded in off the multiply's path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round<TP, TU>(ref TU even0, ref TU even1, ref TU even2, ref TU even3, ref TU odd0, ref TU odd1, ref TU odd2, ref TU odd3, TU m0, TU m1, TU k0, TU k1)
        where TP : IPairLanes<TU>
        where TU : struct
    {
        TU pe0 = TP.MultiplyPairs(even0, m0), po0 = TP.MultiplyPairs(odd0, m0);
        TU pe1 = TP.MultiplyPairs(even2, m1), po1 = TP.MultiplyPairs(odd2, m1);
        even0 = TP.Xor(TP.ShiftRightPairs(pe1, 32), TP.Xor(even1, k0));
        odd0 = TP.Xor(TP.ShiftRightPairs(po1, 32), TP.Xor(odd1, k0));
        even2 = TP.Xor(TP.ShiftRightPairs(pe0, 32), TP.Xor(even3, k1));
        odd2 = TP.Xor(TP.ShiftRightPairs(po0, 32), TP.Xor(odd3, k1));
        even1 = pe1;
        even3 = pe0;
        odd1 = po1;
        odd3 = po0;
    }

    /// <summary>The keys of rounds 4 to 10 (k0 at index 2r, k1 at 2r + 1, for round index r = 3 .. 9).</summary>
    private unsafe struct RoundKeys
    {
        public fixed uint Words[2 * Philox4x32.Rounds];
    }
}
