using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SdeDsl.Kernels;

/// <summary>
/// The generic vector loops of round 3: every input is loaded into a register and passed to the operator's value
/// Invoke. Used by the operators without per-step constants (copy, fill) and, through
/// <see cref="KernelOptions.RegisterLoads"/>, by the benchmarks' A/B against the operators' own loops
/// (<see cref="LinearCombination{T, TShape}"/>).
/// </summary>
/// <remarks>
/// Why an operator with coefficients has its own loops instead (docs/benchmarks.md, "Issue 18, round 4: kernels"): here
/// the loads are the value arguments of Invoke, so the JIT loads each into a register before the inlined body
/// (<c>vmovups ymm4, [rdi+4*rax]</c>, then <c>vmulps ymm4, ymm8, ymm4</c>) and broadcasts each coefficient again for
/// every vector (its loop-invariant hoisting declines a cheap broadcast when no callee-saved vector register is free,
/// as on the System V ABI, which has none).
/// </remarks>
internal static unsafe class RegisterLoadLoops
{
    /// <summary>The Vector512 loop over [i, n) as far as whole vectors go; returns the first element it did not do.</summary>
    /// <remarks>
    /// A method of its own, not inlined into the driver's range loop: in one method with the other
    /// widths, the scalar loops and their hundreds of inlinees, the JIT kept the operator struct on the stack and
    /// reloaded every coefficient from it on every iteration (<c>vbroadcastss ymm6, dword ptr [rbp+0x10]</c>: in Heun's
    /// loop eight loads from the stack per iteration besides the eight of the data). Alone, the JIT listing
    /// (<c>DOTNET_JitDisasm=Vector256Loop</c>) loads the coefficients into xmm0-xmm3 once before the loop; the body still
    /// broadcasts them per vector and loads every input into a register (the class remarks).
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal static nint Vector512Loop<T, TOp, TStores, TScaled>(
        TOp op, T* a, T* b, T* c, T* d, T* z, T* output, T* scaledOutput, T inverseScale, nint i, nint n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IStepOperator<T>
        where TStores : struct, IStorePolicy
        where TScaled : struct, IScaledOutputPolicy
    {
        bool scaled = TScaled.Writes;
        Vector512<T> inverse = Vector512.Create(inverseScale);
        nint w = Vector512<T>.Count;
        for (; i <= n - (2 * w); i += 2 * w)
        {
            Vector512<T> r0 = op.Invoke(
                TOp.Arity >= 1 ? Vector512.Load(a + i) : default,
                TOp.Arity >= 2 ? Vector512.Load(b + i) : default,
                TOp.Arity >= 3 ? Vector512.Load(c + i) : default,
                TOp.Arity >= 4 ? Vector512.Load(d + i) : default,
                TOp.UsesNoise ? Vector512.Load(z + i) : default);
            Vector512<T> r1 = op.Invoke(
                TOp.Arity >= 1 ? Vector512.Load(a + i + w) : default,
                TOp.Arity >= 2 ? Vector512.Load(b + i + w) : default,
                TOp.Arity >= 3 ? Vector512.Load(c + i + w) : default,
                TOp.Arity >= 4 ? Vector512.Load(d + i + w) : default,
                TOp.UsesNoise ? Vector512.Load(z + i + w) : default);
            VectorStore.Store<T, TStores>(r0, output + i);
            VectorStore.Store<T, TStores>(r1, output + i + w);
            if (scaled)
            {
                VectorStore.Store<T, TStores>(r0 * inverse, scaledOutput + i);
                VectorStore.Store<T, TStores>(r1 * inverse, scaledOutput + i + w);
            }
        }

        for (; i <= n - w; i += w)
        {
            Vector512<T> r = op.Invoke(
                TOp.Arity >= 1 ? Vector512.Load(a + i) : default,
                TOp.Arity >= 2 ? Vector512.Load(b + i) : default,
                TOp.Arity >= 3 ? Vector512.Load(c + i) : default,
                TOp.Arity >= 4 ? Vector512.Load(d + i) : default,
                TOp.UsesNoise ? Vector512.Load(z + i) : default);
            VectorStore.Store<T, TStores>(r, output + i);
            if (scaled)
            {
                VectorStore.Store<T, TStores>(r * inverse, scaledOutput + i);
            }
        }

        return i;
    }

    /// <summary>The Vector256 loop over [i, n) as far as whole vectors go; returns the first element it did not do.</summary>
    /// <remarks>A method of its own for the reason given at <see cref="Vector512Loop{T, TOp, TStores, TScaled}"/>.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal static nint Vector256Loop<T, TOp, TStores, TScaled>(
        TOp op, T* a, T* b, T* c, T* d, T* z, T* output, T* scaledOutput, T inverseScale, nint i, nint n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IStepOperator<T>
        where TStores : struct, IStorePolicy
        where TScaled : struct, IScaledOutputPolicy
    {
        bool scaled = TScaled.Writes;
        Vector256<T> inverse = Vector256.Create(inverseScale);
        nint w = Vector256<T>.Count;
        for (; i <= n - (2 * w); i += 2 * w)
        {
            Vector256<T> r0 = op.Invoke(
                TOp.Arity >= 1 ? Vector256.Load(a + i) : default,
                TOp.Arity >= 2 ? Vector256.Load(b + i) : default,
                TOp.Arity >= 3 ? Vector256.Load(c + i) : default,
                TOp.Arity >= 4 ? Vector256.Load(d + i) : default,
                TOp.UsesNoise ? Vector256.Load(z + i) : default);
            Vector256<T> r1 = op.Invoke(
                TOp.Arity >= 1 ? Vector256.Load(a + i + w) : default,
                TOp.Arity >= 2 ? Vector256.Load(b + i + w) : default,
                TOp.Arity >= 3 ? Vector256.Load(c + i + w) : default,
                TOp.Arity >= 4 ? Vector256.Load(d + i + w) : default,
                TOp.UsesNoise ? Vector256.Load(z + i + w) : default);
            VectorStore.Store<T, TStores>(r0, output + i);
            VectorStore.Store<T, TStores>(r1, output + i + w);
            if (scaled)
            {
                VectorStore.Store<T, TStores>(r0 * inverse, scaledOutput + i);
                VectorStore.Store<T, TStores>(r1 * inverse, scaledOutput + i + w);
            }
        }

        for (; i <= n - w; i += w)
        {
            Vector256<T> r = op.Invoke(
                TOp.Arity >= 1 ? Vector256.Load(a + i) : default,
                TOp.Arity >= 2 ? Vector256.Load(b + i) : default,
                TOp.Arity >= 3 ? Vector256.Load(c + i) : default,
                TOp.Arity >= 4 ? Vector256.Load(d + i) : default,
                TOp.UsesNoise ? Vector256.Load(z + i) : default);
            VectorStore.Store<T, TStores>(r, output + i);
            if (scaled)
            {
                VectorStore.Store<T, TStores>(r * inverse, scaledOutput + i);
            }
        }

        return i;
    }

    /// <summary>The Vector128 loop over [i, n) as far as whole vectors go; returns the first element it did not do.</summary>
    /// <remarks>A method of its own for the reason given at <see cref="Vector512Loop{T, TOp, TStores, TScaled}"/>.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal static nint Vector128Loop<T, TOp, TStores, TScaled>(
        TOp op, T* a, T* b, T* c, T* d, T* z, T* output, T* scaledOutput, T inverseScale, nint i, nint n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IStepOperator<T>
        where TStores : struct, IStorePolicy
        where TScaled : struct, IScaledOutputPolicy
    {
        bool scaled = TScaled.Writes;
        Vector128<T> inverse = Vector128.Create(inverseScale);
        nint w = Vector128<T>.Count;
        for (; i <= n - w; i += w)
        {
            Vector128<T> r = op.Invoke(
                TOp.Arity >= 1 ? Vector128.Load(a + i) : default,
                TOp.Arity >= 2 ? Vector128.Load(b + i) : default,
                TOp.Arity >= 3 ? Vector128.Load(c + i) : default,
                TOp.Arity >= 4 ? Vector128.Load(d + i) : default,
                TOp.UsesNoise ? Vector128.Load(z + i) : default);
            VectorStore.Store<T, TStores>(r, output + i);
            if (scaled)
            {
                VectorStore.Store<T, TStores>(r * inverse, scaledOutput + i);
            }
        }

        return i;
    }
}
