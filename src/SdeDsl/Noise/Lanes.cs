using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SdeDsl.Noise;

// The four instantiations of ILanes. Each member is a one-line lane-wise operation; MultiplyWide uses the widening
// unsigned multiply (VPMULUDQ) on x86 for the even lanes and for the odd lanes shifted down, else a portable widen.

/// <summary>Scalar lanes (width 1).</summary>
internal readonly struct ScalarLanes : ILanes<float, uint>
{
    public static int Count => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Broadcast(uint value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint LaneIndices() => 0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Add(uint a, uint b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Subtract(uint a, uint b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Xor(uint a, uint b) => a ^ b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint And(uint a, uint b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Or(uint a, uint b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ShiftRight(uint a, int count) => a >> count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ShiftLeft(uint a, int count) => a << count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyWide(uint a, uint m, out uint high, out uint low)
    {
        ulong product = (ulong)a * m;
        high = (uint)(product >> 32);
        low = (uint)product;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ConvertInt32ToSingle(uint a) => (int)a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float AsSingle(uint a) => Unsafe.BitCast<uint, float>(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint AsUInt32(float a) => Unsafe.BitCast<float, uint>(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Broadcast(float value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Add(float a, float b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Subtract(float a, float b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Multiply(float a, float b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sqrt(float a) => System.MathF.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(float value, float* destination) => *destination = value;
}

/// <summary>Vector128 lanes (width 4).</summary>
internal readonly struct Lanes128 : ILanes<Vector128<float>, Vector128<uint>>
{
    public static int Count => 4;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Broadcast(uint value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> LaneIndices() => Vector128<uint>.Indices;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Add(Vector128<uint> a, Vector128<uint> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Subtract(Vector128<uint> a, Vector128<uint> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Xor(Vector128<uint> a, Vector128<uint> b) => a ^ b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> And(Vector128<uint> a, Vector128<uint> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Or(Vector128<uint> a, Vector128<uint> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> ShiftRight(Vector128<uint> a, int count) => Vector128.ShiftRightLogical(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> ShiftLeft(Vector128<uint> a, int count) => Vector128.ShiftLeft(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyWide(Vector128<uint> a, uint m, out Vector128<uint> high, out Vector128<uint> low)
    {
        Vector128<uint> mv = Vector128.Create(m);
        if (Sse2.IsSupported)
        {
            // VPMULUDQ multiplies the even lanes; shifting each 64-bit pair down by 32 brings the odd lanes there.
            Vector128<ulong> even = Sse2.Multiply(a, mv);
            Vector128<ulong> odd = Sse2.Multiply(Vector128.ShiftRightLogical(a.AsUInt64(), 32).AsUInt32(), mv);
            Vector128<ulong> upper = Vector128.Create(0xFFFFFFFF00000000UL);
            high = Vector128.ConditionalSelect(upper, odd, Vector128.ShiftRightLogical(even, 32)).AsUInt32();
            low = Vector128.ConditionalSelect(upper, Vector128.ShiftLeft(odd, 32), even).AsUInt32();
            return;
        }

        (Vector128<ulong> lo, Vector128<ulong> hi) = Vector128.Widen(a);
        Vector128<ulong> m64 = Vector128.Create((ulong)m);
        high = Vector128.Narrow(Vector128.ShiftRightLogical(lo * m64, 32), Vector128.ShiftRightLogical(hi * m64, 32));
        low = a * mv;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ConvertInt32ToSingle(Vector128<uint> a) => Vector128.ConvertToSingle(a.AsInt32());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> AsSingle(Vector128<uint> a) => a.AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> AsUInt32(Vector128<float> a) => a.AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sqrt(Vector128<float> a) => Vector128.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(Vector128<float> value, float* destination) => value.Store(destination);
}

/// <summary>Vector256 lanes (width 8).</summary>
internal readonly struct Lanes256 : ILanes<Vector256<float>, Vector256<uint>>
{
    public static int Count => 8;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Broadcast(uint value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> LaneIndices() => Vector256<uint>.Indices;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Add(Vector256<uint> a, Vector256<uint> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Subtract(Vector256<uint> a, Vector256<uint> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Xor(Vector256<uint> a, Vector256<uint> b) => a ^ b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> And(Vector256<uint> a, Vector256<uint> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Or(Vector256<uint> a, Vector256<uint> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> ShiftRight(Vector256<uint> a, int count) => Vector256.ShiftRightLogical(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> ShiftLeft(Vector256<uint> a, int count) => Vector256.ShiftLeft(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyWide(Vector256<uint> a, uint m, out Vector256<uint> high, out Vector256<uint> low)
    {
        Vector256<uint> mv = Vector256.Create(m);
        if (Avx2.IsSupported)
        {
            // VPMULUDQ multiplies the even lanes; shifting each 64-bit pair down by 32 brings the odd lanes there.
            Vector256<ulong> even = Avx2.Multiply(a, mv);
            Vector256<ulong> odd = Avx2.Multiply(Vector256.ShiftRightLogical(a.AsUInt64(), 32).AsUInt32(), mv);
            Vector256<ulong> upper = Vector256.Create(0xFFFFFFFF00000000UL);
            high = Vector256.ConditionalSelect(upper, odd, Vector256.ShiftRightLogical(even, 32)).AsUInt32();
            low = Vector256.ConditionalSelect(upper, Vector256.ShiftLeft(odd, 32), even).AsUInt32();
            return;
        }

        (Vector256<ulong> lo, Vector256<ulong> hi) = Vector256.Widen(a);
        Vector256<ulong> m64 = Vector256.Create((ulong)m);
        high = Vector256.Narrow(Vector256.ShiftRightLogical(lo * m64, 32), Vector256.ShiftRightLogical(hi * m64, 32));
        low = a * mv;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ConvertInt32ToSingle(Vector256<uint> a) => Vector256.ConvertToSingle(a.AsInt32());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> AsSingle(Vector256<uint> a) => a.AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> AsUInt32(Vector256<float> a) => a.AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sqrt(Vector256<float> a) => Vector256.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(Vector256<float> value, float* destination) => value.Store(destination);
}

/// <summary>Vector512 lanes (width 16).</summary>
internal readonly struct Lanes512 : ILanes<Vector512<float>, Vector512<uint>>
{
    public static int Count => 16;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Broadcast(uint value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> LaneIndices() => Vector512<uint>.Indices;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Add(Vector512<uint> a, Vector512<uint> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Subtract(Vector512<uint> a, Vector512<uint> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Xor(Vector512<uint> a, Vector512<uint> b) => a ^ b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> And(Vector512<uint> a, Vector512<uint> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Or(Vector512<uint> a, Vector512<uint> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> ShiftRight(Vector512<uint> a, int count) => Vector512.ShiftRightLogical(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> ShiftLeft(Vector512<uint> a, int count) => Vector512.ShiftLeft(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyWide(Vector512<uint> a, uint m, out Vector512<uint> high, out Vector512<uint> low)
    {
        Vector512<uint> mv = Vector512.Create(m);
        if (Avx512F.IsSupported)
        {
            // VPMULUDQ multiplies the even lanes; shifting each 64-bit pair down by 32 brings the odd lanes there.
            // One two-source dword permute (VPERMT2D) then gathers the low halves, another the high halves.
            Vector512<uint> even = Avx512F.Multiply(a, mv).AsUInt32();
            Vector512<uint> odd = Avx512F.Multiply(Vector512.ShiftRightLogical(a.AsUInt64(), 32).AsUInt32(), mv).AsUInt32();
            high = Avx512F.PermuteVar16x32x2(even, Vector512.Create(1u, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31), odd);
            low = Avx512F.PermuteVar16x32x2(even, Vector512.Create(0u, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30), odd);
            return;
        }

        (Vector512<ulong> lo, Vector512<ulong> hi) = Vector512.Widen(a);
        Vector512<ulong> m64 = Vector512.Create((ulong)m);
        high = Vector512.Narrow(Vector512.ShiftRightLogical(lo * m64, 32), Vector512.ShiftRightLogical(hi * m64, 32));
        low = a * mv;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ConvertInt32ToSingle(Vector512<uint> a) => Vector512.ConvertToSingle(a.AsInt32());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> AsSingle(Vector512<uint> a) => a.AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> AsUInt32(Vector512<float> a) => a.AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sqrt(Vector512<float> a) => Vector512.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(Vector512<float> value, float* destination) => value.Store(destination);
}
