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
/// exploit that only counter word 0 differs between lanes (see <see cref="ApplyPairs{TP, TU}(in PhiloxSchedule, TU, out TU, out TU, out TU, out TU, out TU, out TU, out TU, out TU)"/>).
/// </remarks>
internal static unsafe class PairedPhilox
{
    /// <summary>The four output words for the blocks (<paramref name="blockLow"/>, <paramref name="blockHigh"/>) of the key's stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply<TP, TU>(in NoiseKey key, TU blockLow, uint blockHigh, out TU w0, out TU w1, out TU w2, out TU w3)
        where TP : IPairLanes<TU>
        where TU : struct
        => Apply<TP, TU>(new PhiloxSchedule(key, blockHigh), blockLow, out w0, out w1, out w2, out w3);

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
        PhiloxSchedule schedule = new(key, blockHigh);
        ApplyPairs<TP, TU>(schedule, blockLow, out e0, out e1, out e2, out e3, out o0, out o1, out o2, out o3);
    }

    /// <summary>The four output words for the blocks (<paramref name="blockLow"/>, schedule's block high) of the schedule's stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply<TP, TU>(in PhiloxSchedule schedule, TU blockLow, out TU w0, out TU w1, out TU w2, out TU w3)
        where TP : IPairLanes<TU>
        where TU : struct
    {
        ApplyPairs<TP, TU>(schedule, blockLow, out TU e0, out TU e1, out TU e2, out TU e3, out TU o0, out TU o1, out TU o2, out TU o3);
        w0 = TP.InterleaveOdd(e0, TP.ShiftLeftPairs(o0, 32));
        w1 = TP.InterleaveOdd(e1, TP.ShiftLeftPairs(o1, 32));
        w2 = TP.InterleaveOdd(e2, TP.ShiftLeftPairs(o2, 32));
        w3 = TP.InterleaveOdd(e3, TP.ShiftLeftPairs(o3, 32));
    }

    /// <summary>
    /// <see cref="ApplyPairs{TP, TU}(in NoiseKey, TU, uint, out TU, out TU, out TU, out TU, out TU, out TU, out TU, out TU)"/>
    /// with the lane-invariant scalars and round keys taken from <paramref name="schedule"/> (built once per fill).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ApplyPairs<TP, TU>(
        in PhiloxSchedule schedule, TU blockLow,
        out TU e0, out TU e1, out TU e2, out TU e3, out TU o0, out TU o1, out TU o2, out TU o3)
        where TP : IPairLanes<TU>
        where TU : struct
    {
        const uint M0 = Philox4x32.Multiplier0, M1 = Philox4x32.Multiplier1;
        TU m0 = TP.Broadcast(M0), m1 = TP.Broadcast(M1);

        // The counter words c1 (block high), c2 and c3 (the stream) are the same in every lane, so the first rounds
        // are partly scalar (docs/math.md §8.1): round 1 multiplies only c0 per lane, round 2 only c2, and round 3's
        // c3 is still lane-invariant. The scalar parts are in the schedule. Same words as the reference.

        // Round 1: only M0 c0 varies; the new c0 and c1 are lane-invariant (in the schedule's round-2 keys).
        TU highKey = TP.Broadcast(schedule.Round1HighKey);
        TU pe = TP.MultiplyPairs(blockLow, m0), po = TP.MultiplyPairs(TP.ShiftRightPairs(blockLow, 32), m0);
        TU even2 = TP.Xor(TP.ShiftRightPairs(pe, 32), highKey), odd2 = TP.Xor(TP.ShiftRightPairs(po, 32), highKey);
        TU even3 = pe, odd3 = po;

        // Round 2: M1 c2 varies.
        TU lowKey = TP.Broadcast(schedule.Round2LowKey);
        highKey = TP.Broadcast(schedule.Round2HighKey);
        TU pe1 = TP.MultiplyPairs(even2, m1), po1 = TP.MultiplyPairs(odd2, m1);
        TU even0 = TP.Xor(TP.ShiftRightPairs(pe1, 32), lowKey), odd0 = TP.Xor(TP.ShiftRightPairs(po1, 32), lowKey);
        even2 = TP.Xor(even3, highKey);
        odd2 = TP.Xor(odd3, highKey);
        TU even1 = pe1, odd1 = po1;

        // Round 3: c3 is the same in every lane.
        {
            TU pe0 = TP.MultiplyPairs(even0, m0), po0 = TP.MultiplyPairs(odd0, m0);
            pe1 = TP.MultiplyPairs(even2, m1);
            po1 = TP.MultiplyPairs(odd2, m1);
            TU k0r = TP.Broadcast(schedule.Round3LowKey);
            highKey = TP.Broadcast(schedule.Round3HighKey);
            even0 = TP.Xor(TP.ShiftRightPairs(pe1, 32), TP.Xor(even1, k0r));
            odd0 = TP.Xor(TP.ShiftRightPairs(po1, 32), TP.Xor(odd1, k0r));
            even2 = TP.Xor(TP.ShiftRightPairs(pe0, 32), highKey);
            odd2 = TP.Xor(TP.ShiftRightPairs(po0, 32), highKey);
            even1 = pe1;
            even3 = pe0;
            odd1 = po1;
            odd3 = po0;
        }

        // Rounds 4 to 10, written out: each broadcasts its keys from the schedule at a constant offset (a load, not a
        // scalar-to-vector move), and with no loop the JIT needs neither a counter, nor an index computation per key,
        // nor the ten register moves per iteration that rotated the state back into the loop's registers.
        Round<TP, TU>(ref even0, ref even1, ref even2, ref even3, ref odd0, ref odd1, ref odd2, ref odd3, m0, m1, TP.Broadcast(schedule.LowKey(3)), TP.Broadcast(schedule.HighKey(3)));
        Round<TP, TU>(ref even0, ref even1, ref even2, ref even3, ref odd0, ref odd1, ref odd2, ref odd3, m0, m1, TP.Broadcast(schedule.LowKey(4)), TP.Broadcast(schedule.HighKey(4)));
        Round<TP, TU>(ref even0, ref even1, ref even2, ref even3, ref odd0, ref odd1, ref odd2, ref odd3, m0, m1, TP.Broadcast(schedule.LowKey(5)), TP.Broadcast(schedule.HighKey(5)));
        Round<TP, TU>(ref even0, ref even1, ref even2, ref even3, ref odd0, ref odd1, ref odd2, ref odd3, m0, m1, TP.Broadcast(schedule.LowKey(6)), TP.Broadcast(schedule.HighKey(6)));
        Round<TP, TU>(ref even0, ref even1, ref even2, ref even3, ref odd0, ref odd1, ref odd2, ref odd3, m0, m1, TP.Broadcast(schedule.LowKey(7)), TP.Broadcast(schedule.HighKey(7)));
        Round<TP, TU>(ref even0, ref even1, ref even2, ref even3, ref odd0, ref odd1, ref odd2, ref odd3, m0, m1, TP.Broadcast(schedule.LowKey(8)), TP.Broadcast(schedule.HighKey(8)));
        Round<TP, TU>(ref even0, ref even1, ref even2, ref even3, ref odd0, ref odd1, ref odd2, ref odd3, m0, m1, TP.Broadcast(schedule.LowKey(9)), TP.Broadcast(schedule.HighKey(9)));

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
}
