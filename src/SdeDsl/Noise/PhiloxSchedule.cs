using System.Runtime.CompilerServices;

namespace SdeDsl.Noise;

/// <summary>
/// The lane-invariant part of Philox4x32-10 (docs/math.md §8.1) for one stream and one block-high word: every scalar
/// that the vectorised rounds of <see cref="PairedPhilox"/> broadcast, computed once per fill instead of once per
/// eight blocks.
/// </summary>
/// <remarks>
/// Counter words c1 (the block's high word), c2 and c3 (the stream) are the same in every lane, so rounds 1 to 3 are
/// partly scalar; their scalar results and the round keys of rounds 4 to 10 depend only on (seed, stream, block high).
/// A fill of many tiles shares one schedule as long as the block's high word does not change (it changes every 2^32
/// blocks, 2^28 tiles). The words are those the per-call construction computed, so the stream is unchanged.
/// </remarks>
internal unsafe struct PhiloxSchedule
{
    /// <summary>Round 1: (c3 ^ k1) broadcast into the new c2 of every lane.</summary>
    public readonly uint Round1HighKey;

    /// <summary>Round 2: (c1 ^ k0), c1 being the low word of round 1's M1 c2.</summary>
    public readonly uint Round2LowKey;

    /// <summary>Round 2: (high word of M0 c0) ^ k1, c0 being round 1's lane-invariant new c0.</summary>
    public readonly uint Round2HighKey;

    /// <summary>Round 3: k0.</summary>
    public readonly uint Round3LowKey;

    /// <summary>Round 3: c3 ^ k1, c3 being the low word of round 2's M0 c0.</summary>
    public readonly uint Round3HighKey;

    /// <summary>The block's high counter word (c1 of the input).</summary>
    public readonly uint BlockHigh;

    /// <summary>The seed's and the stream's words (for the scalar reference rounds).</summary>
    public readonly uint SeedLow, SeedHigh, StepLow, StepHigh;

    /// <summary>The keys of rounds 4 to 10: k0 of round r (0-based, 3 to 9) at 2 (r - 3), k1 at 2 (r - 3) + 1.</summary>
    private fixed uint _laterKeys[2 * (Philox4x32.Rounds - 3)];

    /// <summary>The schedule of <paramref name="key"/>'s stream for blocks whose high word is <paramref name="blockHigh"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PhiloxSchedule(in NoiseKey key, uint blockHigh)
    {
        const uint M0 = Philox4x32.Multiplier0, M1 = Philox4x32.Multiplier1;
        SeedLow = key.SeedLow;
        SeedHigh = key.SeedHigh;
        StepLow = key.StepLow;
        StepHigh = key.StepHigh;
        BlockHigh = blockHigh;
        uint k0 = key.SeedLow, k1 = key.SeedHigh;

        // Round 1: c1, c2, c3 are the same in every lane; the lanes' new c0 is lane-invariant too.
        ulong p1 = (ulong)M1 * key.StepLow;
        uint c0 = (uint)(p1 >> 32) ^ blockHigh ^ k0, c1 = (uint)p1;
        Round1HighKey = key.StepHigh ^ k1;
        k0 += Philox4x32.KeyIncrement0;
        k1 += Philox4x32.KeyIncrement1;

        // Round 2: M0 c0 is lane-invariant.
        ulong p0 = (ulong)M0 * c0;
        Round2LowKey = c1 ^ k0;
        Round2HighKey = (uint)(p0 >> 32) ^ k1;
        uint c3 = (uint)p0;
        k0 += Philox4x32.KeyIncrement0;
        k1 += Philox4x32.KeyIncrement1;

        // Round 3: c3 is still lane-invariant.
        Round3LowKey = k0;
        Round3HighKey = c3 ^ k1;
        k0 += Philox4x32.KeyIncrement0;
        k1 += Philox4x32.KeyIncrement1;

        for (int round = 3; round < Philox4x32.Rounds; round++)
        {
            _laterKeys[2 * (round - 3)] = k0;
            _laterKeys[(2 * (round - 3)) + 1] = k1;
            k0 += Philox4x32.KeyIncrement0;
            k1 += Philox4x32.KeyIncrement1;
        }
    }

    /// <summary>k0 of round <paramref name="round"/> (0-based, 3 to 9).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly uint LowKey(int round) => _laterKeys[2 * (round - 3)];

    /// <summary>k1 of round <paramref name="round"/> (0-based, 3 to 9).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly uint HighKey(int round) => _laterKeys[(2 * (round - 3)) + 1];
}
