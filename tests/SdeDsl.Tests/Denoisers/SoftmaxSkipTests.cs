using System;
using System.Linq;
using System.Numerics;
using SdeDsl.Denoisers;
using Shouldly;
using Xunit;

namespace SdeDsl.Tests;

/// <summary>
/// The skip of negligible softmax terms in the vectorised blocks (docs/math.md §9.7): a term (a component, a data
/// point) whose exponent l_k - M lies below -(54 ln 2 + ln K) in every lane of a block is not evaluated. With the
/// largest weight e^0 = 1 the normaliser is at least 1 and the skipped weights sum to less than 2^-54, so D moves by
/// less than 2^-54 of twice its scale.
/// </summary>
public sealed class SoftmaxSkipTests
{
    private static readonly int Lanes = Vector<double>.Count;

    /// <summary>
    /// A data point far from every sample of the batch (exponent about -130, so its weight 1e-56 would not underflow,
    /// and about -1800, below the underflow point) is skipped in every block: D equals, bit for bit, D of the data set
    /// without it, and the scalar reference (which includes it) to 1e-12 of the scale as in VectorisedDenoiserTests.
    /// </summary>
    [Theory]
    [InlineData(8.0)]
    [InlineData(30.0)]
    public void A_point_below_the_threshold_in_every_lane_is_skipped_exactly(double distance)
    {
        double[] near = { 0, 0, 0.1, 0, 0, 0.1, 0.1, 0.1 };
        double[] withFar = near.Concat(new[] { distance, 0.0 }).ToArray();
        var random = new Random(3);
        double[] y = Enumerable.Range(0, 2 * 37).Select(_ => 0.4 * random.NextDouble() - 0.2).ToArray();
        double[] expected = new double[y.Length], actual = new double[y.Length];
        new FiniteDatasetDenoiser(near, 2) { MaxDegreeOfParallelism = 1 }.Denoise(y, 0.5, expected);
        new FiniteDatasetDenoiser(withFar, 2) { MaxDegreeOfParallelism = 1 }.Denoise(y, 0.5, actual);
        actual.ShouldBe(expected);
        for (int i = 0; i < 37; i++)
        {
            double[] reference = ScalarReferenceDenoisers.FiniteDataset(withFar, 2, y.AsSpan(2 * i, 2), 0.5);
            for (int j = 0; j < 2; j++)
            {
                Math.Abs(actual[2 * i + j] - reference[j]).ShouldBeLessThanOrEqualTo(1e-12 * (Math.Abs(reference[j]) + distance));
            }
        }
    }

    /// <summary>
    /// Two points A and B at distance L, sigma = 1: a block whose first lanes sit on A and whose last lane sits on B
    /// sees each point's exponent straddle the threshold (0 in some lanes, -L^2/2 in others), so neither is skipped;
    /// the same sample alone (every lane on B) skips A. The two results of that sample differ by the skipped mass
    /// e^(-L^2/2): for L^2/2 = 41 (just past the threshold -38.1 for K = 2) by at most 2^-52 of the scale (the
    /// perturbation below 2^-54 times 2S, and one rounding that may flip); for L^2/2 = 800, below the underflow point,
    /// the straddling lane's weight of A is exactly 0 and the results are identical.
    /// </summary>
    [Theory]
    [InlineData(41.0)]
    [InlineData(800.0)]
    public void A_point_straddling_the_threshold_is_evaluated_and_agrees_with_the_skip(double halfSquaredDistance)
    {
        double distance = Math.Sqrt(2 * halfSquaredDistance);
        double[] a = { 1, 2 }, b = { 1 + distance, 2 };
        var denoiser = new FiniteDatasetDenoiser(a.Concat(b).ToArray(), 2) { MaxDegreeOfParallelism = 1 };
        double[] block = new double[2 * Lanes];
        for (int l = 0; l < Lanes; l++)
        {
            (l < Lanes - 1 ? a : b).CopyTo(block, 2 * l);
        }

        double[] blockResult = new double[block.Length], alone = new double[2];
        denoiser.Denoise(block, 1.0, blockResult);
        denoiser.Denoise(b, 1.0, alone);
        double scale = Math.Abs(alone[0]) + Math.Max(Math.Abs(b[0]), Math.Abs(b[1]));
        for (int j = 0; j < 2; j++)
        {
            double straddled = blockResult[2 * (Lanes - 1) + j];
            if (halfSquaredDistance > 745)
            {
                straddled.ShouldBe(alone[j]);
            }
            else
            {
                Math.Abs(straddled - alone[j]).ShouldBeLessThanOrEqualTo(Math.ScaleB(scale, -52));
            }

            // The lanes on A: B's weight e^-41 (or 0) moves D from A by at most that much of the scale.
            Math.Abs(blockResult[j] - a[j]).ShouldBeLessThanOrEqualTo(Math.ScaleB(scale, -52));
        }
    }

    /// <summary>
    /// Eight identical components: every exponent is exactly 0 (nothing is skipped, every weight is 1, the normaliser
    /// is 8 exactly) and D is the one Gaussian's closed form mu + v / (v + sigma^2) (y - mu) (docs/math.md §9.1). The
    /// block rounds a = v/t, y - mu and the FMA once each and sums eight equal terms (seven roundings of partial sums of
    /// at most 8 |m|, divided by 8 exactly): at most about 10 roundings of 2^-53 of the scale, so tol = 2^-49.
    /// </summary>
    [Theory]
    [InlineData(1e-9)]
    [InlineData(0.3)]
    [InlineData(1e6)]
    public void All_components_equal_gives_the_single_Gaussian_denoiser(double sigma)
    {
        const int components = 8;
        double[] mean = { 0.7, -1.3, 2.0 }, variance = { 0.04, 0.5, 1.5 };
        var denoiser = new GaussianMixtureDenoiser(
            Enumerable.Repeat(0.3, components).ToArray(),
            Enumerable.Repeat(mean, components).ToArray(),
            Enumerable.Repeat(variance, components).ToArray()) { MaxDegreeOfParallelism = 1 };
        var random = new Random(9);
        double[] y = Enumerable.Range(0, 3 * 13).Select(_ => 20 * random.NextDouble() - 10).ToArray(), actual = new double[y.Length];
        denoiser.Denoise(y, sigma, actual);
        for (int i = 0; i < 13; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                double t = variance[j] + sigma * sigma, expected = mean[j] + variance[j] / t * (y[3 * i + j] - mean[j]);
                double scale = Math.Abs(expected) + Math.Max(Math.Abs(y[3 * i + j]), Math.Abs(mean[j]));
                Math.Abs(actual[3 * i + j] - expected).ShouldBeLessThanOrEqualTo(Math.ScaleB(scale, -49));
            }
        }
    }
}
