using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SdeDsl.Noise;

/// <summary>
/// The double-precision counter-based Gaussian transform: Philox4x32-10 blocks to standard normals by Box-Muller with
/// 53-bit uniforms and double-precision ln, sin and cos, laid out in tiles of 32 elements so every SIMD width fills a
/// tile with contiguous stores.
/// </summary>
/// <remarks>
/// <para>Layout. One Philox block (four 32-bit words) gives one Box-Muller pair of doubles. Element n lies in tile
/// n / 32 at position j = n mod 32 and takes block b = 16 (n / 32) + (j mod 16): the cosine output for j &lt; 16,
/// the sine output for j &gt;= 16. The block's counter is (b low, b high, step low, step high) and its key the 64-bit
/// seed, as in single precision (<see cref="NormalTile"/>); b &lt; 2^63 for every 64-bit element index. So a vector
/// of 2 W consecutive blocks (W doubles per vector) fills 2 W contiguous cosines and 2 W contiguous sines.</para>
/// <para>Transform. Words (w0, w1) give k1 = ((w0 &lt;&lt; 32) | w1) &gt;&gt; 11 and (w2, w3) k2 the same way, 53 bits
/// each. u1 = (k1 + 1) 2^-53 in (0, 1] (exact), r = sqrt(-2 ln u1), so |z| reaches sqrt(106 ln 2) = 8.57. The angle
/// 2 pi (k2 + 1/2) 2^-53 is split into a quadrant q = round(k2 / 2^51) and a remainder
/// a = (2 (k2 - q 2^51) + 1) (pi/2) 2^-52 in [-pi/4, pi/4] in exact integer arithmetic. ln is fdlibm's (reduction
/// to [sqrt(1/2), sqrt(2)), s = f / (2 + f), a degree-14 polynomial in s), sin and cos fdlibm's kernels on
/// [-pi/4, pi/4] (degree 13 and 14), each within 1 ulp of the correctly rounded value (measured by the tests
/// against Math.Log/Sin/Cos). Integer-to-double conversions are exact bit tricks. All widths run the same
/// operations (see <see cref="IDoubleLanes{TD, TL}"/>), so values are bitwise identical for every width.</para>
/// </remarks>
internal static unsafe class DoubleNormalTile
{
    /// <summary>Elements per tile.</summary>
    public const int Length = 32;

    /// <summary>Philox blocks per tile (each yields two normals).</summary>
    public const int Blocks = 16;

    /// <summary>2^-53, the spacing of the uniforms.</summary>
    private const double TwoToMinus53 = 1.0 / 9007199254740992.0;

    /// <summary>(pi/2) 2^-52: the angle of one unit of the odd numerator.</summary>
    private const double HalfPiTimes2ToMinus52 = System.Math.PI / 2 / 4503599627370496.0;

    /// <summary>2^52: the bits 0x4330... read as a double are 2^52 + (low 52 bits).</summary>
    private const double TwoTo52 = 4503599627370496.0;

    /// <summary>2^84 + 2^52: the bits 0x4530... read as a double are 2^84 + (low 52 bits) 2^32.</summary>
    private const double TwoTo84PlusTwoTo52 = 19342813113834066795298816.0 + 4503599627370496.0;

    /// <summary>1.5 2^52: the bits 0x4338... + x read as a double are 1.5 2^52 + x for |x| &lt; 2^51.</summary>
    private const double OnePointFiveTimesTwoTo52 = 6755399441055744.0;

    // fdlibm/musl __ieee754_log.
    private const double Ln2High = 6.93147180369123816490e-01; // 0x3FE62E42 FEE00000
    private const double Ln2Low = 1.90821492927058770002e-10;  // 0x3DEA39EF 35793C76
    private const double Lg1 = 6.666666666666735130e-01;       // 0x3FE55555 55555593
    private const double Lg2 = 3.999999999940941908e-01;       // 0x3FD99999 9997FA04
    private const double Lg3 = 2.857142874366239149e-01;       // 0x3FD24924 94229359
    private const double Lg4 = 2.222219843214978396e-01;       // 0x3FCC71C5 1D8E78AF
    private const double Lg5 = 1.818357216161805012e-01;       // 0x3FC74664 96CB03DE
    private const double Lg6 = 1.531383769920937332e-01;       // 0x3FC39A09 D078C69F
    private const double Lg7 = 1.479819860511658591e-01;       // 0x3FC2F112 DF3E5244

