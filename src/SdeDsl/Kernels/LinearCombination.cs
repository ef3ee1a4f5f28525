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
/// <para>
/// The vector loops (<see cref="Vector256Loop{TStores, TScaled}"/> and its 512- and 128-bit forms) are this struct's
/// own, written so the JIT emits the floors' loop shape: the coefficients are broadcast once before the loop (the
/// JIT's hoisting left one <c>vbroadcastss</c> per coefficient and vector in the loop), and each input is loaded at
/// its use with no conditional between (a constant-condition ternary leaves a temporary), so the load folds into the
/// multiply (<c>vmulps ymm, ymm, [mem]</c>). The operations and their order are those of Invoke (docs/benchmarks.md,
/// "Issue 18, round 4: kernels").
/// </para>
/// </remarks>
internal readonly unsafe struct LinearCombination<T, TShape> : IStepOperator<T>
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


    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public nint Vector512Loop<TStores, TScaled>(T* a, T* b, T* c, T* d, T* z, T* output, T* scaledOutput, T inverseScale, nint i, nint n)
        where TStores : struct, IStorePolicy
        where TScaled : struct, IScaledOutputPolicy
    {
        Vector512<T> ca = Vector512.Create(_ca), cb = Vector512.Create(_cb), cc = Vector512.Create(_cc), cd = Vector512.Create(_cd), cz = Vector512.Create(_cz);
        Vector512<T> inverse = Vector512.Create(inverseScale);
        nint w = Vector512<T>.Count;
        for (; i <= n - (2 * w); i += 2 * w)
        {
            Vector512<T> r0 = Combine(ca, cb, cc, cd, cz, a, b, c, d, z, i);
            Vector512<T> r1 = Combine(ca, cb, cc, cd, cz, a, b, c, d, z, i + w);
            VectorStore.Store<T, TStores>(r0, output + i);
            VectorStore.Store<T, TStores>(r1, output + i + w);
            if (TScaled.Writes)
            {
                VectorStore.Store<T, TStores>(r0 * inverse, scaledOutput + i);
                VectorStore.Store<T, TStores>(r1 * inverse, scaledOutput + i + w);
            }
        }

        for (; i <= n - w; i += w)
        {
            Vector512<T> r = Combine(ca, cb, cc, cd, cz, a, b, c, d, z, i);
            VectorStore.Store<T, TStores>(r, output + i);
            if (TScaled.Writes)
            {
                VectorStore.Store<T, TStores>(r * inverse, scaledOutput + i);
            }
        }

        return i;
    }

    /// <summary>Invoke's operations in Invoke's order, each input loaded at its use (no conditional value between load and multiply).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Combine(
        Vector512<T> ca, Vector512<T> cb, Vector512<T> cc, Vector512<T> cd, Vector512<T> cz, T* a, T* b, T* c, T* d, T* z, nint i)
    {
        Vector512<T> r;
        if (TShape.Arity >= 1)
        {
            r = ca * Vector512.Load(a + i);
        }
        else
        {
            r = cz * Vector512.Load(z + i);
        }

        if (TShape.Arity >= 2) r += cb * Vector512.Load(b + i);
        if (TShape.Arity >= 3) r += cc * Vector512.Load(c + i);
        if (TShape.Arity >= 4) r += cd * Vector512.Load(d + i);
        if (TShape.UsesNoise && TShape.Arity >= 1) r += cz * Vector512.Load(z + i);
        return r;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public nint Vector256Loop<TStores, TScaled>(T* a, T* b, T* c, T* d, T* z, T* output, T* scaledOutput, T inverseScale, nint i, nint n)
        where TStores : struct, IStorePolicy
        where TScaled : struct, IScaledOutputPolicy
    {
        Vector256<T> ca = Vector256.Create(_ca), cb = Vector256.Create(_cb), cc = Vector256.Create(_cc), cd = Vector256.Create(_cd), cz = Vector256.Create(_cz);
        Vector256<T> inverse = Vector256.Create(inverseScale);
        nint w = Vector256<T>.Count;
        for (; i <= n - (2 * w); i += 2 * w)
        {
            Vector256<T> r0 = Combine(ca, cb, cc, cd, cz, a, b, c, d, z, i);
            Vector256<T> r1 = Combine(ca, cb, cc, cd, cz, a, b, c, d, z, i + w);
            VectorStore.Store<T, TStores>(r0, output + i);
            VectorStore.Store<T, TStores>(r1, output + i + w);
            if (TScaled.Writes)
            {
                VectorStore.Store<T, TStores>(r0 * inverse, scaledOutput + i);
                VectorStore.Store<T, TStores>(r1 * inverse, scaledOutput + i + w);
            }
        }

        for (; i <= n - w; i += w)
        {
            Vector256<T> r = Combine(ca, cb, cc, cd, cz, a, b, c, d, z, i);
            VectorStore.Store<T, TStores>(r, output + i);
            if (TScaled.Writes)
            {
                VectorStore.Store<T, TStores>(r * inverse, scaledOutput + i);
            }
        }

        return i;
    }

    /// <summary>Invoke's operations in Invoke's order, each input loaded at its use (no conditional value between load and multiply).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Combine(
        Vector256<T> ca, Vector256<T> cb, Vector256<T> cc, Vector256<T> cd, Vector256<T> cz, T* a, T* b, T* c, T* d, T* z, nint i)
    {
        Vector256<T> r;
        if (TShape.Arity >= 1)
        {
            r = ca * Vector256.Load(a + i);
        }
        else
        {
            r = cz * Vector256.Load(z + i);
        }

        if (TShape.Arity >= 2) r += cb * Vector256.Load(b + i);
        if (TShape.Arity >= 3) r += cc * Vector256.Load(c + i);
        if (TShape.Arity >= 4) r += cd * Vector256.Load(d + i);
        if (TShape.UsesNoise && TShape.Arity >= 1) r += cz * Vector256.Load(z + i);
        return r;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public nint Vector128Loop<TStores, TScaled>(T* a, T* b, T* c, T* d, T* z, T* output, T* scaledOutput, T inverseScale, nint i, nint n)
        where TStores : struct, IStorePolicy
        where TScaled : struct, IScaledOutputPolicy
    {
        Vector128<T> ca = Vector128.Create(_ca), cb = Vector128.Create(_cb), cc = Vector128.Create(_cc), cd = Vector128.Create(_cd), cz = Vector128.Create(_cz);
        Vector128<T> inverse = Vector128.Create(inverseScale);
        nint w = Vector128<T>.Count;
        for (; i <= n - w; i += w)
        {
            Vector128<T> r = Combine(ca, cb, cc, cd, cz, a, b, c, d, z, i);
            VectorStore.Store<T, TStores>(r, output + i);
            if (TScaled.Writes)
            {
                VectorStore.Store<T, TStores>(r * inverse, scaledOutput + i);
            }
        }

        return i;
    }

    /// <summary>Invoke's operations in Invoke's order, each input loaded at its use (no conditional value between load and multiply).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Combine(
        Vector128<T> ca, Vector128<T> cb, Vector128<T> cc, Vector128<T> cd, Vector128<T> cz, T* a, T* b, T* c, T* d, T* z, nint i)
    {
        Vector128<T> r;
        if (TShape.Arity >= 1)
        {
            r = ca * Vector128.Load(a + i);
        }
        else
        {
            r = cz * Vector128.Load(z + i);
        }

        if (TShape.Arity >= 2) r += cb * Vector128.Load(b + i);
        if (TShape.Arity >= 3) r += cc * Vector128.Load(c + i);
        if (TShape.Arity >= 4) r += cd * Vector128.Load(d + i);
        if (TShape.UsesNoise && TShape.Arity >= 1) r += cz * Vector128.Load(z + i);
        return r;
    }
}
