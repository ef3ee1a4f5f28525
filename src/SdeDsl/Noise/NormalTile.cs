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
/// arithmetic; ln, sin and cos are Cephes single-precision polynomials. All widths run the same operations
/// (see <see cref="ILanes{TF, TU}"/>), so values are bitwise identical for any vector width.
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

    /// <summary>Writes the 64 normals of tile <paramref name="tile"/> to <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Fill(in NoiseKey key, ulong tile, float* destination, int vectorBits)
    {
        if (vectorBits >= 512 && Vector512.IsHardwareAccelerated)
        {
            FillWith<Lanes512, Vector512<float>, Vector512<uint>>(key, tile, destination);
        }
        else if (vectorBits >= 256 && Vector256.IsHardwareAccelerated)
        {
            FillWith<Lanes256, Vector256<float>, Vector256<uint>>(key, tile, destination);
        }
        else if (vectorBits >= 128 && Vector128.IsHardwareAccelerated)
        {
            FillWith<Lanes128, Vector128<float>, Vector128<uint>>(key, tile, destination);
        }
        else
        {
            FillWith<ScalarLanes, float, uint>(key, tile, destination);
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
        switch (width)
        {
            case 512: FillWith<Lanes512, Vector512<float>, Vector512<uint>>(key, tile, destination); break;
            case 256: FillWith<Lanes256, Vector256<float>, Vector256<uint>>(key, tile, destination); break;
            case 128: FillWith<Lanes128, Vector128<float>, Vector128<uint>>(key, tile, destination); break;
            default: FillWith<ScalarLanes, float, uint>(key, tile, destination); break;
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
    private static void FillWith<TL, TF, TU>(in NoiseKey key, ulong tile, float* destination)
        where TL : ILanes<TF, TU>
        where TF : struct
        where TU : struct
    {
        ulong firstBlock = tile * Blocks;
        uint high = (uint)(firstBlock >> 32);
        for (int part = 0; part < Blocks; part += TL.Count)
        {
            TU low = TL.Add(TL.Broadcast((uint)firstBlock + (uint)part), TL.LaneIndices());
            Generate<TL, TF, TU>(key, low, high, out TF z0, out TF z1, out TF z2, out TF z3);
            TL.Store(z0, destination + part);
            TL.Store(z1, destination + Blocks + part);
            TL.Store(z2, destination + (2 * Blocks) + part);
            TL.Store(z3, destination + (3 * Blocks) + part);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BoxMuller<TL, TF, TU>(TU radiusWord, TU angleWord, out TF cosine, out TF sine)
        where TL : ILanes<TF, TU>
        where TF : struct
        where TU : struct
    {
        // u1 = (k + 1) 2^-24 in (0, 1], exact in float; r = sqrt(-2 ln u1).
        TF u1 = TL.Multiply(
            TL.ConvertInt32ToSingle(TL.Add(TL.ShiftRight(radiusWord, 8), TL.Broadcast(1u))),
            TL.Broadcast(1f / 16777216));
        TF radius = TL.Sqrt(TL.Multiply(LogNegated<TL, TF, TU>(u1), TL.Broadcast(2f)));

        // Angle 2 pi (k + 1/2) 2^-24 = q pi/2 + a with q = round(k / 2^22), a = (2 (k - q 2^22) + 1) 2^-23 pi/2.
        TU k = TL.ShiftRight(angleWord, 8);
        TU quadrant = TL.ShiftRight(TL.Add(k, TL.Broadcast(1u << 21)), 22);
        TU oddNumerator = TL.Add(TL.ShiftLeft(TL.Subtract(k, TL.ShiftLeft(quadrant, 22)), 1), TL.Broadcast(1u));
        TF a = TL.Multiply(TL.ConvertInt32ToSingle(oddNumerator), TL.Broadcast(HalfPiTimes2ToMinus23));
        TF a2 = TL.Multiply(a, a);

        // Cephes sinf/cosf minimax polynomials on [-pi/4, pi/4].
        TF sinA = TL.Add(
            TL.Multiply(
                TL.Multiply(
                    TL.Add(TL.Multiply(
                        TL.Add(TL.Multiply(TL.Broadcast(-1.9515295891e-4f), a2), TL.Broadcast(8.3321608736e-3f)), a2),
                        TL.Broadcast(-1.6666654611e-1f)),
                    a2),
                a),
            a);
        TF cosA = TL.Add(
            TL.Subtract(
                TL.Multiply(
                    TL.Multiply(
                        TL.Add(TL.Multiply(
                            TL.Add(TL.Multiply(TL.Broadcast(2.443315711809948e-5f), a2), TL.Broadcast(-1.388731625493765e-3f)), a2),
                            TL.Broadcast(4.166664568298827e-2f)),
                        a2),
                    a2),
                TL.Multiply(TL.Broadcast(0.5f), a2)),
            TL.Broadcast(1f));

        // Rotate by the quadrant: odd quadrants swap sin and cos; cos is negative in quadrants 1, 2; sin in 2, 3.
        TU swap = TL.Subtract(TL.Broadcast(0u), TL.And(quadrant, TL.Broadcast(1u)));
        TU sinBits = TL.AsUInt32(sinA), cosBits = TL.AsUInt32(cosA);
        TU flip = TL.And(TL.Xor(sinBits, cosBits), swap);
        TU cosNegative = TL.ShiftLeft(TL.And(TL.Add(quadrant, TL.Broadcast(1u)), TL.Broadcast(2u)), 30);
        TU sinNegative = TL.ShiftLeft(TL.And(quadrant, TL.Broadcast(2u)), 30);
        TF cosTheta = TL.AsSingle(TL.Xor(TL.Xor(cosBits, flip), cosNegative));
        TF sinTheta = TL.AsSingle(TL.Xor(TL.Xor(sinBits, flip), sinNegative));

        cosine = TL.Multiply(radius, cosTheta);
        sine = TL.Multiply(radius, sinTheta);
    }

    /// <summary>-ln(x) for x in (0, 1] (Cephes logf after musl's reduction to m in [sqrt(1/2), sqrt(2))).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF LogNegated<TL, TF, TU>(TF x)
        where TL : ILanes<TF, TU>
        where TF : struct
        where TU : struct
    {
        // x = 2^e m: shifting the bits by 1 - sqrt(1/2) in the exponent field puts m in [sqrt(1/2), sqrt(2)).
        TU bits = TL.Add(TL.AsUInt32(x), TL.Broadcast(0x3F800000u - 0x3F3504F3u));
        TF e = TL.ConvertInt32ToSingle(TL.Subtract(TL.ShiftRight(bits, 23), TL.Broadcast(0x7Fu)));
        TF f = TL.Subtract(
            TL.AsSingle(TL.Add(TL.And(bits, TL.Broadcast(0x007FFFFFu)), TL.Broadcast(0x3F3504F3u))),
            TL.Broadcast(1f));
        TF f2 = TL.Multiply(f, f);

        TF p = TL.Broadcast(7.0376836292e-2f);
        p = TL.Add(TL.Multiply(p, f), TL.Broadcast(-1.1514610310e-1f));
        p = TL.Add(TL.Multiply(p, f), TL.Broadcast(1.1676998740e-1f));
        p = TL.Add(TL.Multiply(p, f), TL.Broadcast(-1.2420140846e-1f));
        p = TL.Add(TL.Multiply(p, f), TL.Broadcast(1.4249322787e-1f));
        p = TL.Add(TL.Multiply(p, f), TL.Broadcast(-1.6668057665e-1f));
        p = TL.Add(TL.Multiply(p, f), TL.Broadcast(2.0000714765e-1f));
        p = TL.Add(TL.Multiply(p, f), TL.Broadcast(-2.4999993993e-1f));
        p = TL.Add(TL.Multiply(p, f), TL.Broadcast(3.3333331174e-1f));

        // ln x = f - f^2/2 + f^3 P(f) + e ln 2, with ln 2 split as 0.693359375 - 2.12194440e-4 (Cephes).
        TF y = TL.Multiply(TL.Multiply(p, f), f2);
        y = TL.Add(y, TL.Multiply(TL.Broadcast(-2.12194440e-4f), e));
        y = TL.Subtract(y, TL.Multiply(TL.Broadcast(0.5f), f2));
        TF log = TL.Add(f, y);
        log = TL.Add(log, TL.Multiply(TL.Broadcast(0.693359375f), e));
        return TL.Subtract(TL.Broadcast(0f), log);
    }
}
