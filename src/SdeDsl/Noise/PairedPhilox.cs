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
        TU e0 = blockLow, o0 = TP.ShiftRightPairs(blockLow, 32);
        TU e1 = TP.Broadcast(blockHigh), o1 = e1;
        TU e2 = TP.Broadcast(key.StepLow), o2 = e2;
        TU e3 = TP.Broadcast(key.StepHigh), o3 = e3;
        TU k0 = TP.Broadcast(key.SeedLow), k1 = TP.Broadcast(key.SeedHigh);
        TU m0 = TP.Broadcast(Philox4x32.Multiplier0), m1 = TP.Broadcast(Philox4x32.Multiplier1);
        for (int round = 0; round < Philox4x32.Rounds; round++)
        {
            TU pe0 = TP.MultiplyPairs(e0, m0), pe1 = TP.MultiplyPairs(e2, m1);
            TU po0 = TP.MultiplyPairs(o0, m0), po1 = TP.MultiplyPairs(o2, m1);
            e0 = TP.Xor(TP.Xor(TP.ShiftRightPairs(pe1, 32), e1), k0);
            e2 = TP.Xor(TP.Xor(TP.ShiftRightPairs(pe0, 32), e3), k1);
            o0 = TP.Xor(TP.Xor(TP.ShiftRightPairs(po1, 32), o1), k0);
            o2 = TP.Xor(TP.Xor(TP.ShiftRightPairs(po0, 32), o3), k1);
            e1 = pe1;
            e3 = pe0;
            o1 = po1;
            o3 = po0;
            k0 = TP.Add(k0, TP.Broadcast(Philox4x32.KeyIncrement0));
            k1 = TP.Add(k1, TP.Broadcast(Philox4x32.KeyIncrement1));
        }

        w0 = TP.InterleaveOdd(e0, TP.ShiftLeftPairs(o0, 32));
        w1 = TP.InterleaveOdd(e1, TP.ShiftLeftPairs(o1, 32));
        w2 = TP.InterleaveOdd(e2, TP.ShiftLeftPairs(o2, 32));
        w3 = TP.InterleaveOdd(e3, TP.ShiftLeftPairs(o3, 32));
    }
}
