using System;

namespace SdeDsl.Kernels;

/// <summary>
/// How a kernel pass is executed. None of these settings changes a result: every element is computed by the same
/// operations whatever the thread count, chunk size or vector width, and noise depends only on (seed, step, index).
/// </summary>
public readonly record struct KernelOptions
{
    private const int DefaultChunk = 1 << 16;

    /// <summary>
    /// The default chunk size: 64 Ki elements (256 KiB of floats, a core's share of L2). A property, not a constant,
    /// so a later version can change it without recompiling callers.
    /// </summary>
    public static int DefaultChunkSize => DefaultChunk;

    /// <summary>The most threads a pass may use; 0 (the default) means <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>
    /// Elements per parallel work item; 0 (the default) means <see cref="DefaultChunkSize"/>. Rounded up to a multiple
    /// of 64 (the noise tile). Tensors shorter than two chunks run on the calling thread.
    /// </summary>
    public int ChunkSize { get; init; }

    /// <summary>
    /// The widest SIMD register used, in bits (512, 256, 128; anything below 128 means scalar); 0 (the default) means
    /// the widest the hardware accelerates. Internal: it exists for the tests that prove results are bitwise identical
    /// for every value.
    /// </summary>
    internal int MaxVectorBits { get; init; }

    /// <summary>
    /// Forces the store policy of every pass: true non-temporal, false ordinary; null (the default) chooses per pass from
    /// its streams (<see cref="StoreRule.PrefersNonTemporal"/>). Internal: it exists for the tests that prove both
    /// policies give the same bits and for the benchmarks' A/B of the rule.
    /// </summary>
    internal bool? ForceNonTemporal { get; init; }

    /// <summary>
    /// Runs every pass through <see cref="RegisterLoadLoops"/> (each input loaded into a register, then the operator's
    /// value Invoke: the loop of round 3) instead of the operator's own vector loops. Internal: it exists for the
    /// tests that prove both loops give the same bits and for the benchmarks' A/B of the two (docs/benchmarks.md,
    /// "Issue 18, round 4: kernels").
    /// </summary>
    internal bool RegisterLoads { get; init; }

    /// <summary>The store policy of a pass with these streams: the forced one, else <see cref="StoreRule.PrefersNonTemporal"/>.</summary>
    internal bool UsesNonTemporalStores(int streamsRead, int streamsWritten, long bytesPerStream) =>
        ForceNonTemporal ?? StoreRule.PrefersNonTemporal(streamsRead, streamsWritten, bytesPerStream, LastLevelCache.Bytes);

    internal int EffectiveDegreeOfParallelism =>
        MaxDegreeOfParallelism <= 0 ? Environment.ProcessorCount : MaxDegreeOfParallelism;

    internal int EffectiveChunkSize
    {
        get
        {
            int chunk = ChunkSize <= 0 ? DefaultChunk : ChunkSize;
            return (int)Math.Min(((long)chunk + 63) / 64 * 64, 1 << 30);
        }
    }

    internal int EffectiveVectorBits => MaxVectorBits == 0 ? 512 : MaxVectorBits;
}
