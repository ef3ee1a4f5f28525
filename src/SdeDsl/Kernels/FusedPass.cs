using System;
using System.Numerics;
using SdeDsl.Noise;

namespace SdeDsl.Kernels;

/// <summary>
/// The entry points of the one fused kernel (docs/math.md §7): a single pass over memory computing
/// <c>out = ca a + cb b + cc c + cd d + cz z</c> and, when <c>scaled</c> is not empty, the next denoiser input
/// <c>y = out / s</c> in the same pass. z, when present, is the counter-based standard normal of the element's index
/// in the stream <c>key</c>, generated inside the pass.
/// </summary>
/// <remarks>
/// The samplers' step types compute the coefficients (in double, rounded once to T) beside their algorithm and call
/// these; the arity and the noise flag are type parameters of the operator, so unused streams are never loaded.
/// Outputs may alias the first input (in-place update). Pass an empty <c>scaled</c> when s = 1.
/// </remarks>
internal static unsafe class FusedPass
{
    /// <summary>out = ca a.</summary>
    public static void Combine<T>(double ca, ReadOnlySpan<T> a, Span<T> output, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Execute(new LinearCombination<T, OneInput>(ca), a, default, default, default, output, default, 0, default, 0, options);

    /// <summary>out = ca a + cb b; scaled = out * inverseScale.</summary>
    public static void Combine<T>(
        double ca, ReadOnlySpan<T> a, double cb, ReadOnlySpan<T> b, Span<T> output, Span<T> scaled, double inverseScale, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Execute(new LinearCombination<T, TwoInputs>(ca, cb), a, b, default, default, output, scaled, inverseScale, default, 0, options);

    /// <summary>out = ca a + cb b + cc c; scaled = out * inverseScale.</summary>
    public static void Combine<T>(
        double ca, ReadOnlySpan<T> a, double cb, ReadOnlySpan<T> b, double cc, ReadOnlySpan<T> c,
        Span<T> output, Span<T> scaled, double inverseScale, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Execute(new LinearCombination<T, ThreeInputs>(ca, cb, cc), a, b, c, default, output, scaled, inverseScale, default, 0, options);

    /// <summary>out = ca a + cb b + cc c + cd d; scaled = out * inverseScale.</summary>
    public static void Combine<T>(
        double ca, ReadOnlySpan<T> a, double cb, ReadOnlySpan<T> b, double cc, ReadOnlySpan<T> c, double cd, ReadOnlySpan<T> d,
        Span<T> output, Span<T> scaled, double inverseScale, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Execute(new LinearCombination<T, FourInputs>(ca, cb, cc, cd), a, b, c, d, output, scaled, inverseScale, default, 0, options);

    /// <summary>out = ca a + cz z; scaled = out * inverseScale.</summary>
    public static void CombineWithNoise<T>(
        double ca, ReadOnlySpan<T> a, double cz, in NoiseKey key, Span<T> output, Span<T> scaled, double inverseScale, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Execute(new LinearCombination<T, OneInputWithNoise>(ca, cz: cz), a, default, default, default, output, scaled, inverseScale, key, 0, options);

    /// <summary>out = ca a + cb b + cz z, z from element <paramref name="noiseStart"/> on; scaled = out * inverseScale.</summary>
    public static void CombineWithNoise<T>(
        double ca, ReadOnlySpan<T> a, double cb, ReadOnlySpan<T> b, double cz, in NoiseKey key, long noiseStart,
        Span<T> output, Span<T> scaled, double inverseScale, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Execute(new LinearCombination<T, TwoInputsWithNoise>(ca, cb, cz: cz), a, b, default, default, output, scaled, inverseScale, key, noiseStart, options);

    /// <summary>out = scale z for elements startIndex, startIndex + 1, ... of one noise stream.</summary>
    public static void Noise<T>(Span<T> output, in NoiseKey key, long startIndex, double scale, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Execute(new LinearCombination<T, NoiseOnly>(0, cz: scale), default, default, default, default, output, default, 0, key, startIndex, options);

    private static void Execute<T, TShape>(
        LinearCombination<T, TShape> op, ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c, ReadOnlySpan<T> d,
        Span<T> output, Span<T> scaled, double inverseScale, in NoiseKey key, long noiseStart, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TShape : struct, IOperatorShape
    {
        int n = output.Length;
        if (TShape.Arity >= 1) RequireLength(a, n, nameof(a));
        if (TShape.Arity >= 2) RequireLength(b, n, nameof(b));
        if (TShape.Arity >= 3) RequireLength(c, n, nameof(c));
        if (TShape.Arity >= 4) RequireLength(d, n, nameof(d));
        if (!scaled.IsEmpty) RequireLength(scaled, n, nameof(scaled));
        if (n == 0)
        {
            return;
        }

        T inverse = scaled.IsEmpty ? T.Zero : T.CreateTruncating(inverseScale);
        fixed (T* pa = a, pb = b, pc = c, pd = d, po = output, ps = scaled)
        {
            var operands = new KernelOperands<T>(pa, pb, pc, pd, po, scaled.IsEmpty ? null : ps, inverse);
            ElementwiseDriver.Run(op, operands, n, key, noiseStart, options);
        }
    }

    private static void RequireLength<T>(ReadOnlySpan<T> span, int expected, string name)
    {
        if (span.Length != expected)
        {
            throw new ArgumentException($"Operand '{name}' has {span.Length} elements but the output has {expected}.", name);
        }
    }
}
