using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SdeDsl.Noise;

// The four instantiations of IDoubleLanes. Each member is a one-line lane-wise operation. The vector widths run
// Philox on 64-bit pairs (PairedPhilox.ApplyPairs, the same rounds as the single-precision path): pair i's low half
// carries block first + i and its high half block first + Count + i, so the pair-form results give the even blocks'
// and the odd blocks' words in the low halves of 64-bit lanes, from which (w0 << 32) | w1 is two lane operations.

/// <summary>Scalar lanes (width 1): the reference rounds, two blocks per call.</summary>
internal readonly struct ScalarDoubleLanes : IDoubleLanes<double, ulong>
{
    public static int Count => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong BroadcastUInt64(ulong value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(ulong a, ulong b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Subtract(ulong a, ulong b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong And(ulong a, ulong b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Or(ulong a, ulong b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Xor(ulong a, ulong b) => a ^ b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ShiftRight(ulong a, int count) => a >> count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ShiftLeft(ulong a, int count) => a << count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Philox(in PhiloxSchedule schedule, ulong firstBlock, out ulong lower01, out ulong lower23, out ulong upper01, out ulong upper23)
    {
        Block(schedule.SeedLow, schedule.SeedHigh, schedule.StepLow, schedule.StepHigh, firstBlock, out lower01, out lower23);
        Block(schedule.SeedLow, schedule.SeedHigh, schedule.StepLow, schedule.StepHigh, firstBlock + 1, out upper01, out upper23);
    }

    /// <summary>Philox4x32-10 on one block: (w0 &lt;&lt; 32) | w1 and (w2 &lt;&lt; 32) | w3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block(in NoiseKey key, ulong block, out ulong words01, out ulong words23)
        => Block(key.SeedLow, key.SeedHigh, key.StepLow, key.StepHigh, block, out words01, out words23);

    /// <summary>Philox4x32-10 on one block of the stream (stepLow, stepHigh) under the seed (seedLow, seedHigh).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block(uint seedLow, uint seedHigh, uint stepLow, uint stepHigh, ulong block, out ulong words01, out ulong words23)
    {
        uint w0 = (uint)block, w1 = (uint)(block >> 32), w2 = stepLow, w3 = stepHigh;
        Philox4x32.Apply(ref w0, ref w1, ref w2, ref w3, seedLow, seedHigh);
        words01 = ((ulong)w0 << 32) | w1;
        words23 = ((ulong)w2 << 32) | w3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double AsDouble(ulong a) => Unsafe.BitCast<ulong, double>(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AsUInt64(double a) => Unsafe.BitCast<double, ulong>(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double BroadcastDouble(double value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Add(double a, double b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Subtract(double a, double b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Multiply(double a, double b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Divide(double a, double b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sqrt(double a) => System.Math.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(double value, double* destination) => *destination = value;
}

/// <summary>Vector128 lanes (2 doubles; Philox on 4 blocks per call).</summary>
internal readonly struct DoubleLanes128 : IDoubleLanes<Vector128<double>, Vector128<ulong>>
{
    public static int Count => 2;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> BroadcastUInt64(ulong value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Add(Vector128<ulong> a, Vector128<ulong> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Subtract(Vector128<ulong> a, Vector128<ulong> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> And(Vector128<ulong> a, Vector128<ulong> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Or(Vector128<ulong> a, Vector128<ulong> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Xor(Vector128<ulong> a, Vector128<ulong> b) => a ^ b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> ShiftRight(Vector128<ulong> a, int count) => Vector128.ShiftRightLogical(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> ShiftLeft(Vector128<ulong> a, int count) => Vector128.ShiftLeft(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Philox(in PhiloxSchedule schedule, ulong firstBlock, out Vector128<ulong> lower01, out Vector128<ulong> lower23, out Vector128<ulong> upper01, out Vector128<ulong> upper23)
    {
        // Pair i: low half block first + i, high half block first + Count + i (no carry: first is a multiple of 2 Count).
        uint low = (uint)firstBlock;
        Vector128<ulong> counters = Vector128.Create(low | ((ulong)(low + 2) << 32)) + (Vector128<ulong>.Indices | Vector128.ShiftLeft(Vector128<ulong>.Indices, 32));
        PairedPhilox.ApplyPairs<Lanes128, Vector128<uint>>(
            schedule, counters.AsUInt32(),
            out Vector128<uint> e0, out Vector128<uint> e1, out Vector128<uint> e2, out Vector128<uint> e3,
            out Vector128<uint> o0, out Vector128<uint> o1, out Vector128<uint> o2, out Vector128<uint> o3);
        Vector128<ulong> lowHalf = Vector128.Create(0xFFFF_FFFFUL);
        lower01 = Vector128.ShiftLeft(e0.AsUInt64(), 32) | (e1.AsUInt64() & lowHalf);
        lower23 = Vector128.ShiftLeft(e2.AsUInt64(), 32) | (e3.AsUInt64() & lowHalf);
        upper01 = Vector128.ShiftLeft(o0.AsUInt64(), 32) | (o1.AsUInt64() & lowHalf);
        upper23 = Vector128.ShiftLeft(o2.AsUInt64(), 32) | (o3.AsUInt64() & lowHalf);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> AsDouble(Vector128<ulong> a) => a.AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> AsUInt64(Vector128<double> a) => a.AsUInt64();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> BroadcastDouble(double value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Subtract(Vector128<double> a, Vector128<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Multiply(Vector128<double> a, Vector128<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Divide(Vector128<double> a, Vector128<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Sqrt(Vector128<double> a) => Vector128.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(Vector128<double> value, double* destination) => value.Store(destination);
}

/// <summary>Vector256 lanes (4 doubles; Philox on 8 blocks per call).</summary>
internal readonly struct DoubleLanes256 : IDoubleLanes<Vector256<double>, Vector256<ulong>>
{
    public static int Count => 4;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> BroadcastUInt64(ulong value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Add(Vector256<ulong> a, Vector256<ulong> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Subtract(Vector256<ulong> a, Vector256<ulong> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> And(Vector256<ulong> a, Vector256<ulong> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Or(Vector256<ulong> a, Vector256<ulong> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Xor(Vector256<ulong> a, Vector256<ulong> b) => a ^ b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> ShiftRight(Vector256<ulong> a, int count) => Vector256.ShiftRightLogical(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> ShiftLeft(Vector256<ulong> a, int count) => Vector256.ShiftLeft(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Philox(in PhiloxSchedule schedule, ulong firstBlock, out Vector256<ulong> lower01, out Vector256<ulong> lower23, out Vector256<ulong> upper01, out Vector256<ulong> upper23)
    {
        // Pair i: low half block first + i, high half block first + Count + i (no carry: first is a multiple of 2 Count).
        uint low = (uint)firstBlock;
        Vector256<ulong> counters = Vector256.Create(low | ((ulong)(low + 4) << 32)) + (Vector256<ulong>.Indices | Vector256.ShiftLeft(Vector256<ulong>.Indices, 32));
        PairedPhilox.ApplyPairs<Lanes256, Vector256<uint>>(
            schedule, counters.AsUInt32(),
            out Vector256<uint> e0, out Vector256<uint> e1, out Vector256<uint> e2, out Vector256<uint> e3,
            out Vector256<uint> o0, out Vector256<uint> o1, out Vector256<uint> o2, out Vector256<uint> o3);
        Vector256<ulong> lowHalf = Vector256.Create(0xFFFF_FFFFUL);
        lower01 = Vector256.ShiftLeft(e0.AsUInt64(), 32) | (e1.AsUInt64() & lowHalf);
        lower23 = Vector256.ShiftLeft(e2.AsUInt64(), 32) | (e3.AsUInt64() & lowHalf);
        upper01 = Vector256.ShiftLeft(o0.AsUInt64(), 32) | (o1.AsUInt64() & lowHalf);
        upper23 = Vector256.ShiftLeft(o2.AsUInt64(), 32) | (o3.AsUInt64() & lowHalf);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> AsDouble(Vector256<ulong> a) => a.AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> AsUInt64(Vector256<double> a) => a.AsUInt64();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> BroadcastDouble(double value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Divide(Vector256<double> a, Vector256<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sqrt(Vector256<double> a) => Vector256.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(Vector256<double> value, double* destination) => value.Store(destination);
}

/// <summary>Vector512 lanes (8 doubles; Philox on 16 blocks per call).</summary>
internal readonly struct DoubleLanes512 : IDoubleLanes<Vector512<double>, Vector512<ulong>>
{
    public static int Count => 8;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> BroadcastUInt64(ulong value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Add(Vector512<ulong> a, Vector512<ulong> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Subtract(Vector512<ulong> a, Vector512<ulong> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> And(Vector512<ulong> a, Vector512<ulong> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Or(Vector512<ulong> a, Vector512<ulong> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Xor(Vector512<ulong> a, Vector512<ulong> b) => a ^ b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> ShiftRight(Vector512<ulong> a, int count) => Vector512.ShiftRightLogical(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> ShiftLeft(Vector512<ulong> a, int count) => Vector512.ShiftLeft(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Philox(in PhiloxSchedule schedule, ulong firstBlock, out Vector512<ulong> lower01, out Vector512<ulong> lower23, out Vector512<ulong> upper01, out Vector512<ulong> upper23)
    {
        // Pair i: low half block first + i, high half block first + Count + i (no carry: first is a multiple of 2 Count).
        uint low = (uint)firstBlock;
        Vector512<ulong> counters = Vector512.Create(low | ((ulong)(low + 8) << 32)) + (Vector512<ulong>.Indices | Vector512.ShiftLeft(Vector512<ulong>.Indices, 32));
        PairedPhilox.ApplyPairs<Lanes512, Vector512<uint>>(
            schedule, counters.AsUInt32(),
            out Vector512<uint> e0, out Vector512<uint> e1, out Vector512<uint> e2, out Vector512<uint> e3,
            out Vector512<uint> o0, out Vector512<uint> o1, out Vector512<uint> o2, out Vector512<uint> o3);
        Vector512<ulong> lowHalf = Vector512.Create(0xFFFF_FFFFUL);
        lower01 = Vector512.ShiftLeft(e0.AsUInt64(), 32) | (e1.AsUInt64() & lowHalf);
        lower23 = Vector512.ShiftLeft(e2.AsUInt64(), 32) | (e3.AsUInt64() & lowHalf);
        upper01 = Vector512.ShiftLeft(o0.AsUInt64(), 32) | (o1.AsUInt64() & lowHalf);
        upper23 = Vector512.ShiftLeft(o2.AsUInt64(), 32) | (o3.AsUInt64() & lowHalf);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> AsDouble(Vector512<ulong> a) => a.AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> AsUInt64(Vector512<double> a) => a.AsUInt64();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> BroadcastDouble(double value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Divide(Vector512<double> a, Vector512<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Sqrt(Vector512<double> a) => Vector512.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(Vector512<double> value, double* destination) => value.Store(destination);
}
