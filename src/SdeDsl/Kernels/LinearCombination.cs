using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SdeDsl.Kernels;

/// <summary>
/// The operator of every step kernel: out = ca a + cb b + cc c + cd d + cz z, where the inputs actually read
/// (a, then b, c, d) and the presence of the noise term z are fixed by <typeparamref name="TShape"/> at JIT time.
/// </summary>
/// <remarks>
/// Modelled on TensorPrimitives' operator structs: one Invoke per width, the same operation order in each, so the
/// scalar tail and every vector width give bitwise-identical results (no fused multiply-add: a scalar fallback
/// could not reproduce it). The coefficients are per-step scalars computed in double from the schedule and
/// rounded once to <typeparamref name="T"/>.
/// </remarks>
internal readonly struct LinearCombination<T, TShape> : IStepOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TShape : struct, IOperatorShape
{
    private readonly T _ca, _cb, _cc, _cd, _cz;

    public LinearCombination(double ca, double cb = 0, double cc = 0, double cd = 0, double cz = 0)
    {
        _ca = T.CreateTruncating(ca);
        _cb = T.CreateTruncating(cb);
        _cc = T.CreateTruncating(cc);
        _cd = T.CreateTruncating(cd);
        _cz = T.CreateTruncating(cz);
    }

    public static int Arity => TShape.Arity;

    public static bool UsesNoise => TShape.UsesNoise;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Invoke(T a, T b, T c, T d, T z)
    {
        T r = TShape.Arity >= 1 ? _ca * a : _cz * z;
        if (TShape.Arity >= 2) r += _cb * b;
        if (TShape.Arity >= 3) r += _cc * c;
        if (TShape.Arity >= 4) r += _cd * d;
        if (TShape.UsesNoise && TShape.Arity >= 1) r += _cz * z;
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<T> Invoke(Vector128<T> a, Vector128<T> b, Vector128<T> c, Vector128<T> d, Vector128<T> z)
    {
        Vector128<T> r = TShape.Arity >= 1 ? Vector128.Create(_ca) * a : Vector128.Create(_cz) * z;
        if (TShape.Arity >= 2) r += Vector128.Create(_cb) * b;
        if (TShape.Arity >= 3) r += Vector128.Create(_cc) * c;
        if (TShape.Arity >= 4) r += Vector128.Create(_cd) * d;
        if (TShape.UsesNoise && TShape.Arity >= 1) r += Vector128.Create(_cz) * z;
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> a, Vector256<T> b, Vector256<T> c, Vector256<T> d, Vector256<T> z)
    {
        Vector256<T> r = TShape.Arity >= 1 ? Vector256.Create(_ca) * a : Vector256.Create(_cz) * z;
        if (TShape.Arity >= 2) r += Vector256.Create(_cb) * b;
        if (TShape.Arity >= 3) r += Vector256.Create(_cc) * c;
        if (TShape.Arity >= 4) r += Vector256.Create(_cd) * d;
        if (TShape.UsesNoise && TShape.Arity >= 1) r += Vector256.Create(_cz) * z;
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> a, Vector512<T> b, Vector512<T> c, Vector512<T> d, Vector512<T> z)
    {
        Vector512<T> r = TShape.Arity >= 1 ? Vector512.Create(_ca) * a : Vector512.Create(_cz) * z;
        if (TShape.Arity >= 2) r += Vector512.Create(_cb) * b;
        if (TShape.Arity >= 3) r += Vector512.Create(_cc) * c;
        if (TShape.Arity >= 4) r += Vector512.Create(_cd) * d;
        if (TShape.UsesNoise && TShape.Arity >= 1) r += Vector512.Create(_cz) * z;
        return r;
    }
}
