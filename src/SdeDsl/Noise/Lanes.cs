using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SdeDsl.Noise;

// The four instantiations of ILanes. Each member is a one-line lane-wise operation. Philox runs on 64-bit pairs
// (PairedPhilox) with the widening unsigned multiply VPMULUDQ on x86, else a portable 64-bit multiply of the low halves;
// the scalar lanes use the reference rounds.

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
    public static uint ShiftRight(uint a, int count) => a >> count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ShiftLeft(uint a, int count) => a << count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ShiftRightArithmetic(uint a, int count) => (uint)((int)a >> count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Or(uint a, uint b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SelectBySign(uint mask, float ifSet, float otherwise)
    {
        uint select = (uint)((int)mask >> 31);
        return Unsafe.BitCast<uint, float>((Unsafe.BitCast<float, uint>(ifSet) & select) | (Unsafe.BitCast<float, uint>(otherwise) & ~select));
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Philox(in NoiseKey key, uint blockLow, uint blockHigh, out uint w0, out uint w1, out uint w2, out uint w3)
    {
        w0 = blockLow;
        w1 = blockHigh;
        w2 = key.StepLow;
        w3 = key.StepHigh;
        Philox4x32.Apply(ref w0, ref w1, ref w2, ref w3, key.SeedLow, key.SeedHigh);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Philox(in PhiloxSchedule schedule, uint blockLow, out uint w0, out uint w1, out uint w2, out uint w3)
    {
        w0 = blockLow;
        w1 = schedule.BlockHigh;
        w2 = schedule.StepLow;
        w3 = schedule.StepHigh;
        Philox4x32.Apply(ref w0, ref w1, ref w2, ref w3, schedule.SeedLow, schedule.SeedHigh);
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
    public static float MultiplyAdd(float a, float b, float c) => System.MathF.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(float value, float* destination) => *destination = value;
}

/// <summary>Vector128 lanes (width 4).</summary>
internal readonly struct Lanes128 : ILanes<Vector128<float>, Vector128<uint>>, IPairLanes<Vector128<uint>>
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
    public static Vector128<uint> ShiftRight(Vector128<uint> a, int count) => Vector128.ShiftRightLogical(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> ShiftLeft(Vector128<uint> a, int count) => Vector128.ShiftLeft(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> ShiftRightArithmetic(Vector128<uint> a, int count) => Vector128.ShiftRightArithmetic(a.AsInt32(), count).AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Or(Vector128<uint> a, Vector128<uint> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SelectBySign(Vector128<uint> mask, Vector128<float> ifSet, Vector128<float> otherwise) => Sse41.IsSupported ? Sse41.BlendVariable(otherwise, ifSet, mask.AsSingle()) : Vector128.ConditionalSelect(Vector128.ShiftRightArithmetic(mask.AsInt32(), 31).AsSingle(), ifSet, otherwise);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Philox(in NoiseKey key, Vector128<uint> blockLow, uint blockHigh, out Vector128<uint> w0, out Vector128<uint> w1, out Vector128<uint> w2, out Vector128<uint> w3)
        => PairedPhilox.Apply<Lanes128, Vector128<uint>>(key, blockLow, blockHigh, out w0, out w1, out w2, out w3);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Philox(in PhiloxSchedule schedule, Vector128<uint> blockLow, out Vector128<uint> w0, out Vector128<uint> w1, out Vector128<uint> w2, out Vector128<uint> w3)
        => PairedPhilox.Apply<Lanes128, Vector128<uint>>(schedule, blockLow, out w0, out w1, out w2, out w3);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> MultiplyPairs(Vector128<uint> a, Vector128<uint> m) => Sse2.IsSupported ? Sse2.Multiply(a, m).AsUInt32() : ((a.AsUInt64() & Vector128.Create(0xFFFFFFFFUL)) * (m.AsUInt64() & Vector128.Create(0xFFFFFFFFUL))).AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> ShiftRightPairs(Vector128<uint> a, int count) => Vector128.ShiftRightLogical(a.AsUInt64(), count).AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> ShiftLeftPairs(Vector128<uint> a, int count) => Vector128.ShiftLeft(a.AsUInt64(), count).AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> InterleaveOdd(Vector128<uint> even, Vector128<uint> odd) => Sse41.IsSupported ? Sse41.Blend(even.AsUInt16(), odd.AsUInt16(), 0b1100_1100).AsUInt32() : Vector128.ConditionalSelect(Vector128.Create(0xFFFFFFFF00000000UL).AsUInt32(), odd, even);

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
    public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(Vector128<float> value, float* destination) => value.Store(destination);
}

/// <summary>Vector256 lanes (width 8).</summary>
internal readonly struct Lanes256 : ILanes<Vector256<float>, Vector256<uint>>, IPairLanes<Vector256<uint>>
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
    public static Vector256<uint> ShiftRight(Vector256<uint> a, int count) => Vector256.ShiftRightLogical(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> ShiftLeft(Vector256<uint> a, int count) => Vector256.ShiftLeft(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> ShiftRightArithmetic(Vector256<uint> a, int count) => Vector256.ShiftRightArithmetic(a.AsInt32(), count).AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Or(Vector256<uint> a, Vector256<uint> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SelectBySign(Vector256<uint> mask, Vector256<float> ifSet, Vector256<float> otherwise) => Avx.IsSupported ? Avx.BlendVariable(otherwise, ifSet, mask.AsSingle()) : Vector256.ConditionalSelect(Vector256.ShiftRightArithmetic(mask.AsInt32(), 31).AsSingle(), ifSet, otherwise);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Philox(in NoiseKey key, Vector256<uint> blockLow, uint blockHigh, out Vector256<uint> w0, out Vector256<uint> w1, out Vector256<uint> w2, out Vector256<uint> w3)
        => PairedPhilox.Apply<Lanes256, Vector256<uint>>(key, blockLow, blockHigh, out w0, out w1, out w2, out w3);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Philox(in PhiloxSchedule schedule, Vector256<uint> blockLow, out Vector256<uint> w0, out Vector256<uint> w1, out Vector256<uint> w2, out Vector256<uint> w3)
        => PairedPhilox.Apply<Lanes256, Vector256<uint>>(schedule, blockLow, out w0, out w1, out w2, out w3);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> MultiplyPairs(Vector256<uint> a, Vector256<uint> m) => Avx2.IsSupported ? Avx2.Multiply(a, m).AsUInt32() : ((a.AsUInt64() & Vector256.Create(0xFFFFFFFFUL)) * (m.AsUInt64() & Vector256.Create(0xFFFFFFFFUL))).AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> ShiftRightPairs(Vector256<uint> a, int count) => Vector256.ShiftRightLogical(a.AsUInt64(), count).AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> ShiftLeftPairs(Vector256<uint> a, int count) => Vector256.ShiftLeft(a.AsUInt64(), count).AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> InterleaveOdd(Vector256<uint> even, Vector256<uint> odd) => Avx2.IsSupported ? Avx2.Blend(even, odd, 0b1010_1010) : Vector256.ConditionalSelect(Vector256.Create(0xFFFFFFFF00000000UL).AsUInt32(), odd, even);

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
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(Vector256<float> value, float* destination) => value.Store(destination);
}

/// <summary>Vector512 lanes (width 16).</summary>
internal readonly struct Lanes512 : ILanes<Vector512<float>, Vector512<uint>>, IPairLanes<Vector512<uint>>
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
    public static Vector512<uint> ShiftRight(Vector512<uint> a, int count) => Vector512.ShiftRightLogical(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> ShiftLeft(Vector512<uint> a, int count) => Vector512.ShiftLeft(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> ShiftRightArithmetic(Vector512<uint> a, int count) => Vector512.ShiftRightArithmetic(a.AsInt32(), count).AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Or(Vector512<uint> a, Vector512<uint> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SelectBySign(Vector512<uint> mask, Vector512<float> ifSet, Vector512<float> otherwise) => Vector512.ConditionalSelect(Vector512.ShiftRightArithmetic(mask.AsInt32(), 31).AsSingle(), ifSet, otherwise);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Philox(in NoiseKey key, Vector512<uint> blockLow, uint blockHigh, out Vector512<uint> w0, out Vector512<uint> w1, out Vector512<uint> w2, out Vector512<uint> w3)
        => PairedPhilox.Apply<Lanes512, Vector512<uint>>(key, blockLow, blockHigh, out w0, out w1, out w2, out w3);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Philox(in PhiloxSchedule schedule, Vector512<uint> blockLow, out Vector512<uint> w0, out Vector512<uint> w1, out Vector512<uint> w2, out Vector512<uint> w3)
        => PairedPhilox.Apply<Lanes512, Vector512<uint>>(schedule, blockLow, out w0, out w1, out w2, out w3);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> MultiplyPairs(Vector512<uint> a, Vector512<uint> m) => Avx512F.IsSupported ? Avx512F.Multiply(a, m).AsUInt32() : ((a.AsUInt64() & Vector512.Create(0xFFFFFFFFUL)) * (m.AsUInt64() & Vector512.Create(0xFFFFFFFFUL))).AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> ShiftRightPairs(Vector512<uint> a, int count) => Vector512.ShiftRightLogical(a.AsUInt64(), count).AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> ShiftLeftPairs(Vector512<uint> a, int count) => Vector512.ShiftLeft(a.AsUInt64(), count).AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> InterleaveOdd(Vector512<uint> even, Vector512<uint> odd) => Vector512.ConditionalSelect(Vector512.Create(0xFFFFFFFF00000000UL).AsUInt32(), odd, even);

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
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(Vector512<float> value, float* destination) => value.Store(destination);
}
