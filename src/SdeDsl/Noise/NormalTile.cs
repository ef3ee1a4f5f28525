using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SdeDsl.Noise;

/// <summary>
/// The counter-based Gaussian transform: Philox4x32-10 words to standard normals by Box-Muller, laid out in
/// tiles of 64 elements so every SIMD width fills a tile with contiguous stores.
/// </summary>
/// <remarks>
/// <para>Layout. Element n lies in tile n / 64 at position j = n mod 64; it takes word w = j / 16 of the Philox
/// block b = 16 (n / 64) + (j mod 16). The block's counter is (b low, b high, step low, step high) and its key is
/// the 64-bit seed. Words (0, 1) give one Box-Muller pair (r cos, r sin) for positions 0-15 and 16-31, words (2, 3)
/// the pair for positions 32-47 and 48-63. So an element's value depends only on (seed, step, n). The element index
/// n is a 64-bit counter (callers wrap it modulo 2^64); its block index b &lt; 2^62 never overflows the 64-bit
/// block counter.</para>
/// <para>Transform. u1 = (w0 &gt;&gt; 8 + 1) 2^-24 in (0, 1], r = sqrt(-2 ln u1); the angle 2 pi u2 with
/// u2 = (w1 &gt;&gt; 8 + 1/2) 2^-24 is reduced to a quadrant q and a remainder a in [-pi/4, pi/4] in exact integer
/// arithmetic; ln, sin and cos are Cephes single-precision polynomials, each Horner step one fused multiply-add
/// (docs/math.md §8.3). All widths run the same operations (see <see cref="ILanes{TF, TU}"/>), so values are bitwise
/// identical for any vector width.
/// The largest |z| is sqrt(48 ln 2) = 5.77: the tail beyond it (probability 8e-9) is not produced.</para>
/// </remarks>
internal static unsafe class NormalTile
{
    /// <summary>Elements per tile.</summary>
    public const int Length = 64;

    /// <summary>Philox blocks per tile (each yields four normals).</summary>
    public const int Blocks = 16;

    /// <summary>(pi/2) 2^-23: the angle of one unit of the odd numerator below.</summary>
    private const float HalfPiTimes2ToMinus23 = (float)(System.Math.PI / 2 / 8388608);

    /// <summary>
    /// Added to the bits of the float k + 1: subtracts 24 from the exponent (u1 = (k + 1) 2^-24) and adds ln's
    /// reduction offset 0x3F800000 - 0x3F3504F3 (see <see cref="Log{TL, TF, TU}"/>).
    /// </summary>
    internal const uint LogReductionOffset = unchecked(0x3F800000u - 0x3F3504F3u - (24u << 23));

    /// <summary>Writes the 64 normals of tile <paramref name="tile"/> to <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Fill(in NoiseKey key, ulong tile, float* destination, int vectorBits)
    {
        PhiloxSchedule schedule = new(key, (uint)((tile * Blocks) >> 32));
        if (vectorBits >= 512 && Vector512.IsHardwareAccelerated)
        {
            FillWith<Lanes512, Vector512<float>, Vector512<uint>>(schedule, tile, destination);
        }
        else if (vectorBits >= 256 && Vector256.IsHardwareAccelerated)
        {
            FillWith<Lanes256, Vector256<float>, Vector256<uint>>(schedule, tile, destination);
        }
        else if (vectorBits >= 128 && Vector128.IsHardwareAccelerated)
        {
            FillWith<Lanes128, Vector128<float>, Vector128<uint>>(schedule, tile, destination);
        }
        else
        {
            FillWith<ScalarLanes, float, uint>(schedule, tile, destination);
        }
    }

