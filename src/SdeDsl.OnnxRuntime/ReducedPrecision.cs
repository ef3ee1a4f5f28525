using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SdeDsl.OnnxRuntime;

/// <summary>
/// float32 to and from the 16-bit model formats, IEEE binary16 (float16) and bfloat16, each direction one vectorised
/// pass over the buffer (docs/math.md §14). Narrowing rounds to nearest, ties to even, in integer arithmetic (no FP
/// mode dependence); widening is exact. Every vector width gives the bits of the scalar path, which equal
/// <see cref="Half"/>'s and <see cref="BitConverter"/>'s conversions.
/// </summary>
internal static class ReducedPrecision
{
    /// <summary>binary32 to binary16, round to nearest even; overflow to infinity, NaN to the quiet NaN 0x7E00 with the sign (docs/math.md §14.1).</summary>
    public static void ToFloat16(ReadOnlySpan<float> source, Span<ushort> destination) => Narrow<Float16>(source, destination);

    /// <summary>binary16 to binary32, exact (docs/math.md §14.1).</summary>
    public static void FromFloat16(ReadOnlySpan<ushort> source, Span<float> destination) => Widen<Float16>(source, destination);

    /// <summary>binary32 to bfloat16 (its upper 16 bits), round to nearest even; NaN stays a quiet NaN with its sign (docs/math.md §14.2).</summary>
    public static void ToBFloat16(ReadOnlySpan<float> source, Span<ushort> destination) => Narrow<BFloat16>(source, destination);

    /// <summary>bfloat16 to binary32, exact: the 16 bits become the upper half (docs/math.md §14.2).</summary>
    public static void FromBFloat16(ReadOnlySpan<ushort> source, Span<float> destination) => Widen<BFloat16>(source, destination);

    /// <summary>One 16-bit format's conversions of float32 bits, per element and per 8 lanes (the same bits).</summary>
    private interface ISixteenBitFormat
    {
        static abstract uint Narrow(uint f);

        static abstract Vector256<uint> Narrow(Vector256<uint> f);

        static abstract uint Widen(uint h);

        static abstract Vector256<uint> Widen(Vector256<uint> h);
    }

    private readonly struct Float16 : ISixteenBitFormat
    {
        public static uint Narrow(uint f) => ToFloat16(f);

        public static Vector256<uint> Narrow(Vector256<uint> f) => ToFloat16(f);

        public static uint Widen(uint h) => FromFloat16(h);

        public static Vector256<uint> Widen(Vector256<uint> h) => FromFloat16(h);
    }

    private readonly struct BFloat16 : ISixteenBitFormat
    {
        public static uint Narrow(uint f) => ToBFloat16(f);

        public static Vector256<uint> Narrow(Vector256<uint> f) => ToBFloat16(f);

        public static uint Widen(uint h) => h << 16;

        public static Vector256<uint> Widen(Vector256<uint> h) => Vector256.ShiftLeft(h, 16);
    }

    /// <summary>float32 to a 16-bit format, one pass: 16 elements per iteration (two 8-lane halves narrowed into one vector), then a scalar tail.</summary>
    private static void Narrow<TFormat>(ReadOnlySpan<float> source, Span<ushort> destination)
        where TFormat : struct, ISixteenBitFormat
    {
        RequireSameLength(source.Length, destination.Length);
        ReadOnlySpan<uint> bits = MemoryMarshal.Cast<float, uint>(source);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref uint s = ref MemoryMarshal.GetReference(bits);
            ref ushort d = ref MemoryMarshal.GetReference(destination);
            for (; i <= bits.Length - 16; i += 16)
            {
                Vector256<uint> lo = TFormat.Narrow(Vector256.LoadUnsafe(ref s, (nuint)i));
                Vector256<uint> hi = TFormat.Narrow(Vector256.LoadUnsafe(ref s, (nuint)(i + 8)));
                Vector256.Narrow(lo, hi).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < bits.Length; i++)
        {
            destination[i] = (ushort)TFormat.Narrow(bits[i]);
        }
    }

    /// <summary>A 16-bit format to float32, one pass: 16 elements per iteration (one vector widened into two 8-lane halves), then a scalar tail.</summary>
    private static void Widen<TFormat>(ReadOnlySpan<ushort> source, Span<float> destination)
        where TFormat : struct, ISixteenBitFormat
    {
        RequireSameLength(source.Length, destination.Length);
        Span<uint> bits = MemoryMarshal.Cast<float, uint>(destination);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref ushort s = ref MemoryMarshal.GetReference(source);
            ref uint d = ref MemoryMarshal.GetReference(bits);
            for (; i <= source.Length - 16; i += 16)
            {
                (Vector256<uint> lo, Vector256<uint> hi) = Vector256.Widen(Vector256.LoadUnsafe(ref s, (nuint)i));
                TFormat.Widen(lo).StoreUnsafe(ref d, (nuint)i);
                TFormat.Widen(hi).StoreUnsafe(ref d, (nuint)(i + 8));
            }
        }

