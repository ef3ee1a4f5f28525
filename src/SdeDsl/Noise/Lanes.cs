using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SdeDsl.Noise;

// The four instantiations of ILanes. Each member is a one-line lane-wise operation; MultiplyHigh uses the widening
// unsigned multiply (VPMULUDQ) on x86 for the even lanes and for the odd lanes shifted down, else a portable widen.

/// <summary>Scalar lanes (width 1).</summary>
internal readonly struct ScalarLanes : ILanes<float, uint>
{
    public static int Count => 1;
    public static uint Broadcast(uint value) => value;
    public static uint LaneIndices() => 0;
    public static uint Add(uint a, uint b) => a + b;
    public static uint Subtract(uint a, uint b) => a - b;
    public static uint Xor(uint a, uint b) => a ^ b;
    public static uint And(uint a, uint b) => a & b;
    public static uint Or(uint a, uint b) => a | b;
    public static uint ShiftRight(uint a, int count) => a >> count;
    public static uint ShiftLeft(uint a, int count) => a << count;
    public static uint MultiplyLow(uint a, uint m) => a * m;
    public static uint MultiplyHigh(uint a, uint m) => (uint)(((ulong)a * m) >> 32);
    public static float ConvertInt32ToSingle(uint a) => (int)a;
    public static float AsSingle(uint a) => Unsafe.BitCast<uint, float>(a);
    public static uint AsUInt32(float a) => Unsafe.BitCast<float, uint>(a);
    public static float Broadcast(float value) => value;
    public static float Add(float a, float b) => a + b;
    public static float Subtract(float a, float b) => a - b;
    public static float Multiply(float a, float b) => a * b;
    public static float Sqrt(float a) => System.MathF.Sqrt(a);
    public static unsafe void Store(float value, float* destination) => *destination = value;
}

/// <summary>Vector128 lanes (width 4).</summary>
internal readonly struct Lanes128 : ILanes<Vector128<float>, Vector128<uint>>
{
    public static int Count => 4;
    public static Vector128<uint> Broadcast(uint value) => Vector128.Create(value);
    public static Vector128<uint> LaneIndices() => Vector128<uint>.Indices;
    public static Vector128<uint> Add(Vector128<uint> a, Vector128<uint> b) => a + b;
    public static Vector128<uint> Subtract(Vector128<uint> a, Vector128<uint> b) => a - b;
    public static Vector128<uint> Xor(Vector128<uint> a, Vector128<uint> b) => a ^ b;
    public static Vector128<uint> And(Vector128<uint> a, Vector128<uint> b) => a & b;
    public static Vector128<uint> Or(Vector128<uint> a, Vector128<uint> b) => a | b;
    public static Vector128<uint> ShiftRight(Vector128<uint> a, int count) => Vector128.ShiftRightLogical(a, count);
    public static Vector128<uint> ShiftLeft(Vector128<uint> a, int count) => Vector128.ShiftLeft(a, count);
    public static Vector128<uint> MultiplyLow(Vector128<uint> a, uint m) => a * Vector128.Create(m);

    public static Vector128<uint> MultiplyHigh(Vector128<uint> a, uint m)
    {
        if (Sse2.IsSupported)
        {
            Vector128<uint> mv = Vector128.Create(m);
            Vector128<ulong> even = Sse2.Multiply(a, mv);
            Vector128<ulong> odd = Sse2.Multiply(Vector128.ShiftRightLogical(a.AsUInt64(), 32).AsUInt32(), mv);
            return (Vector128.ShiftRightLogical(even, 32) | (odd & Vector128.Create(0xFFFFFFFF00000000UL))).AsUInt32();
        }

        (Vector128<ulong> lo, Vector128<ulong> hi) = Vector128.Widen(a);
        Vector128<ulong> m64 = Vector128.Create((ulong)m);
        return Vector128.Narrow(Vector128.ShiftRightLogical(lo * m64, 32), Vector128.ShiftRightLogical(hi * m64, 32));
    }

    public static Vector128<float> ConvertInt32ToSingle(Vector128<uint> a) => Vector128.ConvertToSingle(a.AsInt32());
    public static Vector128<float> AsSingle(Vector128<uint> a) => a.AsSingle();
    public static Vector128<uint> AsUInt32(Vector128<float> a) => a.AsUInt32();
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);
    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;
    public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;
    public static Vector128<float> Sqrt(Vector128<float> a) => Vector128.Sqrt(a);
    public static unsafe void Store(Vector128<float> value, float* destination) => value.Store(destination);
}

