using System;

namespace SdeDsl.Noise;

/// <summary>
/// Sample-keyed noise: how a batch buffer splits into samples of <see cref="Dimension"/> elements each, and which
/// key each sample's noise uses, so a sample's noise never depends on where it sits in the batch (docs/math.md §13).
/// </summary>
/// <remarks>
/// <para>The normal of element j of sample i (the i-th sample of the buffer, 0-based) in stream k is the element j
/// of the stream in a counter layout of its own (docs/math.md §13):</para>
/// <code>
/// base seed:        key = seed,      counter = (b_j, FirstIndex + i, k low, k high)
/// per-sample seeds: key = Seeds[i],  counter = (b_j, 0,              k low, k high)
/// </code>
/// <para>with b_j the block of element j in the single-stream tile layout (docs/math.md §8.2; §8.5 for double
/// tensors). Hence z_{i,j,k} is a pure function of (seed, global sample index, k, j) or of (seed_i, k, j): a sample
/// draws the same bits alone, in a batch of any size, or as a row of a shard that passes its own
/// <see cref="FirstIndex"/> (see <see cref="Slice"/>). Sample 0 with <see cref="FirstIndex"/> 0, and a sample whose
/// seed is s, draw exactly the elements 0 .. d - 1 of the unkeyed stream (seed or s, k).</para>
/// <para>Limits: with a base seed the global sample index occupies one 32-bit counter word, so
/// FirstIndex + samples &lt;= 2^32 (<see cref="SampleIndexLimit"/>); the dimension is at most
/// <see cref="int.MaxValue"/>, whose blocks fit the other 32-bit word.</para>
/// </remarks>
public readonly struct SampleLayout
{
    /// <summary>Creates a base-seed layout whose first sample is global sample 0.</summary>
    /// <param name="dimension">Elements per sample (d), at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is below 1.</exception>
    public SampleLayout(int dimension)
        : this(dimension, 0L)
    {
    }

    /// <summary>Creates a base-seed layout: sample i of the buffer is the global sample FirstIndex + i.</summary>
    /// <param name="dimension">Elements per sample (d), at least 1.</param>
    /// <param name="firstIndex">The global index of the buffer's first sample (a shard of rows [a, b) passes a).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is below 1 or <paramref name="firstIndex"/> outside [0, 2^32).</exception>
    public SampleLayout(int dimension, long firstIndex)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(firstIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(firstIndex, SampleIndexLimit);
        Dimension = dimension;
        FirstIndex = firstIndex;
        Seeds = default;
    }

    /// <summary>Creates a per-sample-seed layout: sample i of the buffer draws its noise from key <paramref name="seeds"/>[i].</summary>
    /// <param name="dimension">Elements per sample (d), at least 1.</param>
    /// <param name="seeds">One seed per sample of the buffer (the buffer must hold exactly seeds.Length samples).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="seeds"/> is empty.</exception>
    public SampleLayout(int dimension, ReadOnlyMemory<ulong> seeds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (seeds.IsEmpty)
        {
            throw new ArgumentException("A per-sample-seed layout needs at least one seed.", nameof(seeds));
        }

        Dimension = dimension;
        FirstIndex = 0;
        Seeds = seeds;
    }

    /// <summary>The exclusive bound of a global sample index in a base-seed layout: 2^32.</summary>
    public static long SampleIndexLimit => 1L << 32;

    /// <summary>Elements per sample (d); 0 only for <c>default(SampleLayout)</c>, which is not a valid layout.</summary>
    public int Dimension { get; }

    /// <summary>The global index of the buffer's first sample (base-seed layouts; 0 with per-sample seeds).</summary>
    public long FirstIndex { get; }

    /// <summary>One seed per sample of the buffer, or empty for a base-seed layout.</summary>
    public ReadOnlyMemory<ulong> Seeds { get; }

    /// <summary>
    /// The layout of samples [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of this
    /// one: a shard's layout. Base seed: FirstIndex + start; per-sample seeds: the seeds' slice. A shard sampled
    /// with it gives bitwise the rows of the whole batch.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is negative or leaves the seeds or the 2^32 index space.</exception>
    public SampleLayout Slice(int start, int count)
    {
        if (Dimension == 0)
        {
            throw new InvalidOperationException("default(SampleLayout) is not a layout: construct one with a dimension.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!Seeds.IsEmpty)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Seeds.Length - start);
            return new SampleLayout(Dimension, Seeds.Slice(start, count));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)count, SampleIndexLimit - FirstIndex - start);
        return new SampleLayout(Dimension, FirstIndex + start);
    }

    /// <summary>
    /// Checks that a buffer of <paramref name="length"/> elements holds whole samples and that their keys exist;
    /// returns the sample count.
    /// </summary>
    internal long Validate(long length, string paramName)
    {
        RequireValid(paramName);
        if (length % Dimension != 0)
        {
            throw new ArgumentException(
                $"The buffer's {length} elements are not a whole number of samples of dimension {Dimension}.", paramName);
        }

        long samples = length / Dimension;
        if (!Seeds.IsEmpty && Seeds.Length != samples)
        {
            throw new ArgumentException(
                $"The layout has {Seeds.Length} per-sample seeds but the buffer holds {samples} samples of dimension {Dimension}.", paramName);
        }

        if (Seeds.IsEmpty && FirstIndex + samples > SampleIndexLimit)
        {
            throw new ArgumentOutOfRangeException(
                paramName, $"Samples {FirstIndex} .. {FirstIndex + samples - 1} exceed the 2^32 sample indices of a base-seed layout.");
        }

        return samples;
    }

    /// <summary>The key of sample <paramref name="sample"/> (0-based in the buffer) for <paramref name="key"/>'s stream.</summary>
    internal NoiseKey KeyOf(in NoiseKey key, long sample, out ulong tileBase)
    {
        if (Seeds.IsEmpty)
        {
            // The global sample index in counter word 1: tile t of the sample is tile (index << 28) + t (16 blocks a tile).
            tileBase = (ulong)(FirstIndex + sample) << 28;
            return new NoiseKey(key.Seed, key.Stream);
        }

        tileBase = 0;
        return new NoiseKey(Seeds.Span[(int)sample], key.Stream);
    }

    /// <summary>
    /// The run of buffer elements from <paramref name="i"/> that lie in one sample, for a buffer whose element i is
    /// element <paramref name="startIndex"/> + i of the layout: element g = startIndex + i is element j = g mod d of
    /// sample g / d, at position j of that sample's stream (tiles <paramref name="tileBase"/> + j / L). The run ends at
    /// the sample's end or at <paramref name="end"/>; <paramref name="first"/> = j - i maps buffer index to stream position.
    /// </summary>
    /// <returns>The run's length.</returns>
    internal long RunOf(in NoiseKey key, long startIndex, long i, long end, out NoiseKey sampleKey, out ulong tileBase, out ulong first)
    {
        long g = startIndex + i;
        long sample = g / Dimension;
        long j = g - (sample * Dimension);
        sampleKey = KeyOf(key, sample, out tileBase);
        first = unchecked((ulong)(j - i));
        return Math.Min(end - i, Dimension - j);
    }

    private void RequireValid(string paramName)
    {
        if (Dimension == 0)
        {
            throw new ArgumentException("default(SampleLayout) is not a layout: construct one with a dimension.", paramName);
        }
    }
}