        for (; i < source.Length; i++)
        {
            bits[i] = TFormat.Widen(source[i]);
        }
    }

    // §14.1: |x| >= 2^16 (or NaN) -> infinity or quiet NaN. |x| < 2^-14 (binary16 subnormal or zero): adding
    // 2^-1 in float32 aligns the 10 subnormal bits at the bottom of the mantissa, the FP addition rounding to nearest
    // even, and subtracting the magic's bits leaves them. Otherwise rebias the exponent (127 -> 15) and add
    // 0xFFF + (bit 13) before dropping 13 bits: round to nearest, ties to even, a carry running into the exponent
    // (up to infinity) where it should.
    private const uint SignMask = 0x8000_0000u, Float32Infinity = 255u << 23, Float16Overflow = (127u + 16) << 23;
    private const uint NormalBound = 113u << 23, DenormalMagic = ((127u - 15) + (23 - 10) + 1) << 23;
    private const uint Rebias = unchecked((uint)((15 - 127) << 23)) + 0xFFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ToFloat16(uint f)
    {
        uint sign = f & SignMask;
        f ^= sign;
        uint o;
        if (f >= Float16Overflow)
        {
            o = f > Float32Infinity ? 0x7E00u : 0x7C00u;
        }
        else if (f < NormalBound)
        {
            o = BitConverter.SingleToUInt32Bits(BitConverter.UInt32BitsToSingle(f) + BitConverter.UInt32BitsToSingle(DenormalMagic)) - DenormalMagic;
        }
        else
        {
            o = (f + Rebias + ((f >> 13) & 1)) >> 13;
        }

        return o | (sign >> 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> ToFloat16(Vector256<uint> f)
    {
        Vector256<uint> sign = f & Vector256.Create(SignMask);
        f ^= sign;
        Vector256<uint> special = Vector256.ConditionalSelect(
            Vector256.GreaterThan(f, Vector256.Create(Float32Infinity)), Vector256.Create(0x7E00u), Vector256.Create(0x7C00u));
        Vector256<uint> magic = Vector256.Create(DenormalMagic);
        Vector256<uint> subnormal = (f.AsSingle() + magic.AsSingle()).AsUInt32() - magic;
        Vector256<uint> normal = Vector256.ShiftRightLogical(f + Vector256.Create(Rebias) + (Vector256.ShiftRightLogical(f, 13) & Vector256<uint>.One), 13);
        Vector256<uint> o = Vector256.ConditionalSelect(Vector256.LessThan(f, Vector256.Create(NormalBound)), subnormal, normal);
        o = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(f, Vector256.Create(Float16Overflow)), special, o);
        return o | Vector256.ShiftRightLogical(sign, 16);
    }

    // §14.1: widening. Shift exponent and mantissa into place and rebias by 112; infinity/NaN get the rest of the
    // exponent range (+112 again); zero/subnormal: rebias by one more and subtract 2^-14, which renormalises exactly.
    private const uint ShiftedExponent = 0x7C00u << 13, WideRebias = (127u - 15) << 23, Magic = 113u << 23;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint FromFloat16(uint h)
    {
        uint o = (h & 0x7FFF) << 13;
        uint exponent = o & ShiftedExponent;
        o += WideRebias;
        if (exponent == ShiftedExponent)
        {
            o += WideRebias;
        }
        else if (exponent == 0)
        {
            o = BitConverter.SingleToUInt32Bits(BitConverter.UInt32BitsToSingle(o + (1u << 23)) - BitConverter.UInt32BitsToSingle(Magic));
        }

        return o | ((h & 0x8000) << 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> FromFloat16(Vector256<uint> h)
    {
        Vector256<uint> o = Vector256.ShiftLeft(h & Vector256.Create(0x7FFFu), 13);
        Vector256<uint> exponent = o & Vector256.Create(ShiftedExponent);
        o += Vector256.Create(WideRebias);
        Vector256<uint> special = o + Vector256.Create(WideRebias);
        Vector256<uint> small = ((o + Vector256.Create(1u << 23)).AsSingle() - Vector256.Create(Magic).AsSingle()).AsUInt32();
        o = Vector256.ConditionalSelect(Vector256.Equals(exponent, Vector256.Create(ShiftedExponent)), special, o);
        o = Vector256.ConditionalSelect(Vector256.Equals(exponent, Vector256<uint>.Zero), small, o);
        return o | Vector256.ShiftLeft(h & Vector256.Create(0x8000u), 16);
    }

    // §14.2: bfloat16 is the upper half of binary32: add 0x7FFF + (bit 16) and drop 16 bits (round to nearest even,
    // overflow to infinity); a NaN is kept quiet (bit 22 set) so truncation cannot turn it into infinity.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ToBFloat16(uint f) =>
        (f & 0x7FFF_FFFFu) > Float32Infinity ? (f | 0x0040_0000u) >> 16 : (f + 0x7FFFu + ((f >> 16) & 1)) >> 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> ToBFloat16(Vector256<uint> f)
    {
        Vector256<uint> nan = Vector256.GreaterThan(f & Vector256.Create(0x7FFF_FFFFu), Vector256.Create(Float32Infinity));
        Vector256<uint> rounded = f + Vector256.Create(0x7FFFu) + (Vector256.ShiftRightLogical(f, 16) & Vector256<uint>.One);
        return Vector256.ShiftRightLogical(Vector256.ConditionalSelect(nan, f | Vector256.Create(0x0040_0000u), rounded), 16);
    }

    private static void RequireSameLength(int source, int destination)
    {
        if (source != destination)
        {
            throw new ArgumentException($"The destination has {destination} elements for a source of {source}.", nameof(destination));
        }
    }
}