    // fdlibm/musl __sin on [-pi/4, pi/4].
    private const double S1 = -1.66666666666666324348e-01; // 0xBFC55555 55555549
    private const double S2 = 8.33333333332248946124e-03;  // 0x3F811111 1110F8A6
    private const double S3 = -1.98412698298579493134e-04; // 0xBF2A01A0 19C161D5
    private const double S4 = 2.75573137070700676789e-06;  // 0x3EC71DE3 57B1FE7D
    private const double S5 = -2.50507602534068634195e-08; // 0xBE5AE5E6 8A2B9CEB
    private const double S6 = 1.58969099521155010221e-10;  // 0x3DE5D93A 5ACFD57C

    // fdlibm/musl __cos on [-pi/4, pi/4].
    private const double C1 = 4.16666666666666019037e-02;  // 0x3FA55555 5555554C
    private const double C2 = -1.38888888888741095749e-03; // 0xBF56C16C 16C15177
    private const double C3 = 2.48015872894767294178e-05;  // 0x3EFA01A0 19CB1590
    private const double C4 = -2.75573143513906633035e-07; // 0xBE927E4F 809C52AD
    private const double C5 = 2.08757232129817482790e-09;  // 0x3E21EE9E BDB4B1C4
    private const double C6 = -1.13596475577881948265e-11; // 0xBDA8FAE9 BE8838D4

    /// <summary>Writes the 32 normals of tile <paramref name="tile"/> to <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Fill(in NoiseKey key, ulong tile, double* destination, int vectorBits)
    {
        PhiloxSchedule schedule = new(key, (uint)((tile * Blocks) >> 32));
        if (vectorBits >= 512 && Vector512.IsHardwareAccelerated)
        {
            FillWith<DoubleLanes512, Vector512<double>, Vector512<ulong>>(schedule, tile, destination);
        }
        else if (vectorBits >= 256 && Vector256.IsHardwareAccelerated)
        {
            FillWith<DoubleLanes256, Vector256<double>, Vector256<ulong>>(schedule, tile, destination);
        }
        else if (vectorBits >= 128 && Vector128.IsHardwareAccelerated)
        {
            FillWith<DoubleLanes128, Vector128<double>, Vector128<ulong>>(schedule, tile, destination);
        }
        else
        {
            FillWith<ScalarDoubleLanes, double, ulong>(schedule, tile, destination);
        }
    }