    /// <summary>
    /// Writes <paramref name="count"/> consecutive tiles, <paramref name="firstTile"/> on, to
    /// <paramref name="destination"/>: <see cref="Fill"/> for each, with the width chosen once and Philox's
    /// lane-invariant part (<see cref="PhiloxSchedule"/>) built once per run of tiles that share the block's high word
    /// (docs/benchmarks.md, "Issue 18, round 4: noise"). The caller keeps the run below the wrap of the element index
    /// (the last tile is 2^64 / <see cref="Length"/> - 1).
    /// </summary>
    public static void FillTiles(in NoiseKey key, ulong firstTile, long count, float* destination, int vectorBits)
    {
        if (vectorBits >= 512 && Vector512.IsHardwareAccelerated)
        {
            FillTilesWith<Lanes512, Vector512<float>, Vector512<uint>>(key, firstTile, count, destination);
        }
        else if (vectorBits >= 256 && Vector256.IsHardwareAccelerated)
        {
            FillTilesWith<Lanes256, Vector256<float>, Vector256<uint>>(key, firstTile, count, destination);
        }
        else if (vectorBits >= 128 && Vector128.IsHardwareAccelerated)
        {
            FillTilesWith<Lanes128, Vector128<float>, Vector128<uint>>(key, firstTile, count, destination);
        }
        else
        {
            FillTilesWith<ScalarLanes, float, uint>(key, firstTile, count, destination);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillTilesWith<TL, TF, TU>(in NoiseKey key, ulong firstTile, long count, float* destination)
        where TL : ILanes<TF, TU>
        where TF : struct
        where TU : struct
    {
        PhiloxSchedule schedule = new(key, (uint)((firstTile * Blocks) >> 32));
        for (long t = 0; t < count; t++)
        {
            ulong tile = firstTile + (ulong)t;
            uint high = (uint)((tile * Blocks) >> 32);
            if (high != schedule.BlockHigh)
            {
                schedule = new PhiloxSchedule(key, high); // every 2^28 tiles
            }

            FillWith<TL, TF, TU>(schedule, tile, destination + (t * Length));
        }
    }

    /// <summary>
    /// The tile at exactly the given width, whether or not the hardware accelerates it (software-emulated vectors
    /// compute the same bits): lets tests check every instantiation on any machine.
    /// </summary>
    internal static void FillAtWidth(in NoiseKey key, ulong tile, System.Span<float> tileValues, int width)
    {
        System.ArgumentOutOfRangeException.ThrowIfLessThan(tileValues.Length, Length);
        fixed (float* destination = tileValues)
        {
            FillAtWidth(key, tile, destination, width);
        }
    }

    private static void FillAtWidth(in NoiseKey key, ulong tile, float* destination, int width)
    {
        PhiloxSchedule schedule = new(key, (uint)((tile * Blocks) >> 32));
        switch (width)
        {
            case 512: FillWith<Lanes512, Vector512<float>, Vector512<uint>>(schedule, tile, destination); break;
            case 256: FillWith<Lanes256, Vector256<float>, Vector256<uint>>(schedule, tile, destination); break;
            case 128: FillWith<Lanes128, Vector128<float>, Vector128<uint>>(schedule, tile, destination); break;
            default: FillWith<ScalarLanes, float, uint>(schedule, tile, destination); break;
        }
    }

    /// <summary>The normal at element <paramref name="index"/> alone (the scalar path; same bits as <see cref="Fill"/>).</summary>
    public static float Single(in NoiseKey key, ulong index) => Single(key, index / Length, (int)(index % Length));

    /// <summary>
    /// The normal at <paramref name="position"/> (0 to 63) of tile <paramref name="tile"/> alone: the value
    /// <see cref="Fill"/> writes there (the tile index need not be below 2^58: sample-keyed tiles carry the sample in
    /// their top bits, docs/math.md §13).
    /// </summary>
    public static float Single(in NoiseKey key, ulong tile, int position)
    {
        ulong block = (tile * Blocks) + (ulong)(position % Blocks);
        int word = position / Blocks;
        Generate<ScalarLanes, float, uint>(
            key, (uint)block, (uint)(block >> 32), out float z0, out float z1, out float z2, out float z3);
        return word switch { 0 => z0, 1 => z1, 2 => z2, _ => z3 };
    }

    /// <summary>
    /// One method per width with every lane operation inlined, so the JIT keeps Philox's state and the Box-Muller
    /// intermediates in registers (out-of-line helpers with vector out-parameters pass them through memory).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void FillWith<TL, TF, TU>(in PhiloxSchedule schedule, ulong tile, float* destination)
        where TL : ILanes<TF, TU>
        where TF : struct
        where TU : struct
    {
        ulong firstBlock = tile * Blocks;
        if (2 * TL.Count <= Blocks)
        {
            // Two vectors of blocks at a time, so that four Box-Muller pairs are in flight (BoxMuller4).
            for (int part = 0; part < Blocks; part += 2 * TL.Count)
            {
                TU low = TL.Add(TL.Broadcast((uint)firstBlock + (uint)part), TL.LaneIndices());
                TL.Philox(schedule, low, out TU a0, out TU a1, out TU a2, out TU a3);
                TL.Philox(schedule, TL.Add(low, TL.Broadcast((uint)TL.Count)), out TU b0, out TU b1, out TU b2, out TU b3);
                BoxMuller4<TL, TF, TU>(a0, a1, a2, a3, b0, b1, b2, b3, destination + part, destination + part + TL.Count);
            }
        }
        else
        {
            // One vector covers the tile's 16 blocks (Vector512).
            TU low = TL.Add(TL.Broadcast((uint)firstBlock), TL.LaneIndices());
            TL.Philox(schedule, low, out TU w0, out TU w1, out TU w2, out TU w3);
            BoxMuller2<TL, TF, TU>(w0, w1, w2, w3, destination);
        }
    }

    /// <summary>Philox4x32-10 on the blocks (low, high) of the key's stream, then two Box-Muller pairs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Generate<TL, TF, TU>(in NoiseKey key, TU blockLow, uint blockHigh, out TF z0, out TF z1, out TF z2, out TF z3)
        where TL : ILanes<TF, TU>
        where TF : struct
        where TU : struct
    {
        TL.Philox(key, blockLow, blockHigh, out TU w0, out TU w1, out TU w2, out TU w3);
        BoxMuller<TL, TF, TU>(w0, w1, out z0, out z1);
        BoxMuller<TL, TF, TU>(w2, w3, out z2, out z3);
    }

    /// <summary>
    /// One Box-Muller pair (docs/math.md §8.3), the reference form: every other path runs exactly these operations
    /// (<see cref="BoxMuller2{TL, TF, TU}"/> and <see cref="BoxMuller4{TL, TF, TU}"/> interleave copies of them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BoxMuller<TL, TF, TU>(TU radiusWord, TU angleWord, out TF cosine, out TF sine)
        where TL : ILanes<TF, TU>
        where TF : struct
        where TU : struct
    {
        // u1 = (k + 1) 2^-24 in (0, 1], r = sqrt(-2 ln u1). The float k + 1 is exact and scaling by 2^-24 only lowers
        // its exponent by 24, so the bits of u1 that ln reduces are those of k + 1 minus 24 << 23.
        TU one = TL.Broadcast(1u);
        TU bits = TL.Add(TL.AsUInt32(TL.ConvertInt32ToSingle(TL.Add(TL.ShiftRight(radiusWord, 8), one))), TL.Broadcast(LogReductionOffset));
        TF radius = TL.Sqrt(TL.Multiply(TL.Subtract(TL.Broadcast(0f), Log<TL, TF, TU>(bits)), TL.Broadcast(2f)));

        // Angle 2 pi (k + 1/2) 2^-24 = q pi/2 + a with k = w >> 8, q = round(k / 2^22) and
        // a = (2 (k - q 2^22) + 1) 2^-23 pi/2. The odd numerator 2 (k - q 2^22) + 1 is the low 23 bits of 2k + 1 read
        // as a signed number: ((w << 2) | 2^9) >> 9, arithmetic. q mod 4 is the top two bits of w + 2^29.
        TU numerator = TL.ShiftRightArithmetic(TL.Or(TL.ShiftLeft(angleWord, 2), TL.Broadcast(0x200u)), 9);
        TF a = TL.Multiply(TL.ConvertInt32ToSingle(numerator), TL.Broadcast(HalfPiTimes2ToMinus23));
        TF a2 = TL.Multiply(a, a);

        // Cephes sinf/cosf minimax polynomials on [-pi/4, pi/4].
        TF sinA = TL.MultiplyAdd(TL.Broadcast(-1.9515295891e-4f), a2, TL.Broadcast(8.3321608736e-3f));
        sinA = TL.MultiplyAdd(sinA, a2, TL.Broadcast(-1.6666654611e-1f));
        sinA = TL.Add(TL.Multiply(TL.Multiply(sinA, a2), a), a);
        TF cosA = TL.MultiplyAdd(TL.Broadcast(2.443315711809948e-5f), a2, TL.Broadcast(-1.388731625493765e-3f));
        cosA = TL.MultiplyAdd(cosA, a2, TL.Broadcast(4.166664568298827e-2f));
        cosA = TL.Add(TL.Subtract(TL.Multiply(TL.Multiply(cosA, a2), a2), TL.Multiply(TL.Broadcast(0.5f), a2)), TL.Broadcast(1f));

        // Rotate by the quadrant: odd q swaps sin and cos (bit 30 of turn); cos is negative for q = 1, 2 (bit 31 of
        // turn + 2^30), sin for q = 2, 3 (bit 31 of turn).
        TU turn = TL.Add(angleWord, TL.Broadcast(1u << 29));
        TU swap = TL.ShiftLeft(turn, 1);
        TF cosSwapped = TL.SelectBySign(swap, sinA, cosA);
        TF sinSwapped = TL.SelectBySign(swap, cosA, sinA);
        TU cosNegative = TL.And(TL.Add(turn, TL.Broadcast(1u << 30)), TL.Broadcast(0x80000000u));
        TU sinNegative = TL.And(turn, TL.Broadcast(0x80000000u));
        TF cosTheta = TL.AsSingle(TL.Xor(TL.AsUInt32(cosSwapped), cosNegative));
        TF sinTheta = TL.AsSingle(TL.Xor(TL.AsUInt32(sinSwapped), sinNegative));

        cosine = TL.Multiply(radius, cosTheta);
        sine = TL.Multiply(radius, sinTheta);
    }

    /// <summary>
    /// ln x for x in (0, 1] given <paramref name="bits"/> = bits(x) + (0x3F800000 - 0x3F3504F3): Cephes logf after
    /// musl's reduction to m in [sqrt(1/2), sqrt(2)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF Log<TL, TF, TU>(TU bits)
        where TL : ILanes<TF, TU>
        where TF : struct
        where TU : struct
    {
        // x = 2^e m: the offset moves sqrt(1/2) to 1 in the exponent field, so the exponent of bits is e.
        TF e = TL.ConvertInt32ToSingle(TL.Subtract(TL.ShiftRight(bits, 23), TL.Broadcast(0x7Fu)));
        TF f = TL.Subtract(
            TL.AsSingle(TL.Add(TL.And(bits, TL.Broadcast(0x007FFFFFu)), TL.Broadcast(0x3F3504F3u))),
            TL.Broadcast(1f));
        TF f2 = TL.Multiply(f, f);

        TF p = TL.MultiplyAdd(TL.Broadcast(7.0376836292e-2f), f, TL.Broadcast(-1.1514610310e-1f));
        p = TL.MultiplyAdd(p, f, TL.Broadcast(1.1676998740e-1f));
        p = TL.MultiplyAdd(p, f, TL.Broadcast(-1.2420140846e-1f));
        p = TL.MultiplyAdd(p, f, TL.Broadcast(1.4249322787e-1f));
        p = TL.MultiplyAdd(p, f, TL.Broadcast(-1.6668057665e-1f));
        p = TL.MultiplyAdd(p, f, TL.Broadcast(2.0000714765e-1f));
        p = TL.MultiplyAdd(p, f, TL.Broadcast(-2.4999993993e-1f));
        p = TL.MultiplyAdd(p, f, TL.Broadcast(3.3333331174e-1f));

        // ln x = f - f^2/2 + f^3 P(f) + e ln 2, with ln 2 split as 0.693359375 - 2.12194440e-4 (Cephes).
        TF y = TL.Multiply(TL.Multiply(p, f), f2);
        y = TL.Add(y, TL.Multiply(TL.Broadcast(-2.12194440e-4f), e));
        y = TL.Subtract(y, TL.Multiply(TL.Broadcast(0.5f), f2));
        TF log = TL.Add(f, y);
        return TL.Add(log, TL.Multiply(TL.Broadcast(0.693359375f), e));
    }

    /// <summary>
    /// Four Box-Muller pairs, (radiusWord0, angleWord0) .. (radiusWord3, angleWord3), stored as the cosine and sine
    /// quarters of <paramref name="destination0"/> (pairs 0, 1) and <paramref name="destination1"/> (pairs 2, 3):
    /// four statement-for-statement copies of <see cref="BoxMuller{TL, TF, TU}"/> (suffixes 0 to 3, the ln inlined),
    /// interleaved so that four independent dependency chains are in flight (the transform is latency-bound: a 9-term
    /// polynomial, a square root, then the product). Out of line: inlined into the tile loop it exceeds the JIT's
    /// inlining budget anyway.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void BoxMuller4<TL, TF, TU>(
        TU radiusWord0, TU angleWord0, TU radiusWord1, TU angleWord1, TU radiusWord2, TU angleWord2, TU radiusWord3, TU angleWord3,
        float* destination0, float* destination1)
        where TL : ILanes<TF, TU>
        where TF : struct
        where TU : struct
    {
        TU one = TL.Broadcast(1u);
        TU bits0 = TL.Add(TL.AsUInt32(TL.ConvertInt32ToSingle(TL.Add(TL.ShiftRight(radiusWord0, 8), one))), TL.Broadcast(LogReductionOffset));
        TU bits1 = TL.Add(TL.AsUInt32(TL.ConvertInt32ToSingle(TL.Add(TL.ShiftRight(radiusWord1, 8), one))), TL.Broadcast(LogReductionOffset));
        TU bits2 = TL.Add(TL.AsUInt32(TL.ConvertInt32ToSingle(TL.Add(TL.ShiftRight(radiusWord2, 8), one))), TL.Broadcast(LogReductionOffset));
        TU bits3 = TL.Add(TL.AsUInt32(TL.ConvertInt32ToSingle(TL.Add(TL.ShiftRight(radiusWord3, 8), one))), TL.Broadcast(LogReductionOffset));
        TU numerator0 = TL.ShiftRightArithmetic(TL.Or(TL.ShiftLeft(angleWord0, 2), TL.Broadcast(0x200u)), 9);
        TU numerator1 = TL.ShiftRightArithmetic(TL.Or(TL.ShiftLeft(angleWord1, 2), TL.Broadcast(0x200u)), 9);
        TU numerator2 = TL.ShiftRightArithmetic(TL.Or(TL.ShiftLeft(angleWord2, 2), TL.Broadcast(0x200u)), 9);
        TU numerator3 = TL.ShiftRightArithmetic(TL.Or(TL.ShiftLeft(angleWord3, 2), TL.Broadcast(0x200u)), 9);
        TF e0 = TL.ConvertInt32ToSingle(TL.Subtract(TL.ShiftRight(bits0, 23), TL.Broadcast(0x7Fu)));
        TF e1 = TL.ConvertInt32ToSingle(TL.Subtract(TL.ShiftRight(bits1, 23), TL.Broadcast(0x7Fu)));
        TF e2 = TL.ConvertInt32ToSingle(TL.Subtract(TL.ShiftRight(bits2, 23), TL.Broadcast(0x7Fu)));
        TF e3 = TL.ConvertInt32ToSingle(TL.Subtract(TL.ShiftRight(bits3, 23), TL.Broadcast(0x7Fu)));
        TF f0 = TL.Subtract(TL.AsSingle(TL.Add(TL.And(bits0, TL.Broadcast(0x007FFFFFu)), TL.Broadcast(0x3F3504F3u))), TL.Broadcast(1f));
        TF f1 = TL.Subtract(TL.AsSingle(TL.Add(TL.And(bits1, TL.Broadcast(0x007FFFFFu)), TL.Broadcast(0x3F3504F3u))), TL.Broadcast(1f));
        TF f2 = TL.Subtract(TL.AsSingle(TL.Add(TL.And(bits2, TL.Broadcast(0x007FFFFFu)), TL.Broadcast(0x3F3504F3u))), TL.Broadcast(1f));
        TF f3 = TL.Subtract(TL.AsSingle(TL.Add(TL.And(bits3, TL.Broadcast(0x007FFFFFu)), TL.Broadcast(0x3F3504F3u))), TL.Broadcast(1f));
        TF a0 = TL.Multiply(TL.ConvertInt32ToSingle(numerator0), TL.Broadcast(HalfPiTimes2ToMinus23));
        TF a1 = TL.Multiply(TL.ConvertInt32ToSingle(numerator1), TL.Broadcast(HalfPiTimes2ToMinus23));
        TF a2 = TL.Multiply(TL.ConvertInt32ToSingle(numerator2), TL.Broadcast(HalfPiTimes2ToMinus23));
        TF a3 = TL.Multiply(TL.ConvertInt32ToSingle(numerator3), TL.Broadcast(HalfPiTimes2ToMinus23));
        TF f20 = TL.Multiply(f0, f0);
        TF f21 = TL.Multiply(f1, f1);
        TF f22 = TL.Multiply(f2, f2);
        TF f23 = TL.Multiply(f3, f3);
        TF p0 = TL.MultiplyAdd(TL.Broadcast(7.0376836292e-2f), f0, TL.Broadcast(-1.1514610310e-1f));
        TF p1 = TL.MultiplyAdd(TL.Broadcast(7.0376836292e-2f), f1, TL.Broadcast(-1.1514610310e-1f));
        TF p2 = TL.MultiplyAdd(TL.Broadcast(7.0376836292e-2f), f2, TL.Broadcast(-1.1514610310e-1f));
        TF p3 = TL.MultiplyAdd(TL.Broadcast(7.0376836292e-2f), f3, TL.Broadcast(-1.1514610310e-1f));
        TF a20 = TL.Multiply(a0, a0);
        TF a21 = TL.Multiply(a1, a1);
        TF a22 = TL.Multiply(a2, a2);
        TF a23 = TL.Multiply(a3, a3);
        p0 = TL.MultiplyAdd(p0, f0, TL.Broadcast(1.1676998740e-1f));
        p1 = TL.MultiplyAdd(p1, f1, TL.Broadcast(1.1676998740e-1f));
        p2 = TL.MultiplyAdd(p2, f2, TL.Broadcast(1.1676998740e-1f));
        p3 = TL.MultiplyAdd(p3, f3, TL.Broadcast(1.1676998740e-1f));
        TF sinA0 = TL.MultiplyAdd(TL.Broadcast(-1.9515295891e-4f), a20, TL.Broadcast(8.3321608736e-3f));
        TF sinA1 = TL.MultiplyAdd(TL.Broadcast(-1.9515295891e-4f), a21, TL.Broadcast(8.3321608736e-3f));
        TF sinA2 = TL.MultiplyAdd(TL.Broadcast(-1.9515295891e-4f), a22, TL.Broadcast(8.3321608736e-3f));
        TF sinA3 = TL.MultiplyAdd(TL.Broadcast(-1.9515295891e-4f), a23, TL.Broadcast(8.3321608736e-3f));
        p0 = TL.MultiplyAdd(p0, f0, TL.Broadcast(-1.2420140846e-1f));
        p1 = TL.MultiplyAdd(p1, f1, TL.Broadcast(-1.2420140846e-1f));
        p2 = TL.MultiplyAdd(p2, f2, TL.Broadcast(-1.2420140846e-1f));
        p3 = TL.MultiplyAdd(p3, f3, TL.Broadcast(-1.2420140846e-1f));
        TF cosA0 = TL.MultiplyAdd(TL.Broadcast(2.443315711809948e-5f), a20, TL.Broadcast(-1.388731625493765e-3f));
        TF cosA1 = TL.MultiplyAdd(TL.Broadcast(2.443315711809948e-5f), a21, TL.Broadcast(-1.388731625493765e-3f));
        TF cosA2 = TL.MultiplyAdd(TL.Broadcast(2.443315711809948e-5f), a22, TL.Broadcast(-1.388731625493765e-3f));
        TF cosA3 = TL.MultiplyAdd(TL.Broadcast(2.443315711809948e-5f), a23, TL.Broadcast(-1.388731625493765e-3f));
        p0 = TL.MultiplyAdd(p0, f0, TL.Broadcast(1.4249322787e-1f));
        p1 = TL.MultiplyAdd(p1, f1, TL.Broadcast(1.4249322787e-1f));
        p2 = TL.MultiplyAdd(p2, f2, TL.Broadcast(1.4249322787e-1f));
        p3 = TL.MultiplyAdd(p3, f3, TL.Broadcast(1.4249322787e-1f));
        sinA0 = TL.MultiplyAdd(sinA0, a20, TL.Broadcast(-1.6666654611e-1f));
        sinA1 = TL.MultiplyAdd(sinA1, a21, TL.Broadcast(-1.6666654611e-1f));
        sinA2 = TL.MultiplyAdd(sinA2, a22, TL.Broadcast(-1.6666654611e-1f));
        sinA3 = TL.MultiplyAdd(sinA3, a23, TL.Broadcast(-1.6666654611e-1f));
        p0 = TL.MultiplyAdd(p0, f0, TL.Broadcast(-1.6668057665e-1f));
        p1 = TL.MultiplyAdd(p1, f1, TL.Broadcast(-1.6668057665e-1f));
        p2 = TL.MultiplyAdd(p2, f2, TL.Broadcast(-1.6668057665e-1f));
        p3 = TL.MultiplyAdd(p3, f3, TL.Broadcast(-1.6668057665e-1f));
        cosA0 = TL.MultiplyAdd(cosA0, a20, TL.Broadcast(4.166664568298827e-2f));
        cosA1 = TL.MultiplyAdd(cosA1, a21, TL.Broadcast(4.166664568298827e-2f));
        cosA2 = TL.MultiplyAdd(cosA2, a22, TL.Broadcast(4.166664568298827e-2f));
        cosA3 = TL.MultiplyAdd(cosA3, a23, TL.Broadcast(4.166664568298827e-2f));
        p0 = TL.MultiplyAdd(p0, f0, TL.Broadcast(2.0000714765e-1f));
        p1 = TL.MultiplyAdd(p1, f1, TL.Broadcast(2.0000714765e-1f));
        p2 = TL.MultiplyAdd(p2, f2, TL.Broadcast(2.0000714765e-1f));
        p3 = TL.MultiplyAdd(p3, f3, TL.Broadcast(2.0000714765e-1f));
        sinA0 = TL.Add(TL.Multiply(TL.Multiply(sinA0, a20), a0), a0);
        sinA1 = TL.Add(TL.Multiply(TL.Multiply(sinA1, a21), a1), a1);
        sinA2 = TL.Add(TL.Multiply(TL.Multiply(sinA2, a22), a2), a2);
        sinA3 = TL.Add(TL.Multiply(TL.Multiply(sinA3, a23), a3), a3);
        p0 = TL.MultiplyAdd(p0, f0, TL.Broadcast(-2.4999993993e-1f));
        p1 = TL.MultiplyAdd(p1, f1, TL.Broadcast(-2.4999993993e-1f));
        p2 = TL.MultiplyAdd(p2, f2, TL.Broadcast(-2.4999993993e-1f));
        p3 = TL.MultiplyAdd(p3, f3, TL.Broadcast(-2.4999993993e-1f));
        cosA0 = TL.Add(TL.Subtract(TL.Multiply(TL.Multiply(cosA0, a20), a20), TL.Multiply(TL.Broadcast(0.5f), a20)), TL.Broadcast(1f));
        cosA1 = TL.Add(TL.Subtract(TL.Multiply(TL.Multiply(cosA1, a21), a21), TL.Multiply(TL.Broadcast(0.5f), a21)), TL.Broadcast(1f));
        cosA2 = TL.Add(TL.Subtract(TL.Multiply(TL.Multiply(cosA2, a22), a22), TL.Multiply(TL.Broadcast(0.5f), a22)), TL.Broadcast(1f));
        cosA3 = TL.Add(TL.Subtract(TL.Multiply(TL.Multiply(cosA3, a23), a23), TL.Multiply(TL.Broadcast(0.5f), a23)), TL.Broadcast(1f));
        p0 = TL.MultiplyAdd(p0, f0, TL.Broadcast(3.3333331174e-1f));
        p1 = TL.MultiplyAdd(p1, f1, TL.Broadcast(3.3333331174e-1f));
        p2 = TL.MultiplyAdd(p2, f2, TL.Broadcast(3.3333331174e-1f));
        p3 = TL.MultiplyAdd(p3, f3, TL.Broadcast(3.3333331174e-1f));
        TU turn0 = TL.Add(angleWord0, TL.Broadcast(1u << 29));
        TU turn1 = TL.Add(angleWord1, TL.Broadcast(1u << 29));
        TU turn2 = TL.Add(angleWord2, TL.Broadcast(1u << 29));
        TU turn3 = TL.Add(angleWord3, TL.Broadcast(1u << 29));
        TF y0 = TL.Multiply(TL.Multiply(p0, f0), f20);
        TF y1 = TL.Multiply(TL.Multiply(p1, f1), f21);
        TF y2 = TL.Multiply(TL.Multiply(p2, f2), f22);
        TF y3 = TL.Multiply(TL.Multiply(p3, f3), f23);
        TU swap0 = TL.ShiftLeft(turn0, 1);
        TU swap1 = TL.ShiftLeft(turn1, 1);
        TU swap2 = TL.ShiftLeft(turn2, 1);
        TU swap3 = TL.ShiftLeft(turn3, 1);
        y0 = TL.Add(y0, TL.Multiply(TL.Broadcast(-2.12194440e-4f), e0));
        y1 = TL.Add(y1, TL.Multiply(TL.Broadcast(-2.12194440e-4f), e1));
        y2 = TL.Add(y2, TL.Multiply(TL.Broadcast(-2.12194440e-4f), e2));
        y3 = TL.Add(y3, TL.Multiply(TL.Broadcast(-2.12194440e-4f), e3));
        TF cosSwapped0 = TL.SelectBySign(swap0, sinA0, cosA0);
        TF cosSwapped1 = TL.SelectBySign(swap1, sinA1, cosA1);
        TF cosSwapped2 = TL.SelectBySign(swap2, sinA2, cosA2);
        TF cosSwapped3 = TL.SelectBySign(swap3, sinA3, cosA3);
        TF sinSwapped0 = TL.SelectBySign(swap0, cosA0, sinA0);
        TF sinSwapped1 = TL.SelectBySign(swap1, cosA1, sinA1);
        TF sinSwapped2 = TL.SelectBySign(swap2, cosA2, sinA2);
        TF sinSwapped3 = TL.SelectBySign(swap3, cosA3, sinA3);
        y0 = TL.Subtract(y0, TL.Multiply(TL.Broadcast(0.5f), f20));
        y1 = TL.Subtract(y1, TL.Multiply(TL.Broadcast(0.5f), f21));
        y2 = TL.Subtract(y2, TL.Multiply(TL.Broadcast(0.5f), f22));
        y3 = TL.Subtract(y3, TL.Multiply(TL.Broadcast(0.5f), f23));
        TU cosNegative0 = TL.And(TL.Add(turn0, TL.Broadcast(1u << 30)), TL.Broadcast(0x80000000u));
        TU cosNegative1 = TL.And(TL.Add(turn1, TL.Broadcast(1u << 30)), TL.Broadcast(0x80000000u));
        TU cosNegative2 = TL.And(TL.Add(turn2, TL.Broadcast(1u << 30)), TL.Broadcast(0x80000000u));
        TU cosNegative3 = TL.And(TL.Add(turn3, TL.Broadcast(1u << 30)), TL.Broadcast(0x80000000u));
        TF log0 = TL.Add(f0, y0);
        TF log1 = TL.Add(f1, y1);
        TF log2 = TL.Add(f2, y2);
        TF log3 = TL.Add(f3, y3);
        TU sinNegative0 = TL.And(turn0, TL.Broadcast(0x80000000u));
        TU sinNegative1 = TL.And(turn1, TL.Broadcast(0x80000000u));
        TU sinNegative2 = TL.And(turn2, TL.Broadcast(0x80000000u));
        TU sinNegative3 = TL.And(turn3, TL.Broadcast(0x80000000u));
        log0 = TL.Add(log0, TL.Multiply(TL.Broadcast(0.693359375f), e0));
        log1 = TL.Add(log1, TL.Multiply(TL.Broadcast(0.693359375f), e1));
        log2 = TL.Add(log2, TL.Multiply(TL.Broadcast(0.693359375f), e2));
        log3 = TL.Add(log3, TL.Multiply(TL.Broadcast(0.693359375f), e3));
        TF cosTheta0 = TL.AsSingle(TL.Xor(TL.AsUInt32(cosSwapped0), cosNegative0));
        TF cosTheta1 = TL.AsSingle(TL.Xor(TL.AsUInt32(cosSwapped1), cosNegative1));
        TF cosTheta2 = TL.AsSingle(TL.Xor(TL.AsUInt32(cosSwapped2), cosNegative2));
        TF cosTheta3 = TL.AsSingle(TL.Xor(TL.AsUInt32(cosSwapped3), cosNegative3));
        TF sinTheta0 = TL.AsSingle(TL.Xor(TL.AsUInt32(sinSwapped0), sinNegative0));
        TF sinTheta1 = TL.AsSingle(TL.Xor(TL.AsUInt32(sinSwapped1), sinNegative1));
        TF sinTheta2 = TL.AsSingle(TL.Xor(TL.AsUInt32(sinSwapped2), sinNegative2));
        TF sinTheta3 = TL.AsSingle(TL.Xor(TL.AsUInt32(sinSwapped3), sinNegative3));
        TF radius0 = TL.Sqrt(TL.Multiply(TL.Subtract(TL.Broadcast(0f), log0), TL.Broadcast(2f)));
        TF radius1 = TL.Sqrt(TL.Multiply(TL.Subtract(TL.Broadcast(0f), log1), TL.Broadcast(2f)));
        TF radius2 = TL.Sqrt(TL.Multiply(TL.Subtract(TL.Broadcast(0f), log2), TL.Broadcast(2f)));
        TF radius3 = TL.Sqrt(TL.Multiply(TL.Subtract(TL.Broadcast(0f), log3), TL.Broadcast(2f)));
        TF cosine0 = TL.Multiply(radius0, cosTheta0);
        TF cosine1 = TL.Multiply(radius1, cosTheta1);
        TF cosine2 = TL.Multiply(radius2, cosTheta2);
        TF cosine3 = TL.Multiply(radius3, cosTheta3);
        TF sine0 = TL.Multiply(radius0, sinTheta0);
        TF sine1 = TL.Multiply(radius1, sinTheta1);
        TF sine2 = TL.Multiply(radius2, sinTheta2);
        TF sine3 = TL.Multiply(radius3, sinTheta3);
        TL.Store(cosine0, destination0);
        TL.Store(sine0, destination0 + Blocks);
        TL.Store(cosine1, destination0 + (2 * Blocks));
        TL.Store(sine1, destination0 + (3 * Blocks));
        TL.Store(cosine2, destination1);
        TL.Store(sine2, destination1 + Blocks);
        TL.Store(cosine3, destination1 + (2 * Blocks));
        TL.Store(sine3, destination1 + (3 * Blocks));
    }

    /// <summary>Two Box-Muller pairs stored as the four quarters of <paramref name="destination"/>: <see cref="BoxMuller4{TL, TF, TU}"/> with two copies.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void BoxMuller2<TL, TF, TU>(TU radiusWord0, TU angleWord0, TU radiusWord1, TU angleWord1, float* destination)
        where TL : ILanes<TF, TU>
        where TF : struct
        where TU : struct
    {
        TU one = TL.Broadcast(1u);
        TU bits0 = TL.Add(TL.AsUInt32(TL.ConvertInt32ToSingle(TL.Add(TL.ShiftRight(radiusWord0, 8), one))), TL.Broadcast(LogReductionOffset));
        TU bits1 = TL.Add(TL.AsUInt32(TL.ConvertInt32ToSingle(TL.Add(TL.ShiftRight(radiusWord1, 8), one))), TL.Broadcast(LogReductionOffset));
        TU numerator0 = TL.ShiftRightArithmetic(TL.Or(TL.ShiftLeft(angleWord0, 2), TL.Broadcast(0x200u)), 9);
        TU numerator1 = TL.ShiftRightArithmetic(TL.Or(TL.ShiftLeft(angleWord1, 2), TL.Broadcast(0x200u)), 9);
        TF e0 = TL.ConvertInt32ToSingle(TL.Subtract(TL.ShiftRight(bits0, 23), TL.Broadcast(0x7Fu)));
        TF e1 = TL.ConvertInt32ToSingle(TL.Subtract(TL.ShiftRight(bits1, 23), TL.Broadcast(0x7Fu)));
        TF f0 = TL.Subtract(TL.AsSingle(TL.Add(TL.And(bits0, TL.Broadcast(0x007FFFFFu)), TL.Broadcast(0x3F3504F3u))), TL.Broadcast(1f));
        TF f1 = TL.Subtract(TL.AsSingle(TL.Add(TL.And(bits1, TL.Broadcast(0x007FFFFFu)), TL.Broadcast(0x3F3504F3u))), TL.Broadcast(1f));
        TF a0 = TL.Multiply(TL.ConvertInt32ToSingle(numerator0), TL.Broadcast(HalfPiTimes2ToMinus23));
        TF a1 = TL.Multiply(TL.ConvertInt32ToSingle(numerator1), TL.Broadcast(HalfPiTimes2ToMinus23));
        TF f20 = TL.Multiply(f0, f0);
        TF f21 = TL.Multiply(f1, f1);
        TF p0 = TL.MultiplyAdd(TL.Broadcast(7.0376836292e-2f), f0, TL.Broadcast(-1.1514610310e-1f));
        TF p1 = TL.MultiplyAdd(TL.Broadcast(7.0376836292e-2f), f1, TL.Broadcast(-1.1514610310e-1f));
        TF a20 = TL.Multiply(a0, a0);
        TF a21 = TL.Multiply(a1, a1);
        p0 = TL.MultiplyAdd(p0, f0, TL.Broadcast(1.1676998740e-1f));
        p1 = TL.MultiplyAdd(p1, f1, TL.Broadcast(1.1676998740e-1f));
        TF sinA0 = TL.MultiplyAdd(TL.Broadcast(-1.9515295891e-4f), a20, TL.Broadcast(8.3321608736e-3f));
        TF sinA1 = TL.MultiplyAdd(TL.Broadcast(-1.9515295891e-4f), a21, TL.Broadcast(8.3321608736e-3f));
        p0 = TL.MultiplyAdd(p0, f0, TL.Broadcast(-1.2420140846e-1f));
        p1 = TL.MultiplyAdd(p1, f1, TL.Broadcast(-1.2420140846e-1f));
        TF cosA0 = TL.MultiplyAdd(TL.Broadcast(2.443315711809948e-5f), a20, TL.Broadcast(-1.388731625493765e-3f));
        TF cosA1 = TL.MultiplyAdd(TL.Broadcast(2.443315711809948e-5f), a21, TL.Broadcast(-1.388731625493765e-3f));
        p0 = TL.MultiplyAdd(p0, f0, TL.Broadcast(1.4249322787e-1f));
        p1 = TL.MultiplyAdd(p1, f1, TL.Broadcast(1.4249322787e-1f));
        sinA0 = TL.MultiplyAdd(sinA0, a20, TL.Broadcast(-1.6666654611e-1f));
        sinA1 = TL.MultiplyAdd(sinA1, a21, TL.Broadcast(-1.6666654611e-1f));
        p0 = TL.MultiplyAdd(p0, f0, TL.Broadcast(-1.6668057665e-1f));
        p1 = TL.MultiplyAdd(p1, f1, TL.Broadcast(-1.6668057665e-1f));
        cosA0 = TL.MultiplyAdd(cosA0, a20, TL.Broadcast(4.166664568298827e-2f));
        cosA1 = TL.MultiplyAdd(cosA1, a21, TL.Broadcast(4.166664568298827e-2f));
        p0 = TL.MultiplyAdd(p0, f0, TL.Broadcast(2.0000714765e-1f));
        p1 = TL.MultiplyAdd(p1, f1, TL.Broadcast(2.0000714765e-1f));
        sinA0 = TL.Add(TL.Multiply(TL.Multiply(sinA0, a20), a0), a0);
        sinA1 = TL.Add(TL.Multiply(TL.Multiply(sinA1, a21), a1), a1);
        p0 = TL.MultiplyAdd(p0, f0, TL.Broadcast(-2.4999993993e-1f));
        p1 = TL.MultiplyAdd(p1, f1, TL.Broadcast(-2.4999993993e-1f));
        cosA0 = TL.Add(TL.Subtract(TL.Multiply(TL.Multiply(cosA0, a20), a20), TL.Multiply(TL.Broadcast(0.5f), a20)), TL.Broadcast(1f));
        cosA1 = TL.Add(TL.Subtract(TL.Multiply(TL.Multiply(cosA1, a21), a21), TL.Multiply(TL.Broadcast(0.5f), a21)), TL.Broadcast(1f));
        p0 = TL.MultiplyAdd(p0, f0, TL.Broadcast(3.3333331174e-1f));
        p1 = TL.MultiplyAdd(p1, f1, TL.Broadcast(3.3333331174e-1f));
        TU turn0 = TL.Add(angleWord0, TL.Broadcast(1u << 29));
        TU turn1 = TL.Add(angleWord1, TL.Broadcast(1u << 29));
        TF y0 = TL.Multiply(TL.Multiply(p0, f0), f20);
        TF y1 = TL.Multiply(TL.Multiply(p1, f1), f21);
        TU swap0 = TL.ShiftLeft(turn0, 1);
        TU swap1 = TL.ShiftLeft(turn1, 1);
        y0 = TL.Add(y0, TL.Multiply(TL.Broadcast(-2.12194440e-4f), e0));
        y1 = TL.Add(y1, TL.Multiply(TL.Broadcast(-2.12194440e-4f), e1));
        TF cosSwapped0 = TL.SelectBySign(swap0, sinA0, cosA0);
        TF cosSwapped1 = TL.SelectBySign(swap1, sinA1, cosA1);
        TF sinSwapped0 = TL.SelectBySign(swap0, cosA0, sinA0);
        TF sinSwapped1 = TL.SelectBySign(swap1, cosA1, sinA1);
        y0 = TL.Subtract(y0, TL.Multiply(TL.Broadcast(0.5f), f20));
        y1 = TL.Subtract(y1, TL.Multiply(TL.Broadcast(0.5f), f21));
        TU cosNegative0 = TL.And(TL.Add(turn0, TL.Broadcast(1u << 30)), TL.Broadcast(0x80000000u));
        TU cosNegative1 = TL.And(TL.Add(turn1, TL.Broadcast(1u << 30)), TL.Broadcast(0x80000000u));
        TF log0 = TL.Add(f0, y0);
        TF log1 = TL.Add(f1, y1);
        TU sinNegative0 = TL.And(turn0, TL.Broadcast(0x80000000u));
        TU sinNegative1 = TL.And(turn1, TL.Broadcast(0x80000000u));
        log0 = TL.Add(log0, TL.Multiply(TL.Broadcast(0.693359375f), e0));
        log1 = TL.Add(log1, TL.Multiply(TL.Broadcast(0.693359375f), e1));
        TF cosTheta0 = TL.AsSingle(TL.Xor(TL.AsUInt32(cosSwapped0), cosNegative0));
        TF cosTheta1 = TL.AsSingle(TL.Xor(TL.AsUInt32(cosSwapped1), cosNegative1));
        TF sinTheta0 = TL.AsSingle(TL.Xor(TL.AsUInt32(sinSwapped0), sinNegative0));
        TF sinTheta1 = TL.AsSingle(TL.Xor(TL.AsUInt32(sinSwapped1), sinNegative1));
        TF radius0 = TL.Sqrt(TL.Multiply(TL.Subtract(TL.Broadcast(0f), log0), TL.Broadcast(2f)));
        TF radius1 = TL.Sqrt(TL.Multiply(TL.Subtract(TL.Broadcast(0f), log1), TL.Broadcast(2f)));
        TF cosine0 = TL.Multiply(radius0, cosTheta0);
        TF cosine1 = TL.Multiply(radius1, cosTheta1);
        TF sine0 = TL.Multiply(radius0, sinTheta0);
        TF sine1 = TL.Multiply(radius1, sinTheta1);
        TL.Store(cosine0, destination);
        TL.Store(sine0, destination + Blocks);
        TL.Store(cosine1, destination + (2 * Blocks));
        TL.Store(sine1, destination + (3 * Blocks));
    }
}
