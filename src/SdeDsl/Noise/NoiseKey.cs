namespace SdeDsl.Noise;

/// <summary>
/// The Philox key (the 64-bit seed) and the upper counter words (the 64-bit step) of one noise stream, and, when the
/// noise is sample-keyed, the <see cref="SampleLayout"/> that gives each sample its own key (docs/math.md §13).
/// </summary>
internal readonly struct NoiseKey
{
    public readonly uint SeedLow, SeedHigh, StepLow, StepHigh;

    /// <summary>The per-sample layout, or <c>default</c> (Dimension 0) for the single-stream layout of docs/math.md §8.2.</summary>
    public readonly SampleLayout Samples;

    public NoiseKey(ulong seed, ulong step)
    {
        SeedLow = (uint)seed;
        SeedHigh = (uint)(seed >> 32);
        StepLow = (uint)step;
        StepHigh = (uint)(step >> 32);
        Samples = default;
    }

    public NoiseKey(ulong seed, ulong step, SampleLayout samples)
        : this(seed, step) => Samples = samples;

    /// <summary>The 64-bit seed.</summary>
    public ulong Seed => ((ulong)SeedHigh << 32) | SeedLow;

    /// <summary>The 64-bit stream (step) number.</summary>
    public ulong Stream => ((ulong)StepHigh << 32) | StepLow;

    /// <summary>Whether the noise is sample-keyed.</summary>
    public bool IsSampleKeyed => Samples.Dimension != 0;
}
