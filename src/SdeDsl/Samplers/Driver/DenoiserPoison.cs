using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace SdeDsl.Samplers.Driver;

/// <summary>
/// The quiet NaN a run writes into every denoiser output buffer before the call (pooled buffers are rented
/// uncleared), with a payload arithmetic does not produce, so the finite check can tell an element the denoiser
/// never wrote from a NaN it computed.
/// </summary>
internal static class DenoiserPoison<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private const uint SingleBits = 0x7FC0_5D5D;
    private const ulong DoubleBits = 0x7FF8_05D5_D05D_5D5DUL;

    /// <summary>The poison value of <typeparamref name="T"/>.</summary>
    public static readonly T Value = typeof(T) == typeof(float)
        ? (T)(object)BitConverter.UInt32BitsToSingle(SingleBits)
        : (T)(object)BitConverter.UInt64BitsToDouble(DoubleBits);

    /// <summary>Whether <paramref name="value"/> is the poison itself (bit for bit).</summary>
    public static bool Is(T value) => typeof(T) == typeof(float)
        ? Unsafe.As<T, uint>(ref value) == SingleBits
        : Unsafe.As<T, ulong>(ref value) == DoubleBits;
}
