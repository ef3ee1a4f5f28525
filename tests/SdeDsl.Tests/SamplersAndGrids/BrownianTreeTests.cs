using System;
using System.Linq;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using Xunit;

namespace SdeDsl.Tests.SamplersAndGrids;

/// <summary>The counter-based virtual Brownian tree (docs/math.md §15.7).</summary>
public sealed class BrownianTreeTests
{
    private const int Elements = 20_000;

    private static double[] Increment(BrownianTree tree, double from, double to)
    {
        double[] w = new double[Elements];
        tree.Increment(from, to, w.AsSpan());
        return w;
    }

    [Fact]
    public void The_two_halves_of_an_interval_sum_to_its_increment()
    {
        var tree = new BrownianTree(7, 0.002, 80);
        foreach ((double a, double b, double c) in new[] { (80.0, 3.1, 0.002), (10.0, 9.99, 9.5), (0.5, 0.0501, 0.05) })
        {
            double[] whole = Increment(tree, a, c), first = Increment(tree, a, b), second = Increment(tree, b, c);
            // Each increment is a sum of at most 2(depth + 2) terms of size sqrt(80); double rounding leaves ~1e-14.
            for (int i = 0; i < Elements; i++)
            {
                Assert.True(Math.Abs(first[i] + second[i] - whole[i]) <= 1e-12, $"[{a}, {b}, {c}] element {i}");
            }
        }
    }

    [Theory]
    [InlineData(80.0, 40.0)]
    [InlineData(1.0, 0.9)]
    [InlineData(0.01, 0.0099)]
    [InlineData(80.0, 0.002)]
    public void Increments_have_variance_equal_to_the_interval_and_normalised_ones_are_standard_normal(double from, double to)
    {
        var tree = new BrownianTree(3, 0.002, 80);
        double[] w = Increment(tree, from, to);
        (double mean, double variance) = Stats.MeanVariance(w);
        double length = from - to;
        // 20000 independent elements: mean SE sqrt(length/n), variance SE length sqrt(2/n); 5 standard errors.
        Assert.InRange(mean, -5 * Math.Sqrt(length / Elements), 5 * Math.Sqrt(length / Elements));
        Assert.InRange(variance / length - 1, -5 * Math.Sqrt(2.0 / Elements), 5 * Math.Sqrt(2.0 / Elements));

        double[] z = new double[Elements];
        tree.NormalisedIncrement(from, to, z.AsSpan());
        double[] other = new double[Elements];
        tree.NormalisedIncrement(to, to * 0.5 + 0.001, other.AsSpan()); // a disjoint interval below
        Stats.AssertStandardNormal(z, other, new[] { 1, 2, 16 });
    }

    [Fact]
    public void Increments_over_disjoint_intervals_are_uncorrelated_and_overlapping_ones_correlate_as_sqrt_of_the_overlap()
    {
        var tree = new BrownianTree(5, 0.002, 80);
        double[] a = new double[Elements], b = new double[Elements], c = new double[Elements];
        tree.NormalisedIncrement(5, 2, a.AsSpan());
        tree.NormalisedIncrement(2, 1, b.AsSpan());
        tree.NormalisedIncrement(5, 1, c.AsSpan());
        double Correlation(double[] x, double[] y) => x.Zip(y, (p, q) => p * q).Sum() / Elements;
        double se = 1 / Math.Sqrt(Elements);
        Assert.InRange(Correlation(a, b), -5 * se, 5 * se);
        // corr(W(5)-W(2), W(5)-W(1)) = 3 / sqrt(3 * 4) = sqrt(3)/2; SE of a sample correlation <= 1/sqrt(n).
        Assert.InRange(Correlation(a, c) - Math.Sqrt(3) / 2, -5 * se, 5 * se);
    }

    [Fact]
    public void Bitwise_the_same_across_threads_chunk_sizes_vector_widths_and_batch_sizes()
    {
        var layout = new SampleLayout(3);
        var tree = new BrownianTree(9, 0.002, 80, layout);
        float[] reference = new float[3 * 500];
        tree.NormalisedIncrement(7.5, 3.25, reference.AsSpan(), new KernelOptions { MaxDegreeOfParallelism = 1 });
        foreach (var kernel in new[]
        {
            new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 64 },
            new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 128 },
            new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 1 },
        })
        {
            float[] again = new float[reference.Length];
            tree.NormalisedIncrement(7.5, 3.25, again.AsSpan(), kernel);
            NoiseTests.AssertBitwiseEqual(reference, again, kernel.ToString());
        }

        // Samples 100..109 as a shard of their own (FirstIndex 100) draw the same bits as inside the batch.
        float[] shard = new float[3 * 10];
        new BrownianTree(9, 0.002, 80, layout.Slice(100, 10)).NormalisedIncrement(7.5, 3.25, shard.AsSpan());
        NoiseTests.AssertBitwiseEqual(reference.AsSpan(300, 30).ToArray(), shard, "shard");
    }

    [Fact]
    public void Out_of_range_sigmas_and_bad_ranges_name_the_argument()
    {
        var tree = new BrownianTree(1, 0.002, 80);
        double[] w = new double[4];
        Assert.Equal("sigmaTo", Assert.Throws<ArgumentOutOfRangeException>(() => tree.Increment(1, 100, w.AsSpan())).ParamName);
        Assert.Equal("sigmaMax", Assert.Throws<ArgumentOutOfRangeException>(() => new BrownianTree(1, 2, 1)).ParamName);
        Assert.Equal("depth", Assert.Throws<ArgumentOutOfRangeException>(() => new BrownianTree(1, 0, 1, depth: 0)).ParamName);
    }
}
