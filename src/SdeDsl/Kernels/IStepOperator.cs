using System.Numerics;
using System.Runtime.Intrinsics;

namespace SdeDsl.Kernels;

/// <summary>
/// An element-wise step operator in TensorPrimitives' operator-struct shape: a scalar Invoke and one per vector
/// width, all computing the same function of up to four input elements and one standard normal z; and, per vector
/// width, the loop over a range of whole vectors (<see cref="ElementwiseDriver"/> does the peel, the dispatch and the
/// scalar tail).
/// </summary>
/// <remarks>
/// The loops are the operator's own so that an operator with per-step constants can broadcast them once per range
/// and load each input at its use (the load then folds into the multiply, as in the floors' loops). An operator
/// without constants forwards to <see cref="RegisterLoadLoops"/>, which loads every input into a register and calls
/// the value Invoke.
/// </remarks>
internal unsafe interface IStepOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>How many input streams the driver loads (0 to 4).</summary>
    static abstract int Arity { get; }

    /// <summary>Whether the driver generates counter-based noise for z.</summary>
    static abstract bool UsesNoise { get; }

    T Invoke(T a, T b, T c, T d, T z);

    Vector128<T> Invoke(Vector128<T> a, Vector128<T> b, Vector128<T> c, Vector128<T> d, Vector128<T> z);

    Vector256<T> Invoke(Vector256<T> a, Vector256<T> b, Vector256<T> c, Vector256<T> d, Vector256<T> z);

    Vector512<T> Invoke(Vector512<T> a, Vector512<T> b, Vector512<T> c, Vector512<T> d, Vector512<T> z);

    /// <summary>
    /// Elements [i, n) in whole Vector512s, two per iteration then one: out[k] = op(a[k], ..., z[k]) and, when
    /// <typeparamref name="TScaled"/> writes, scaledOutput[k] = out[k] * inverseScale; returns the first element not done.
    /// </summary>
    nint Vector512Loop<TStores, TScaled>(T* a, T* b, T* c, T* d, T* z, T* output, T* scaledOutput, T inverseScale, nint i, nint n)
        where TStores : struct, IStorePolicy
        where TScaled : struct, IScaledOutputPolicy;

    /// <summary>The Vector256 form of <see cref="Vector512Loop{TStores, TScaled}"/>.</summary>
    nint Vector256Loop<TStores, TScaled>(T* a, T* b, T* c, T* d, T* z, T* output, T* scaledOutput, T inverseScale, nint i, nint n)
        where TStores : struct, IStorePolicy
        where TScaled : struct, IScaledOutputPolicy;

    /// <summary>The Vector128 form of <see cref="Vector512Loop{TStores, TScaled}"/>, one vector per iteration.</summary>
    nint Vector128Loop<TStores, TScaled>(T* a, T* b, T* c, T* d, T* z, T* output, T* scaledOutput, T inverseScale, nint i, nint n)
        where TStores : struct, IStorePolicy
        where TScaled : struct, IScaledOutputPolicy;
}
