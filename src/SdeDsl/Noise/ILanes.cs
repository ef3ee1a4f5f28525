namespace SdeDsl.Noise;

/// <summary>
/// One SIMD width (or the scalar "width 1") seen through the handful of lane-wise operations the Gaussian noise
/// transform needs: 32-bit integer lanes <typeparamref name="TU"/> and single-precision lanes <typeparamref name="TF"/>.
/// </summary>
/// <remarks>
/// The transform in <see cref="NormalTile"/> is written once against this interface, so the scalar path and the
/// Vector128/256/512 paths execute the same sequence of IEEE operations on every lane and produce bitwise-identical
/// values. The polynomial steps are fused multiply-adds (<see cref="MultiplyAdd"/>), which IEEE 754 defines as one
/// rounding of the exact a b + c: every width gives the same bits whether the hardware fuses it (x86 FMA3, Arm64) or
/// the runtime emulates it exactly (docs/math.md §8.3).
/// </remarks>
internal interface ILanes<TF, TU>
    where TF : struct
    where TU : struct
{
    /// <summary>Lanes per value.</summary>
    static abstract int Count { get; }

    static abstract TU Broadcast(uint value);

    /// <summary>(0, 1, 2, ...) across the lanes.</summary>
    static abstract TU LaneIndices();

    static abstract TU Add(TU a, TU b);

    static abstract TU Subtract(TU a, TU b);

    static abstract TU Xor(TU a, TU b);

    static abstract TU And(TU a, TU b);

    static abstract TU ShiftRight(TU a, int count);

    static abstract TU ShiftLeft(TU a, int count);

    /// <summary>Shifts each lane, read as a signed 32-bit integer, right by <paramref name="count"/> bits (sign-filling).</summary>
    static abstract TU ShiftRightArithmetic(TU a, int count);

    static abstract TU Or(TU a, TU b);

    /// <summary>Per lane, <paramref name="ifSet"/> where the sign bit of <paramref name="mask"/> is set, else <paramref name="otherwise"/>.</summary>
    static abstract TF SelectBySign(TU mask, TF ifSet, TF otherwise);

    /// <summary>
    /// Philox4x32-10 (<see cref="Philox4x32.Apply"/>) on the counters (blockLow, blockHigh, step low, step high) of each
    /// lane under the key's seed: the four output words.
    /// </summary>
    static abstract void Philox(in NoiseKey key, TU blockLow, uint blockHigh, out TU w0, out TU w1, out TU w2, out TU w3);

    /// <summary>
    /// <see cref="Philox(in NoiseKey, TU, uint, out TU, out TU, out TU, out TU)"/> with the lane-invariant part taken
    /// from a schedule built once per fill (the same words).
    /// </summary>
    static abstract void Philox(in PhiloxSchedule schedule, TU blockLow, out TU w0, out TU w1, out TU w2, out TU w3);

    /// <summary>Converts lanes read as signed 32-bit integers to float (exact below 2^24 in magnitude).</summary>
    static abstract TF ConvertInt32ToSingle(TU a);

    static abstract TF AsSingle(TU a);

    static abstract TU AsUInt32(TF a);

    static abstract TF Broadcast(float value);

    static abstract TF Add(TF a, TF b);

    static abstract TF Subtract(TF a, TF b);

    static abstract TF Multiply(TF a, TF b);

    static abstract TF Sqrt(TF a);

    /// <summary>a b + c rounded once (IEEE 754 fusedMultiplyAdd), on every lane.</summary>
    static abstract TF MultiplyAdd(TF a, TF b, TF c);

    static abstract unsafe void Store(TF value, float* destination);
}
