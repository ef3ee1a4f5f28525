using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SdeDsl.Kernels;

/// <summary>
/// How a kernel loop writes its vectors, a JIT-time constant: ordinary stores (the line comes into the cache, read
/// for ownership first) or non-temporal stores (written around the cache; the address must be aligned to the vector).
/// </summary>
internal interface IStorePolicy
{
    /// <summary>Whether stores are non-temporal (the loop then peels the output to the vector's alignment first).</summary>
    static abstract bool NonTemporal { get; }
}

/// <summary>Ordinary stores: for outputs updated in place or read from the cache by the next pass (<see cref="StoreRule"/>).</summary>
internal readonly struct OrdinaryStores : IStorePolicy
{
    public static bool NonTemporal => false;
}

/// <summary>Non-temporal stores: for separate outputs of a pass whose footprint exceeds the last-level cache (<see cref="StoreRule"/>).</summary>
internal readonly struct NonTemporalStores : IStorePolicy
{
    public static bool NonTemporal => true;
}

/// <summary>The stores of one policy at each width.</summary>
internal static unsafe class VectorStore
{
    /// <summary>Stores <paramref name="v"/> at <paramref name="p"/>, which must be aligned to the vector when the policy is non-temporal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T, TStores>(Vector512<T> v, T* p)
        where T : unmanaged, INumberBase<T>
        where TStores : struct, IStorePolicy
    {
        if (TStores.NonTemporal)
        {
            v.StoreAlignedNonTemporal(p);
        }
        else
        {
            v.Store(p);
        }
    }

    /// <inheritdoc cref="Store{T, TStores}(Vector512{T}, T*)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T, TStores>(Vector256<T> v, T* p)
        where T : unmanaged, INumberBase<T>
        where TStores : struct, IStorePolicy
    {
        if (TStores.NonTemporal)
        {
            v.StoreAlignedNonTemporal(p);
        }
        else
        {
            v.Store(p);
        }
    }

    /// <inheritdoc cref="Store{T, TStores}(Vector512{T}, T*)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T, TStores>(Vector128<T> v, T* p)
        where T : unmanaged, INumberBase<T>
        where TStores : struct, IStorePolicy
    {
        if (TStores.NonTemporal)
        {
            v.StoreAlignedNonTemporal(p);
        }
        else
        {
            v.Store(p);
        }
    }

    /// <summary>Elements to handle one by one before <paramref name="p"/> reaches a multiple of <paramref name="alignmentBytes"/> (0 if it never can).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint ElementsToAlignment<T>(T* p, int alignmentBytes)
        where T : unmanaged
    {
        nint misalignment = (nint)((nuint)p & (nuint)(alignmentBytes - 1));
        if (misalignment == 0 || misalignment % sizeof(T) != 0)
        {
            return 0;
        }

        return (alignmentBytes - misalignment) / sizeof(T);
    }
}
