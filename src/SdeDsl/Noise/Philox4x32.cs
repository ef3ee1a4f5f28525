using System.Runtime.CompilerServices;

namespace SdeDsl.Noise;

/// <summary>
/// The Philox4x32-10 counter-based bijection (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011):
/// four 32-bit counter words and a 64-bit key map to four uniformly distributed 32-bit words.
/// </summary>
/// <remarks>
/// This scalar form is the reference; the vectorised form in <see cref="NormalTile"/> runs the same rounds lane by
/// lane, and both are checked against Random123's published known-answer vectors. Internal: the round constants
/// are an implementation detail of <see cref="GaussianNoise"/>, not an API (tests reach it through InternalsVisibleTo).
/// </remarks>
internal static class Philox4x32
{
    /// <summary>The multiplier applied to counter word 0 in each round.</summary>
    public const uint Multiplier0 = 0xD2511F53;

    /// <summary>The multiplier applied to counter word 2 in each round.</summary>
    public const uint Multiplier1 = 0xCD9E8D57;

    /// <summary>The Weyl increment of key word 0 between rounds (the golden ratio).</summary>
    public const uint KeyIncrement0 = 0x9E3779B9;

    /// <summary>The Weyl increment of key word 1 between rounds (sqrt(3) - 1).</summary>
    public const uint KeyIncrement1 = 0xBB67AE85;

    /// <summary>The number of rounds (the "-10" of Philox4x32-10).</summary>
    public const int Rounds = 10;

    /// <summary>Applies the ten Philox rounds to the counter (c0, c1, c2, c3) under the key (k0, k1), in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply(ref uint c0, ref uint c1, ref uint c2, ref uint c3, uint k0, uint k1)
    {
        for (int round = 0; round < Rounds; round++)
        {
            ulong p0 = (ulong)Multiplier0 * c0;
            ulong p1 = (ulong)Multiplier1 * c2;
            uint n0 = (uint)(p1 >> 32) ^ c1 ^ k0;
            uint n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            c1 = (uint)p1;
            c3 = (uint)p0;
            c0 = n0;
            c2 = n2;
            k0 += KeyIncrement0;
            k1 += KeyIncrement1;
        }
    }
}
