namespace SdeDsl.Noise;

/// <summary>The Philox key (the 64-bit seed) and the upper counter words (the 64-bit step) of one noise stream.</summary>
internal readonly struct NoiseKey
{
    public readonly uint SeedLow, SeedHigh, StepLow, StepHigh;

    public NoiseKey(ulong seed, ulong step)
    {
        SeedLow = (uint)seed;
        SeedHigh = (uint)(seed >> 32);
        StepLow = (uint)step;
        StepHigh = (uint)(step >> 32);
    }
}
