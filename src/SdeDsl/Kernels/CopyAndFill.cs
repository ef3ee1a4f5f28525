using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SdeDsl.Kernels;

/// <summary>
/// The runs' bulk copies and fills as kernel passes: split across cores in the kernels' chunks, stores chosen per pass
/// (<see cref="StoreRule"/>: a copy, 1 + 1 streams, and a fill, 0 + 1, keep ordinary stores), no allocation. A copy moves the bits unchanged (NaN payloads included).
/// </summary>
internal static unsafe class CopyAndFill
{
    /// <summary>destination = source, bit for bit.</summary>
    public static void Copy<T>(ReadOnlySpan<T> source, Span<T> destination, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException(
                $"The destination has {destination.Length} elements but the source has {source.Length}.", nameof(destination));
        }

        if (source.IsEmpty)
        {
            return;
        }

        fixed (T* s = source, d = destination)
        {
            var operands = new KernelOperands<T>(s, null, null, null, d, null, T.Zero);
            ElementwiseDriver.Run(default(CopyOperator<T>), operands, source.Length, default, 0, options);
        }
    }

    /// <summary>destination[i] = value for every i.</summary>
    public static void Fill<T>(Span<T> destination, T value, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (destination.IsEmpty)
        {
            return;
        }

        fixed (T* d = destination)
        {
            var operands = new KernelOperands<T>(null, null, null, null, d, null, T.Zero);
            ElementwiseDriver.Run(new FillOperator<T>(value), operands, destination.Length, default, 0, options);
        }
    }

    /// <summary>out = a (one input, returned unchanged: loads and stores move bits, no arithmetic touches them).</summary>
    private readonly struct CopyOperator<T> : IStepOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static int Arity => 1;

        public static bool UsesNoise => false;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public T Invoke(T a, T b, T c, T d, T z) => a;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<T> Invoke(Vector128<T> a, Vector128<T> b, Vector128<T> c, Vector128<T> d, Vector128<T> z) => a;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<T> Invoke(Vector256<T> a, Vector256<T> b, Vector256<T> c, Vector256<T> d, Vector256<T> z) => a;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<T> Invoke(Vector512<T> a, Vector512<T> b, Vector512<T> c, Vector512<T> d, Vector512<T> z) => a;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint Vector512Loop<TStores, TScaled>(T* a, T* b, T* c, T* d, T* z, T* output, T* scaledOutput, T inverseScale, nint i, nint n)
            where TStores : struct, IStorePolicy
            where TScaled : struct, IScaledOutputPolicy =>
            RegisterLoadLoops.Vector512Loop<T, CopyOperator<T>, TStores, TScaled>(this, a, b, c, d, z, output, scaledOutput, inverseScale, i, n);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint Vector256Loop<TStores, TScaled>(T* a, T* b, T* c, T* d, T* z, T* output, T* scaledOutput, T inverseScale, nint i, nint n)
            where TStores : struct, IStorePolicy
            where TScaled : struct, IScaledOutputPolicy =>
            RegisterLoadLoops.Vector256Loop<T, CopyOperator<T>, TStores, TScaled>(this, a, b, c, d, z, output, scaledOutput, inverseScale, i, n);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint Vector128Loop<TStores, TScaled>(T* a, T* b, T* c, T* d, T* z, T* output, T* scaledOutput, T inverseScale, nint i, nint n)
            where TStores : struct, IStorePolicy
            where TScaled : struct, IScaledOutputPolicy =>
            RegisterLoadLoops.Vector128Loop<T, CopyOperator<T>, TStores, TScaled>(this, a, b, c, d, z, output, scaledOutput, inverseScale, i, n);
    }

    /// <summary>out = value (no input).</summary>
    private readonly struct FillOperator<T> : IStepOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly T _value;

        public FillOperator(T value) => _value = value;

        public static int Arity => 0;

        public static bool UsesNoise => false;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public T Invoke(T a, T b, T c, T d, T z) => _value;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<T> Invoke(Vector128<T> a, Vector128<T> b, Vector128<T> c, Vector128<T> d, Vector128<T> z) => Vector128.Create(_value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<T> Invoke(Vector256<T> a, Vector256<T> b, Vector256<T> c, Vector256<T> d, Vector256<T> z) => Vector256.Create(_value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<T> Invoke(Vector512<T> a, Vector512<T> b, Vector512<T> c, Vector512<T> d, Vector512<T> z) => Vector512.Create(_value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint Vector512Loop<TStores, TScaled>(T* a, T* b, T* c, T* d, T* z, T* output, T* scaledOutput, T inverseScale, nint i, nint n)
            where TStores : struct, IStorePolicy
            where TScaled : struct, IScaledOutputPolicy =>
            RegisterLoadLoops.Vector512Loop<T, FillOperator<T>, TStores, TScaled>(this, a, b, c, d, z, output, scaledOutput, inverseScale, i, n);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint Vector256Loop<TStores, TScaled>(T* a, T* b, T* c, T* d, T* z, T* output, T* scaledOutput, T inverseScale, nint i, nint n)
            where TStores : struct, IStorePolicy
            where TScaled : struct, IScaledOutputPolicy =>
            RegisterLoadLoops.Vector256Loop<T, FillOperator<T>, TStores, TScaled>(this, a, b, c, d, z, output, scaledOutput, inverseScale, i, n);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint Vector128Loop<TStores, TScaled>(T* a, T* b, T* c, T* d, T* z, T* output, T* scaledOutput, T inverseScale, nint i, nint n)
            where TStores : struct, IStorePolicy
            where TScaled : struct, IScaledOutputPolicy =>
            RegisterLoadLoops.Vector128Loop<T, FillOperator<T>, TStores, TScaled>(this, a, b, c, d, z, output, scaledOutput, inverseScale, i, n);
    }
}
