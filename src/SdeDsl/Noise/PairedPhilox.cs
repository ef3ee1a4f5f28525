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
/// interleave of the two results gives every lane exactly the words of the scalar reference.
/// </remarks>
internal static class PairedPhilox
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
        TU even0 = blockLow, odd0 = TP.ShiftRightPairs(blockLow, 32);
        TU even1 = TP.Broadcast(blockHigh), odd1 = even1;
        TU even2 = TP.Broadcast(key.StepLow), odd2 = even2;
        TU even3 = TP.Broadcast(key.StepHigh), odd3 = even3;
        TU k0 = TP.Broadcast(key.SeedLow), k1 = TP.Broadcast(key.SeedHigh);
        TU m0 = TP.Broadcast(Philox4x32.Multiplier0), m1 = TP.Broadcast(Philox4x32.Multiplier1);
        for (int round = 0; round < Philox4x32.Rounds; round++)
        {
            TU pe0 = TP.MultiplyPairs(even0, m0), pe1 = TP.MultiplyPairs(even2, m1);
            TU po0 = TP.MultiplyPairs(odd0, m0), po1 = TP.MultiplyPairs(odd2, m1);
            even0 = TP.Xor(TP.Xor(TP.ShiftRightPairs(pe1, 32), even1), k0);
            even2 = TP.Xor(TP.Xor(TP.ShiftRightPairs(pe0, 32), even3), k1);
            odd0 = TP.Xor(TP.Xor(TP.ShiftRightPairs(po1, 32), odd1), k0);
            odd2 = TP.Xor(TP.Xor(TP.ShiftRightPairs(po0, 32), odd3), k1);
            even1 = pe1;
            even3 = pe0;
            odd1 = po1;
            odd3 = po0;
            k0 = TP.Add(k0, TP.Broadcast(Philox4x32.KeyIncrement0));
            k1 = TP.Add(k1, TP.Broadcast(Philox4x32.KeyIncrement1));
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
}
