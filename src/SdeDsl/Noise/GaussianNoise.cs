using System;
using System.Numerics;
using SdeDsl.Kernels;

namespace SdeDsl.Noise;

/// <summary>
/// A counter-based source of standard normal variates: the value at (step, index) is a pure function of
/// (seed, step, index), so results never depend on thread count, chunk size, vector width or call order.
/// </summary>
/// <remarks>
/// Philox4x32-10 keyed by the seed, with the element's block index and the step as the counter, then a vectorised
/// Box-Muller transform (see <see cref="NormalTile"/> for the exact layout). Samplers draw their noise inside the
/// step kernels from the same function; this type exposes it directly (prior sampling, training loops, tests).
/// Values are single precision; double-precision callers receive the same values widened.
/// </remarks>
public readonly struct GaussianNoise
{
    /// <summary>Creates the noise source for <paramref name="seed"/>.</summary>
    public GaussianNoise(ulong seed) => Seed = seed;

    /// <summary>The 64-bit Philox key.</summary>
    public ulong Seed { get; }

    /// <summary>The standard normal at element <paramref name="index"/> of stream <paramref name="step"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public float Sample(ulong step, long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return NormalTile.Single(new NoiseKey(Seed, step), (ulong)index);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with the normals of stream <paramref name="step"/> at element indices
    /// <paramref name="startIndex"/>, <paramref name="startIndex"/> + 1, ... (single-precision values; a double
    /// destination receives the same values widened).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="startIndex"/> is negative.</exception>
    public void Fill<T>(ulong step, long startIndex, Span<T> destination, KernelOptions options = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startIndex);
        FusedPass.Noise(destination, new NoiseKey(Seed, step), startIndex, 1.0, options);
    }
}