    /// <summary>
    /// Writes <paramref name="count"/> consecutive tiles, <paramref name="firstTile"/> on, to
    /// <paramref name="destination"/>: <see cref="Fill"/> for each, with the width chosen once and Philox's
    /// lane-invariant part (<see cref="PhiloxSchedule"/>) built once per run of tiles that share the block's high word. The caller keeps the
    /// run below the wrap of the element index (the last tile is 2^64 / <see cref="Length"/> - 1).
    /// </summary>
    public static void FillTiles(in NoiseKey key, ulong firstTile, long count, double* destination, int vectorBits)
    {
        if (vectorBits >= 512 && Vector512.IsHardwareAccelerated)
        {
            FillTilesWith<DoubleLanes512, Vector512<double>, Vector512<ulong>>(key, firstTile, count, destination);
        }
        else if (vectorBits >= 256 && Vector256.IsHardwareAccelerated)
        {
            FillTilesWith<DoubleLanes256, Vector256<double>, Vector256<ulong>>(key, firstTile, count, destination);
        }
        else if (vectorBits >= 128 && Vector128.IsHardwareAccelerated)
        {
            FillTilesWith<DoubleLanes128, Vector128<double>, Vector128<ulong>>(key, firstTile, count, destination);
        }
        else
        {
            FillTilesWith<ScalarDoubleLanes, double, ulong>(key, firstTile, count, destination);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillTilesWith<TL, TF, TU>(in NoiseKey key, ulong firstTile, long count, double* destination)
        where TL : IDoubleLanes<TF, TU>
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
    internal static void FillAtWidth(in NoiseKey key, ulong tile, System.Span<double> tileValues, int width)
    {
        System.ArgumentOutOfRangeException.ThrowIfLessThan(tileValues.Length, Length);
        fixed (double* destination = tileValues)
        {
            FillAtWidth(key, tile, destination, width);
        }
    }

    private static void FillAtWidth(in NoiseKey key, ulong tile, double* destination, int width)
    {
        PhiloxSchedule schedule = new(key, (uint)((tile * Blocks) >> 32));
        switch (width)
        {
            case 512: FillWith<DoubleLanes512, Vector512<double>, Vector512<ulong>>(schedule, tile, destination); break;
            case 256: FillWith<DoubleLanes256, Vector256<double>, Vector256<ulong>>(schedule, tile, destination); break;
            case 128: FillWith<DoubleLanes128, Vector128<double>, Vector128<ulong>>(schedule, tile, destination); break;
            default: FillWith<ScalarDoubleLanes, double, ulong>(schedule, tile, destination); break;
        }
    }

    /// <summary>The normal at element <paramref name="index"/> alone (the scalar path; same bits as <see cref="Fill"/>).</summary>
    public static double Single(in NoiseKey key, ulong index) => Single(key, index / Length, (int)(index % Length));

    /// <summary>
    /// The normal at <paramref name="position"/> (0 to 31) of tile <paramref name="tile"/> alone: the value
    /// <see cref="Fill"/> writes there (sample-keyed tiles carry the sample in their top bits, docs/math.md §13).
    /// </summary>
    public static double Single(in NoiseKey key, ulong tile, int position)
    {
        ulong block = (tile * Blocks) + (ulong)(position % Blocks);
        ScalarDoubleLanes.Block(key, block, out ulong words01, out ulong words23);
        BoxMuller<ScalarDoubleLanes, double, ulong>(words01, words23, out double cosine, out double sine);
        return position < Blocks ? cosine : sine;
    }

    /// <summary>-ln x for x in [2^-53, 1] (the scalar instantiation; for the accuracy tests).</summary>
    internal static double NegatedLog(double x) => LogNegated<ScalarDoubleLanes, double, ulong>(x);

    /// <summary>sin a for a in [-pi/4, pi/4] (the scalar instantiation; for the accuracy tests).</summary>
    internal static double SineKernel(double a) => Sine<ScalarDoubleLanes, double, ulong>(a, a * a);

    /// <summary>cos a for a in [-pi/4, pi/4] (the scalar instantiation; for the accuracy tests).</summary>
    internal static double CosineKernel(double a) => Cosine<ScalarDoubleLanes, double, ulong>(a * a);

    /// <summary>One method per width with every lane operation inlined (see <see cref="NormalTile"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void FillWith<TL, TD, TU>(in PhiloxSchedule schedule, ulong tile, double* destination)
        where TL : IDoubleLanes<TD, TU>
        where TD : struct
        where TU : struct
    {
        ulong firstBlock = tile * Blocks;
        for (int part = 0; part < Blocks; part += 2 * TL.Count)
        {
            TL.Philox(schedule, firstBlock + (ulong)part, out TU lower01, out TU lower23, out TU upper01, out TU upper23);
            BoxMuller<TL, TD, TU>(lower01, lower23, out TD lowerCosine, out TD lowerSine);
            BoxMuller<TL, TD, TU>(upper01, upper23, out TD upperCosine, out TD upperSine);
            TL.Store(lowerCosine, destination + part);
            TL.Store(upperCosine, destination + part + TL.Count);
            TL.Store(lowerSine, destination + Blocks + part);
            TL.Store(upperSine, destination + Blocks + part + TL.Count);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BoxMuller<TL, TD, TU>(TU radiusWords, TU angleWords, out TD cosine, out TD sine)
        where TL : IDoubleLanes<TD, TU>
        where TD : struct
        where TU : struct
    {
        // u1 = (k + 1) 2^-53 in (0, 1], exact; r = sqrt(-2 ln u1).
        TU k1 = TL.Add(TL.ShiftRight(radiusWords, 11), TL.BroadcastUInt64(1));
        TD u1 = TL.Multiply(ToDoubleUpTo2To53<TL, TD, TU>(k1), TL.BroadcastDouble(TwoToMinus53));
        TD radius = TL.Sqrt(TL.Multiply(LogNegated<TL, TD, TU>(u1), TL.BroadcastDouble(2.0)));

        // Angle 2 pi (k + 1/2) 2^-53 = q pi/2 + a with q = round(k / 2^51), a = (2 (k - q 2^51) + 1) 2^-52 pi/2.
        TU k = TL.ShiftRight(angleWords, 11);
        TU quadrant = TL.ShiftRight(TL.Add(k, TL.BroadcastUInt64(1UL << 50)), 51);
        TU oddNumerator = TL.Add(TL.ShiftLeft(TL.Subtract(k, TL.ShiftLeft(quadrant, 51)), 1), TL.BroadcastUInt64(1));
        TD a = TL.Multiply(SignedToDouble<TL, TD, TU>(oddNumerator), TL.BroadcastDouble(HalfPiTimes2ToMinus52));
        TD a2 = TL.Multiply(a, a);
        TD sinA = Sine<TL, TD, TU>(a, a2);
        TD cosA = Cosine<TL, TD, TU>(a2);

        // Rotate by the quadrant (mod 4): odd quadrants swap sin and cos; cos is negative in 1, 2; sin in 2, 3.
        TU swap = TL.Subtract(TL.BroadcastUInt64(0), TL.And(quadrant, TL.BroadcastUInt64(1)));
        TU sinBits = TL.AsUInt64(sinA), cosBits = TL.AsUInt64(cosA);
        TU flip = TL.And(TL.Xor(sinBits, cosBits), swap);
        TU cosNegative = TL.ShiftLeft(TL.And(TL.Add(quadrant, TL.BroadcastUInt64(1)), TL.BroadcastUInt64(2)), 62);
        TU sinNegative = TL.ShiftLeft(TL.And(quadrant, TL.BroadcastUInt64(2)), 62);
        TD cosTheta = TL.AsDouble(TL.Xor(TL.Xor(cosBits, flip), cosNegative));
        TD sinTheta = TL.AsDouble(TL.Xor(TL.Xor(sinBits, flip), sinNegative));

        cosine = TL.Multiply(radius, cosTheta);
        sine = TL.Multiply(radius, sinTheta);
    }

    /// <summary>x as a double, exactly, for 0 &lt;= x &lt;= 2^53 (the compilers' uint64 trick: high and low 32 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD ToDoubleUpTo2To53<TL, TD, TU>(TU x)
        where TL : IDoubleLanes<TD, TU>
        where TD : struct
        where TU : struct
    {
        // (2^84 + hi 2^32) - (2^84 + 2^52) = hi 2^32 - 2^52 is exact; adding 2^52 + lo gives hi 2^32 + lo <= 2^53 exactly.
        TD high = TL.Subtract(
            TL.AsDouble(TL.Or(TL.ShiftRight(x, 32), TL.BroadcastUInt64(0x4530000000000000UL))),
            TL.BroadcastDouble(TwoTo84PlusTwoTo52));
        TD low = TL.AsDouble(TL.Or(TL.And(x, TL.BroadcastUInt64(0xFFFFFFFFUL)), TL.BroadcastUInt64(0x4330000000000000UL)));
        return TL.Add(high, low);
    }

    /// <summary>x read as a signed 64-bit integer, as a double, exactly, for |x| &lt; 2^51.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD SignedToDouble<TL, TD, TU>(TU x)
        where TL : IDoubleLanes<TD, TU>
        where TD : struct
        where TU : struct
        => TL.Subtract(TL.AsDouble(TL.Add(x, TL.BroadcastUInt64(0x4338000000000000UL))), TL.BroadcastDouble(OnePointFiveTimesTwoTo52));

    /// <summary>-ln(x) for x in [2^-53, 1] (fdlibm/musl log: x = 2^k (1 + f) with 1 + f in [sqrt(1/2), sqrt(2))).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD LogNegated<TL, TD, TU>(TD x)
        where TL : IDoubleLanes<TD, TU>
        where TD : struct
        where TU : struct
    {
        // Adding 0x3FF00000 - 0x3FE6A09E to the high word puts the mantissa in [sqrt(1/2), sqrt(2)) after the exponent
        // is replaced; k is the exponent that moved (signed, two's complement).
        TU bits = TL.Add(TL.AsUInt64(x), TL.BroadcastUInt64((ulong)(0x3FF00000 - 0x3FE6A09E) << 32));
        TD k = SignedToDouble<TL, TD, TU>(TL.Subtract(TL.ShiftRight(bits, 52), TL.BroadcastUInt64(0x3FF)));
        TD m = TL.AsDouble(TL.Add(TL.And(bits, TL.BroadcastUInt64(0x000FFFFFFFFFFFFFUL)), TL.BroadcastUInt64(0x3FE6A09EUL << 32)));

        TD f = TL.Subtract(m, TL.BroadcastDouble(1.0));
        TD hfsq = TL.Multiply(TL.Multiply(TL.BroadcastDouble(0.5), f), f);
        TD s = TL.Divide(f, TL.Add(TL.BroadcastDouble(2.0), f));
        TD z = TL.Multiply(s, s);
        TD w = TL.Multiply(z, z);
        TD t1 = TL.Multiply(w, TL.Add(TL.BroadcastDouble(Lg2), TL.Multiply(w, TL.Add(TL.BroadcastDouble(Lg4), TL.Multiply(w, TL.BroadcastDouble(Lg6))))));
        TD t2 = TL.Multiply(z, TL.Add(TL.BroadcastDouble(Lg1), TL.Multiply(w, TL.Add(TL.BroadcastDouble(Lg3),
            TL.Multiply(w, TL.Add(TL.BroadcastDouble(Lg5), TL.Multiply(w, TL.BroadcastDouble(Lg7))))))));
        TD r = TL.Add(t2, t1);

        // ln x = s (hfsq + R) + k ln2_lo - hfsq + f + k ln2_hi, evaluated left to right as in fdlibm.
        TD log = TL.Add(TL.Multiply(s, TL.Add(hfsq, r)), TL.Multiply(k, TL.BroadcastDouble(Ln2Low)));
        log = TL.Subtract(log, hfsq);
        log = TL.Add(log, f);
        log = TL.Add(log, TL.Multiply(k, TL.BroadcastDouble(Ln2High)));
        return TL.Subtract(TL.BroadcastDouble(0.0), log);
    }

    /// <summary>sin a on [-pi/4, pi/4] (fdlibm __kernel_sin with no tail), given a2 = a a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD Sine<TL, TD, TU>(TD a, TD z)
        where TL : IDoubleLanes<TD, TU>
        where TD : struct
        where TU : struct
    {
        // r = S2 + z (S3 + z S4) + z w (S5 + z S6); sin = a + z a (S1 + z r).
        TD w = TL.Multiply(z, z);
        TD r = TL.Add(
            TL.Add(TL.BroadcastDouble(S2), TL.Multiply(z, TL.Add(TL.BroadcastDouble(S3), TL.Multiply(z, TL.BroadcastDouble(S4))))),
            TL.Multiply(TL.Multiply(z, w), TL.Add(TL.BroadcastDouble(S5), TL.Multiply(z, TL.BroadcastDouble(S6)))));
        TD v = TL.Multiply(z, a);
        return TL.Add(a, TL.Multiply(v, TL.Add(TL.BroadcastDouble(S1), TL.Multiply(z, r))));
    }

    /// <summary>cos a on [-pi/4, pi/4] (fdlibm __kernel_cos with no tail), given z = a a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD Cosine<TL, TD, TU>(TD z)
        where TL : IDoubleLanes<TD, TU>
        where TD : struct
        where TU : struct
    {
        // r = z (C1 + z (C2 + z C3)) + w w (C4 + z (C5 + z C6)); cos = (1 - z/2) + (((1 - (1 - z/2)) - z/2) + z r).
        TD w = TL.Multiply(z, z);
        TD r = TL.Add(
            TL.Multiply(z, TL.Add(TL.BroadcastDouble(C1), TL.Multiply(z, TL.Add(TL.BroadcastDouble(C2), TL.Multiply(z, TL.BroadcastDouble(C3)))))),
            TL.Multiply(TL.Multiply(w, w), TL.Add(TL.BroadcastDouble(C4), TL.Multiply(z, TL.Add(TL.BroadcastDouble(C5), TL.Multiply(z, TL.BroadcastDouble(C6)))))));
        TD hz = TL.Multiply(TL.BroadcastDouble(0.5), z);
        TD one = TL.BroadcastDouble(1.0);
        TD head = TL.Subtract(one, hz);
        return TL.Add(head, TL.Add(TL.Subtract(TL.Subtract(one, head), hz), TL.Multiply(z, r)));
    }
}
