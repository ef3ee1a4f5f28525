namespace SdeDsl.Noise;

/// <summary>
/// One SIMD width (or the scalar "width 1") seen through the lane-wise operations of the double-precision Gaussian
/// transform: 64-bit integer lanes <typeparamref name="TL"/> and double-precision lanes <typeparamref name="TD"/>.
/// </summary>
/// <remarks>
/// The sibling of <see cref="ILanes{TF, TU}"/>: <see cref="DoubleNormalTile"/> is written once against it, so the
/// scalar path and the Vector128/256/512 paths execute the same IEEE operations on every lane and give bitwise
/// identical values. No fused multiply-add is used. Integer/double conversions are done with exact bit tricks
/// (in <see cref="DoubleNormalTile"/>), not conversion instructions, so they are exact and cheap at every width.
/// </remarks>
internal interface IDoubleLanes<TD, TL>
    where TD : struct
    where TL : struct
{
    /// <summary>64-bit lanes per value.</summary>
    static abstract int Count { get; }

    static abstract TL BroadcastUInt64(ulong value);

    static abstract TL Add(TL a, TL b);

    static abstract TL Subtract(TL a, TL b);

    static abstract TL And(TL a, TL b);

    static abstract TL Or(TL a, TL b);

    static abstract TL Xor(TL a, TL b);

    static abstract TL ShiftRight(TL a, int count);

    static abstract TL ShiftLeft(TL a, int count);

    /// <summary>
    /// Philox4x32-10 (<see cref="Philox4x32.Apply"/>) on the 2 <see cref="Count"/> blocks <paramref name="firstBlock"/>,
    /// <paramref name="firstBlock"/> + 1, ... of the key's stream (counter (block low, block high, step low, step
    /// high)); <paramref name="firstBlock"/> is a multiple of 2 <see cref="Count"/>. Lane i of
    /// <paramref name="lower01"/> is (w0 &lt;&lt; 32) | w1 and of <paramref name="lower23"/> (w2 &lt;&lt; 32) | w3 of block
    /// <paramref name="firstBlock"/> + i; <paramref name="upper01"/> and <paramref name="upper23"/> the same for block
    /// <paramref name="firstBlock"/> + <see cref="Count"/> + i.
    /// </summary>
    static abstract void Philox(in PhiloxSchedule schedule, ulong firstBlock, out TL lower01, out TL lower23, out TL upper01, out TL upper23);

    static abstract TD AsDouble(TL a);

    static abstract TL AsUInt64(TD a);

    static abstract TD BroadcastDouble(double value);

    static abstract TD Add(TD a, TD b);

    static abstract TD Subtract(TD a, TD b);

    static abstract TD Multiply(TD a, TD b);

    static abstract TD Divide(TD a, TD b);

    static abstract TD Sqrt(TD a);

    static abstract unsafe void Store(TD value, double* destination);
}
