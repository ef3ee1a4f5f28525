using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace SdeDsl.Benchmarks.Infrastructure;

/// <summary>
/// A tensor buffer outside the GC heap, aligned to 64 bytes (a cache line and a Vector512), allocated in a
/// benchmark's <c>[GlobalSetup]</c> and freed in its <c>[GlobalCleanup]</c>: no benchmark iteration allocates, the GC
/// never moves it, and every kernel and floor sees the same alignment.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed unsafe class NativeBuffer<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Allocates <paramref name="length"/> elements and fills them with <see cref="Fill"/>.</summary>
    /// <param name="length">The number of elements.</param>
    /// <param name="seed">Selects the deterministic contents (see <see cref="Fill"/>).</param>
    public NativeBuffer(int length, uint seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        Pointer = (T*)NativeMemory.AlignedAlloc((nuint)Math.Max(1, length) * (nuint)sizeof(T), 64);
        Fill(seed);
    }

    /// <summary>The first element (64-byte aligned).</summary>
    public T* Pointer { get; private set; }

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>The whole buffer.</summary>
    public Span<T> Span => new(Pointer, Length);

    /// <summary>The first <paramref name="length"/> elements.</summary>
    /// <param name="length">At most <see cref="Length"/>.</param>
    /// <returns>A span over the prefix.</returns>
    public Span<T> Prefix(int length) => new(Pointer, length);

    /// <summary>
    /// Deterministic values in [-1, 1) from an integer hash of (seed, index): the same for every run and machine, never
    /// subnormal (a multiple of 2^-23), and touching every page so no page fault lands inside a measurement.
    /// </summary>
    /// <param name="seed">Distinguishes the buffers of one benchmark.</param>
    public void Fill(uint seed)
    {
        T scale = T.CreateTruncating(1.0 / (1 << 22));
        for (int i = 0; i < Length; i++)
        {
            uint h = ((uint)i + 0x9E3779B9u * (seed + 1)) * 0x85EBCA6Bu;
            h ^= h >> 13;
            h *= 0xC2B2AE35u;
            h ^= h >> 16;
            int q = (int)(h >> 9) - (1 << 22); // in [-2^22, 2^22)
            Pointer[i] = T.CreateTruncating(q) * scale;
        }
    }

    /// <summary>Frees the memory.</summary>
    public void Dispose()
    {
        if (Pointer != null)
        {
            NativeMemory.AlignedFree(Pointer);
            Pointer = null;
        }
    }
}
