using System;
using SdeDsl.Noise;

namespace SdeDsl.Training;

/// <summary>
/// The one random number a training sample's noise level needs, counter-based (docs/math.md §19.1): Philox4x32-10
/// keyed by the seed, counter (g low, g high, stream low, stream high) for the sample's global index g. So the draw
/// of a sample depends on (seed, stream, g) only, never on its batch or shard.
/// </summary>
internal static class TrainingRandom
{
    private const double TwoToMinus53 = 1.0 / (1L << 53);

    /// <summary>A uniform in the open interval (0, 1): 53 bits from words 0 and 1, offset by half an ulp.</summary>
    public static double Uniform(ulong seed, ulong stream, ulong sample)
    {
        Block(seed, stream, sample, out uint w0, out uint w1, out _, out _);
        return UnitOpen(w0, w1);
    }

    /// <summary>A standard normal by Box-Muller on the uniforms of words (0, 1) and (2, 3): sqrt(-2 ln u1) cos(2 pi u2).</summary>
    public static double Normal(ulong seed, ulong stream, ulong sample)
    {
        Block(seed, stream, sample, out uint w0, out uint w1, out uint w2, out uint w3);
        double u1 = UnitOpen(w0, w1);
        double u2 = UnitOpen(w2, w3);
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double UnitOpen(uint high, uint low) =>
        (((ulong)(high >> 5) << 26 | (low >> 6)) + 0.5) * TwoToMinus53;

    private static void Block(ulong seed, ulong stream, ulong sample, out uint w0, out uint w1, out uint w2, out uint w3)
    {
        uint c0 = (uint)sample, c1 = (uint)(sample >> 32), c2 = (uint)stream, c3 = (uint)(stream >> 32);
        Philox4x32.Apply(ref c0, ref c1, ref c2, ref c3, (uint)seed, (uint)(seed >> 32));
        (w0, w1, w2, w3) = (c0, c1, c2, c3);
    }
}
