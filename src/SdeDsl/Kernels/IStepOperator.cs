using System.Numerics;
using System.Runtime.Intrinsics;

namespace SdeDsl.Kernels;

/// <summary>
/// An element-wise step operator in TensorPrimitives' operator-struct shape: a scalar Invoke and one per vector
/// width, all computing the same function of up to four input elements and one standard normal z.
/// </summary>
internal interface IStepOperator<T>
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
}
