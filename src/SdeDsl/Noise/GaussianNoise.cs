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
/// Box-Muller transform. Samplers draw their noise inside the step kernels from the same function; this type exposes
/// it directly (prior sampling, training loops, tests).
/// <para>Precision. Each stream has two constructions, chosen by the element type of the tensor. Float tensors (and
/// <see cref="Sample"/>) get single-precision normals: 24-bit uniforms, single-precision ln, sin and cos, one Philox
/// block per four normals, |z| at most sqrt(48 ln 2) = 5.77 (see <see cref="NormalTile"/>). Double tensors (and
/// <see cref="SampleDouble"/>) get double-precision normals: 53-bit uniforms from two Philox words each,
/// double-precision ln, sin and cos within 1 ulp, one Philox block per Box-Muller pair, |z| up to
/// sqrt(106 ln 2) = 8.57 (see <see cref="DoubleNormalTile"/>). The two are different streams: the double value at an
/// index is not the float value widened.</para>
/// <para>Counter space. Each stream (seed, step) has 2^64 elements, indexed by a 64-bit counter: a
/// <see cref="long"/> index is read as its 64-bit two's-complement pattern, so every index is valid, index -1 is
/// element 2^64 - 1 (the one just before element 0), and a range that runs past the end wraps around modulo 2^64:
/// <c>Fill(step, start, destination)</c> writes element <c>unchecked(start + k)</c> at position k, continuing from
/// <see cref="long.MaxValue"/> to <see cref="long.MinValue"/> and from -1 to 0 exactly as unchecked
/// <see cref="long"/> arithmetic does. Philox is a bijection on its 128-bit counter (block index low and high,
/// step low and high); the 64-bit block index addresses four single-precision or two double-precision normals per
/// block, so every one of the 2^64 elements has its own counter and the only wrap is that of the element index
/// itself (as with Random123 and cuRAND Philox counters, which also wrap modulo their width).</para>
/// <para>Sample-keyed noise (docs/math.md §13). <see cref="FillSamples"/>, <see cref="SampleKeyed"/> and
/// <see cref="SampleKeyedDouble"/> take a <see cref="SampleLayout"/>: element j of sample i is keyed by
/// (<see cref="Seed"/>, FirstIndex + i) or by the sample's own seed, with counter (b_j, FirstIndex + i or 0, step),
/// so it does not depend on the sample's position in the buffer. They are the reference of the sample-keyed kernels
/// (<see cref="Samplers.SamplingOptions.Samples"/>).</para>
/// </remarks>
public readonly struct GaussianNoise
{
    /// <summary>Creates the noise source for <paramref name="seed"/>.</summary>
    public GaussianNoise(ulong seed) => Seed = seed;

    /// <summary>The 64-bit Philox key.</summary>
    public ulong Seed { get; }

    /// <summary>
    /// The standard normal at element <paramref name="index"/> of stream <paramref name="step"/> (any index: it is
    /// read as a 64-bit counter, modulo 2^64; see the remarks of <see cref="GaussianNoise"/>).
    /// </summary>
    public float Sample(ulong step, long index) => NormalTile.Single(new NoiseKey(Seed, step), unchecked((ulong)index));

    /// <summary>
    /// The double-precision standard normal at element <paramref name="index"/> of stream <paramref name="step"/>:
    /// the value <see cref="Fill"/> writes into a double destination at that index (53-bit uniforms, double-precision
    /// Box-Muller). Any index is valid (modulo 2^64, as for <see cref="Sample"/>).
    /// </summary>
    public double SampleDouble(ulong step, long index) => DoubleNormalTile.Single(new NoiseKey(Seed, step), unchecked((ulong)index));

    /// <summary>
    /// Fills <paramref name="destination"/> with the normals of stream <paramref name="step"/> at element indices
    /// <paramref name="startIndex"/>, <paramref name="startIndex"/> + 1, ...: the values of <see cref="Sample"/> for a
    /// float destination, of <see cref="SampleDouble"/> for a double destination. Indices wrap modulo 2^64: position
    /// k holds element <c>unchecked(startIndex + k)</c>, so a start near the end of the counter space continues at
    /// the beginning.
    /// </summary>
    public void Fill<T>(ulong step, long startIndex, Span<T> destination, KernelOptions options = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => DirectNoiseFill.Fill(destination, new NoiseKey(Seed, step), startIndex, options);

    /// <summary>
    /// The sample-keyed standard normal at element <paramref name="element"/> of sample <paramref name="sample"/>
    /// (0-based in the layout's buffer) in stream <paramref name="step"/> (docs/math.md §13): the value
    /// <see cref="FillSamples"/> writes into a float destination at <c>sample * Dimension + element</c>, and the
    /// scalar reference of every sample-keyed kernel. With a base-seed layout the key is <see cref="Seed"/> and the
    /// sample's global index FirstIndex + sample; with per-sample seeds it is Seeds[sample].
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="samples"/> is <c>default</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sample"/> or <paramref name="element"/> is out of range.</exception>
    public float SampleKeyed(ulong step, SampleLayout samples, long sample, int element)
    {
        NoiseKey key = KeyOf(step, samples, sample, element, out ulong tile, out int position, NormalTile.Length);
        return NormalTile.Single(key, tile, position);
    }

    /// <summary>
    /// The double-precision sample-keyed normal at element <paramref name="element"/> of sample
    /// <paramref name="sample"/> in stream <paramref name="step"/>: the value <see cref="FillSamples"/> writes into a
    /// double destination (docs/math.md §13).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="samples"/> is <c>default</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sample"/> or <paramref name="element"/> is out of range.</exception>
    public double SampleKeyedDouble(ulong step, SampleLayout samples, long sample, int element)
    {
        NoiseKey key = KeyOf(step, samples, sample, element, out ulong tile, out int position, DoubleNormalTile.Length);
        return DoubleNormalTile.Single(key, tile, position);
    }

    /// <summary>
    /// Fills <paramref name="destination"/>, whole samples of <paramref name="samples"/>.Dimension elements, with the
    /// sample-keyed normals of stream <paramref name="step"/>: position <c>i * Dimension + j</c> holds
    /// <see cref="SampleKeyed"/> (float) or
    /// <see cref="SampleKeyedDouble"/> (double) of sample i, element j, whatever the
    /// batch size, the thread count or the vector width (docs/math.md §13).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not a whole number of samples or does not match the seeds.</exception>
    public void FillSamples<T>(ulong step, SampleLayout samples, Span<T> destination, KernelOptions options = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        samples.Validate(destination.Length, nameof(samples));
        DirectNoiseFill.Fill(destination, new NoiseKey(Seed, step, samples), 0, options);
    }

    private NoiseKey KeyOf(ulong step, SampleLayout samples, long sample, int element, out ulong tile, out int position, int tileLength)
    {
        if (samples.Dimension == 0)
        {
            throw new ArgumentException("default(SampleLayout) is not a layout: construct one with a dimension.", nameof(samples));
        }

        long count = samples.Seeds.IsEmpty ? SampleLayout.SampleIndexLimit - samples.FirstIndex : samples.Seeds.Length;
        ArgumentOutOfRangeException.ThrowIfNegative(sample);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sample, count);
        ArgumentOutOfRangeException.ThrowIfNegative(element);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(element, samples.Dimension);
        NoiseKey key = samples.KeyOf(new NoiseKey(Seed, step), sample, out ulong tileBase);
        tile = tileBase + (ulong)(element / tileLength);
        position = element % tileLength;
        return key;
    }
}
