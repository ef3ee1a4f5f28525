using System;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using Xunit;

namespace SdeDsl.Tests;

/// <summary>
/// The single-precision normals against the Box-Muller transform (docs/math.md (8.1)) evaluated in double precision
/// from the same Philox words: z = r cos theta and r sin theta with u1 = (k_r + 1) 2^-24, r = sqrt(-2 ln u1),
/// theta = 2 pi (k_a + 1/2) 2^-24.
/// </summary>
public sealed class NoiseAccuracyTests
{
    [Fact]
    public void Float_normals_are_within_3_ulp_of_the_radius_of_the_double_precision_transform()
    {
        // Tolerance: 3 ulp of r. The float value is r~ times cos~ (or sin~) rounded: r~ = sqrt of -2 ln~ u1 carries
        // about 1 ulp (Cephes logf within 1 ulp, halved by the square root, plus the sqrt's own 0.5); alpha is one exact
        // integer times the rounded constant (pi/2) 2^-23 (0.5 ulp plus the product's 0.5); the sin/cos polynomials are
        // within about 1 ulp on [-pi/4, pi/4]; the final product adds 0.5 ulp of |z| <= r. Measured on 4 Mi normals
        // (docs/math.md §8.3): 2.16 ulp of r at most, before and after the fused Horner steps. The double reference
        // (Math.Log, Math.Sqrt, Math.Cos, Math.Sin) is accurate to about 1e-16, far below the float ulp.
        const int tiles = 1 << 14; // 2^20 normals
        var key = new NoiseKey(0x0123_4567_89AB_CDEFUL, 9);
        var noise = new GaussianNoise(key.Seed);
        float[] z = new float[tiles * NormalTile.Length];
        noise.Fill(key.Stream, 0, z, new KernelOptions { MaxDegreeOfParallelism = 1 });

        double worst = 0;
        for (int tile = 0; tile < tiles; tile++)
        {
            for (int j = 0; j < NormalTile.Blocks; j++)
            {
                ulong block = ((ulong)tile * NormalTile.Blocks) + (ulong)j;
                uint c0 = (uint)block, c1 = (uint)(block >> 32), c2 = key.StepLow, c3 = key.StepHigh;
                Philox4x32.Apply(ref c0, ref c1, ref c2, ref c3, key.SeedLow, key.SeedHigh);
                worst = Math.Max(worst, PairError(c0, c1, z, (tile * 64) + j));
                worst = Math.Max(worst, PairError(c2, c3, z, (tile * 64) + 32 + j));
            }
        }

        Assert.True(worst <= 3.0, $"largest error {worst:F3} ulp of r");
        Assert.True(worst > 0.0, "the float transform cannot be exact everywhere: the comparison did not run");
    }

    /// <summary>The larger error of the pair's cosine (at <paramref name="at"/>) and sine (16 further), in ulp of r.</summary>
    private static double PairError(uint radiusWord, uint angleWord, float[] z, int at)
    {
        double u1 = ((radiusWord >> 8) + 1.0) * Math.ScaleB(1.0, -24);
        double r = Math.Sqrt(-2 * Math.Log(u1));
        double theta = 2 * Math.PI * ((angleWord >> 8) + 0.5) * Math.ScaleB(1.0, -24);
        if (r == 0)
        {
            // u1 = 1 (k_r = 2^24 - 1): ln u1 = 0 exactly, so both outputs must be exactly zero.
            return z[at] == 0 && z[at + 16] == 0 ? 0 : double.PositiveInfinity;
        }

        double ulp = Math.ScaleB(1.0, Math.ILogB(r) - 23);
        return Math.Max(Math.Abs(z[at] - (r * Math.Cos(theta))), Math.Abs(z[at + 16] - (r * Math.Sin(theta)))) / ulp;
    }
}