/// <summary>Vector256 lanes (width 8).</summary>
internal readonly struct Lanes256 : ILanes<Vector256<float>, Vector256<uint>>
{
    public static int Count => 8;
    public static Vector256<uint> Broadcast(uint value) => Vector256.Create(value);
    public static Vector256<uint> LaneIndices() => Vector256<uint>.Indices;
    public static Vector256<uint> Add(Vector256<uint> a, Vector256<uint> b) => a + b;
    public static Vector256<uint> Subtract(Vector256<uint> a, Vector256<uint> b) => a - b;
    public static Vector256<uint> Xor(Vector256<uint> a, Vector256<uint> b) => a ^ b;
    public static Vector256<uint> And(Vector256<uint> a, Vector256<uint> b) => a & b;
    public static Vector256<uint> Or(Vector256<uint> a, Vector256<uint> b) => a | b;
    public static Vector256<uint> ShiftRight(Vector256<uint> a, int count) => Vector256.ShiftRightLogical(a, count);
    public static Vector256<uint> ShiftLeft(Vector256<uint> a, int count) => Vector256.ShiftLeft(a, count);
    public static Vector256<uint> MultiplyLow(Vector256<uint> a, uint m) => a * Vector256.Create(m);

    public static Vector256<uint> MultiplyHigh(Vector256<uint> a, uint m)
    {
        if (Avx2.IsSupported)
        {
            Vector256<uint> mv = Vector256.Create(m);
            Vector256<ulong> even = Avx2.Multiply(a, mv);
            Vector256<ulong> odd = Avx2.Multiply(Vector256.ShiftRightLogical(a.AsUInt64(), 32).AsUInt32(), mv);
            return (Vector256.ShiftRightLogical(even, 32) | (odd & Vector256.Create(0xFFFFFFFF00000000UL))).AsUInt32();
        }

        (Vector256<ulong> lo, Vector256<ulong> hi) = Vector256.Widen(a);
        Vector256<ulong> m64 = Vector256.Create((ulong)m);
        return Vector256.Narrow(Vector256.ShiftRightLogical(lo * m64, 32), Vector256.ShiftRightLogical(hi * m64, 32));
    }

    public static Vector256<float> ConvertInt32ToSingle(Vector256<uint> a) => Vector256.ConvertToSingle(a.AsInt32());
    public static Vector256<float> AsSingle(Vector256<uint> a) => a.AsSingle();
    public static Vector256<uint> AsUInt32(Vector256<float> a) => a.AsUInt32();
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
    public static Vector256<float> Sqrt(Vector256<float> a) => Vector256.Sqrt(a);
    public static unsafe void Store(Vector256<float> value, float* destination) => value.Store(destination);
}

/// <summary>Vector512 lanes (width 16).</summary>
internal readonly struct Lanes512 : ILanes<Vector512<float>, Vector512<uint>>
{
    public static int Count => 16;
    public static Vector512<uint> Broadcast(uint value) => Vector512.Create(value);
    public static Vector512<uint> LaneIndices() => Vector512<uint>.Indices;
    public static Vector512<uint> Add(Vector512<uint> a, Vector512<uint> b) => a + b;
    public static Vector512<uint> Subtract(Vector512<uint> a, Vector512<uint> b) => a - b;
    public static Vector512<uint> Xor(Vector512<uint> a, Vector512<uint> b) => a ^ b;
    public static Vector512<uint> And(Vector512<uint> a, Vector512<uint> b) => a & b;
    public static Vector512<uint> Or(Vector512<uint> a, Vector512<uint> b) => a | b;
    public static Vector512<uint> ShiftRight(Vector512<uint> a, int count) => Vector512.ShiftRightLogical(a, count);
    public static Vector512<uint> ShiftLeft(Vector512<uint> a, int count) => Vector512.ShiftLeft(a, count);
    public static Vector512<uint> MultiplyLow(Vector512<uint> a, uint m) => a * Vector512.Create(m);

    public static Vector512<uint> MultiplyHigh(Vector512<uint> a, uint m)
    {
        if (Avx512F.IsSupported)
        {
            Vector512<uint> mv = Vector512.Create(m);
            Vector512<ulong> even = Avx512F.Multiply(a, mv);
            Vector512<ulong> odd = Avx512F.Multiply(Vector512.ShiftRightLogical(a.AsUInt64(), 32).AsUInt32(), mv);
            return (Vector512.ShiftRightLogical(even, 32) | (odd & Vector512.Create(0xFFFFFFFF00000000UL))).AsUInt32();
        }

        (Vector512<ulong> lo, Vector512<ulong> hi) = Vector512.Widen(a);
        Vector512<ulong> m64 = Vector512.Create((ulong)m);
        return Vector512.Narrow(Vector512.ShiftRightLogical(lo * m64, 32), Vector512.ShiftRightLogical(hi * m64, 32));
    }

    public static Vector512<float> ConvertInt32ToSingle(Vector512<uint> a) => Vector512.ConvertToSingle(a.AsInt32());
    public static Vector512<float> AsSingle(Vector512<uint> a) => a.AsSingle();
    public static Vector512<uint> AsUInt32(Vector512<float> a) => a.AsUInt32();
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
    public static Vector512<float> Sqrt(Vector512<float> a) => Vector512.Sqrt(a);
    public static unsafe void Store(Vector512<float> value, float* destination) => value.Store(destination);
}
