namespace SdeDsl.Noise;

/// <summary>
/// A SIMD width whose 32-bit lanes are also seen as 64-bit pairs (lane 2i in the low half, lane 2i + 1 in the high
/// half), with the 32 x 32 -&gt; 64-bit multiply of the low halves (x86 VPMULUDQ) that <see cref="PairedPhilox"/> runs on.
/// </summary>
internal interface IPairLanes<TU>
    where TU : struct
{
    static abstract TU Broadcast(uint value);

    static abstract TU Add(TU a, TU b);

    static abstract TU Xor(TU a, TU b);

    /// <summary>Each pair becomes the 64-bit product of its low half and <paramref name="m"/>.</summary>
    static abstract TU MultiplyPairs(TU a, TU m);

    /// <summary>Shifts each 64-bit pair right by <paramref name="count"/> bits.</summary>
    static abstract TU ShiftRightPairs(TU a, int count);

    /// <summary>Shifts each 64-bit pair left by <paramref name="count"/> bits.</summary>
    static abstract TU ShiftLeftPairs(TU a, int count);

    /// <summary>The even lanes of <paramref name="even"/> and the odd lanes of <paramref name="odd"/>.</summary>
    static abstract TU InterleaveOdd(TU even, TU odd);
}
