using System;
using System.Linq;
using System.Numerics;
using SdeDsl.Denoisers;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests;

/// <summary>
/// The SIMD blocks of the mixture and finite-dataset denoisers (docs/math.md §9.7) against the scalar reference
/// (<see cref="ScalarReferenceDenoisers"/>), element by element with |D - D_ref| &lt;= tol (|D_ref| + S), S the
/// sample's scale max(|y|, |mu|) (the size of the terms whose rounding errors are summed).
/// </summary>
/// <remarks>
/// <para>Double: tol = 1e-12. The block rounds differently from the reference in three places: the logits (the log
/// terms summed once per call instead of per coordinate, and 1/(2t) multiplied instead of divided; a few ulp of the
/// largest term, so an absolute error e |l| with e = 2^-52 and |l| at most a few hundred here where components
/// compete), the vector exponential (within 2 ulp, the test below) and the order of the
/// sums (K terms of at most S each). A weight's relative error equals its logit's absolute error, so D moves by about
/// e (|l| + K) S, below 1e-12 S for |l| &lt; 1000 and K &lt; 200. Where one component dominates (tiny sigma) the others'
/// weights underflow to exactly 0 in both and D agrees to a few ulp.</para>
/// <para>Float: the block computes in double from the widened input and rounds once on output, so D is the double
/// result rounded to float: tol = 2^-23 (one float ulp of |D_ref| + S; the rounding is half of that, plus the 1e-12
/// above).</para>
/// </remarks>
[Collection(AllocationMeasurement.Name)]
public sealed class VectorisedDenoiserTests(ITestOutputHelper output)
{
    private const double DoubleTolerance = 1e-12;
    private const double FloatTolerance = 1.0 / (1 << 23);

    public static TheoryData<double> Sigmas => new() { 1e-9, 1e-4, 0.02, 0.3, 1, 7, 1e3, 1e6 };

    private static (double[] Weights, double[][] Means, double[][] Variances) RandomMixture(int components, int d, int seed)
    {
        var random = new Random(seed);
        double[] weights = Enumerable.Range(0, components).Select(_ => 0.1 + random.NextDouble()).ToArray();
        double[][] means = Enumerable.Range(0, components).Select(_ => Enumerable.Range(0, d).Select(_ => 8 * random.NextDouble() - 4).ToArray()).ToArray();
        double[][] variances = Enumerable.Range(0, components).Select(_ => Enumerable.Range(0, d).Select(_ => 0.01 + random.NextDouble() * random.NextDouble()).ToArray()).ToArray();
        return (weights, means, variances);
    }

    /// <summary>Uniform on [-6, 6], every fifth sample far out (|y| up to 60) so one component dominates at small sigma.</summary>
    private static double[] RandomBatch(int samples, int d, int seed)
    {
        var random = new Random(seed);
        var y = new double[samples * d];
        for (int i = 0; i < samples; i++)
        {
            double spread = i % 5 == 4 ? 60 : 6;
            for (int j = 0; j < d; j++)
            {
                y[i * d + j] = spread * (2 * random.NextDouble() - 1);
            }
        }

        return y;
    }

    /// <summary>The largest |D - D_ref| / (|D_ref| + S) over the batch.</summary>
    private static double WorstError<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> actual, int d, double dataScale, Func<double[], double[]> reference)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double worst = 0;
        for (int i = 0; i < y.Length / d; i++)
        {
            double[] sample = new double[d];
            for (int j = 0; j < d; j++)
            {
                sample[j] = double.CreateTruncating(y[i * d + j]);
            }

            double[] expected = reference(sample);
            double scale = Math.Max(dataScale, sample.Max(Math.Abs));
            for (int j = 0; j < d; j++)
            {
                double value = double.CreateTruncating(actual[i * d + j]);
                double.IsFinite(value).ShouldBeTrue($"sample {i}, coordinate {j}: {value}");
                worst = Math.Max(worst, Math.Abs(value - expected[j]) / (Math.Abs(expected[j]) + scale));
            }
        }

        return worst;
    }

    [Theory]
    [MemberData(nameof(Sigmas))]
    public void Mixture_block_equals_the_scalar_reference_in_double_and_float(double sigma)
    {
        foreach ((int components, int d) in new[] { (1, 3), (8, 2), (8, 3), (150, 2) })
        {
            (double[] weights, double[][] means, double[][] variances) = RandomMixture(components, d, seed: components + d);
            var denoiser = new GaussianMixtureDenoiser(weights, means, variances) { MaxDegreeOfParallelism = 1 };
            double dataScale = means.Max(m => m.Max(Math.Abs));
            Func<double[], double[]> reference = y => ScalarReferenceDenoisers.Mixture(weights, means, variances, y, sigma);
            foreach (int samples in new[] { 1, 3, 5, 7, 9, 13, 131 })
            {
                double[] y = RandomBatch(samples, d, seed: samples);
                double[] actual = new double[y.Length];
                denoiser.Denoise(y, sigma, actual);
                double worst = WorstError<double>(y, actual, d, dataScale, reference);
                float[] yFloat = Array.ConvertAll(y, v => (float)v), actualFloat = new float[y.Length];
                denoiser.Denoise(yFloat, sigma, actualFloat);
                double worstFloat = WorstError<float>(yFloat, actualFloat, d, dataScale, reference);
                output.WriteLine($"K = {components}, d = {d}, B = {samples}, sigma = {sigma:R}: double {worst:E2}, float {worstFloat:E2}");
                worst.ShouldBeLessThanOrEqualTo(DoubleTolerance);
                worstFloat.ShouldBeLessThanOrEqualTo(FloatTolerance);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sigmas))]
    public void Finite_dataset_block_equals_the_scalar_reference_in_double_and_float(double sigma)
    {
        foreach ((int count, int d) in new[] { (1, 2), (5, 3), (200, 2) })
        {
            double[] points = RandomBatch(count, d, seed: 100 + count).Select(v => v / 2).ToArray();
            var denoiser = new FiniteDatasetDenoiser(points, d) { MaxDegreeOfParallelism = 1 };
            double dataScale = points.Max(Math.Abs);
            Func<double[], double[]> reference = y => ScalarReferenceDenoisers.FiniteDataset(points, d, y, sigma);
            foreach (int samples in new[] { 1, 3, 5, 7, 9, 13, 131 })
            {
                double[] y = RandomBatch(samples, d, seed: samples);
                double[] actual = new double[y.Length];
                denoiser.Denoise(y, sigma, actual);
                double worst = WorstError<double>(y, actual, d, dataScale, reference);
                float[] yFloat = Array.ConvertAll(y, v => (float)v), actualFloat = new float[y.Length];
                denoiser.Denoise(yFloat, sigma, actualFloat);
                double worstFloat = WorstError<float>(yFloat, actualFloat, d, dataScale, reference);
                output.WriteLine($"N = {count}, d = {d}, B = {samples}, sigma = {sigma:R}: double {worst:E2}, float {worstFloat:E2}");
                worst.ShouldBeLessThanOrEqualTo(DoubleTolerance);
                worstFloat.ShouldBeLessThanOrEqualTo(FloatTolerance);
            }
        }
    }

    [Fact]
    public void At_a_tiny_sigma_the_finite_dataset_returns_the_nearest_point_exactly()
    {
        double[] points = RandomBatch(200, 2, seed: 7);
        var denoiser = new FiniteDatasetDenoiser(points, 2) { MaxDegreeOfParallelism = 1 };
        double[] y = RandomBatch(37, 2, seed: 8), actual = new double[y.Length];
        denoiser.Denoise(y, 1e-9, actual);
        for (int i = 0; i < 37; i++)
        {
            int nearest = Enumerable.Range(0, 200)
                .MinBy(k => Math.Pow(y[2 * i] - points[2 * k], 2) + Math.Pow(y[2 * i + 1] - points[2 * k + 1], 2));
            // Every other weight is e^(-Delta / 2e-18) = 0 exactly and the nearest one e^0 = 1, so D is x_nearest bit for bit.
            actual[2 * i].ShouldBe(points[2 * nearest]);
            actual[2 * i + 1].ShouldBe(points[2 * nearest + 1]);
        }
    }

    [Fact]
    public void A_batch_split_across_threads_equals_the_single_threaded_batch_bit_for_bit()
    {
        (double[] weights, double[][] means, double[][] variances) = RandomMixture(8, 2, seed: 11);
        var serial = new GaussianMixtureDenoiser(weights, means, variances) { MaxDegreeOfParallelism = 1 };
        var parallel = new GaussianMixtureDenoiser(weights, means, variances) { MaxDegreeOfParallelism = 2 };
        double[] points = RandomBatch(300, 2, seed: 12);
        var serialData = new FiniteDatasetDenoiser(points, 2) { MaxDegreeOfParallelism = 1 };
        var parallelData = new FiniteDatasetDenoiser(points, 2) { MaxDegreeOfParallelism = 2 };
        float[] y = Array.ConvertAll(RandomBatch(5003, 2, seed: 13), v => (float)v); // 5003: not a multiple of any lane count
        float[] one = new float[y.Length], two = new float[y.Length];
        foreach (double sigma in new[] { 1e-3, 0.5, 80.0 })
        {
            serial.Denoise(y, sigma, one);
            parallel.Denoise(y, sigma, two);
            two.ShouldBe(one);
            serialData.Denoise(y, sigma, one);
            parallelData.Denoise(y, sigma, two);
            two.ShouldBe(one);
        }
    }

    [Fact]
    public void A_warm_call_allocates_nothing_on_the_calling_thread_even_when_split()
    {
        (double[] weights, double[][] means, double[][] variances) = RandomMixture(8, 2, seed: 21);
        var mixture = new GaussianMixtureDenoiser(weights, means, variances) { MaxDegreeOfParallelism = 2 };
        var data = new FiniteDatasetDenoiser(RandomBatch(100, 2, seed: 22), 2) { MaxDegreeOfParallelism = 2 };
        float[] y = Array.ConvertAll(RandomBatch(4000, 2, seed: 23), v => (float)v), d = new float[y.Length];
        for (int warm = 0; warm < 3; warm++)
        {
            mixture.Denoise(y, 0.7, d);
            data.Denoise(y, 0.7, d);
        }

        // An allocation per call would show in every round of 20 calls; the thread pool may occasionally allocate on
        // the queuing thread when it injects a worker (24 B seen once under load), so the quietest of 5 rounds counts.
        long fewest = long.MaxValue;
        for (int round = 0; round < 5 && fewest > 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int call = 0; call < 10; call++)
            {
                mixture.Denoise(y, 0.7, d);
                data.Denoise(y, 0.7, d);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        fewest.ShouldBe(0);
    }

    /// <summary>
    /// The softmax's exponential (<c>VectorExp.Exp</c>) against <see cref="Math.Exp(double)"/> on the range the softmax
    /// feeds it (l - max &lt;= 0) and on moderate positive arguments, in ulp of the result, and its limits: e^0 = 1 exactly (the dominant
    /// component's weight), e^x = 0, never NaN, below the underflow threshold and at -infinity. Where Math.Exp is
    /// subnormal (x &lt; -708.40) the vector exponential gives the subnormal or 0 (flushed below -708.7): never more than
    /// 2^-1022 away, a weight far below the 2^-54 of the skip (docs/math.md (9.8)).
    /// </summary>
    [Fact]
    public void The_vector_exponential_is_within_two_ulp_of_Math_Exp_and_underflows_to_zero()
    {
        var random = new Random(5);
        int lanes = Vector<double>.Count;
        double[] x = new double[lanes], result = new double[lanes];
        long worstUlp = 0;
        for (int trial = 0; trial < 200_000; trial++)
        {
            for (int l = 0; l < lanes; l++)
            {
                x[l] = (trial % 3) switch
                {
                    0 => -745 * random.NextDouble(),
                    1 => -Math.Pow(10, 4 * random.NextDouble() - 3),
                    _ => 700 * random.NextDouble(),
                };
            }

            VectorExp.Exp(new Vector<double>(x)).CopyTo(result);
            for (int l = 0; l < lanes; l++)
            {
                double expected = Math.Exp(x[l]);
                if (expected >= double.Epsilon * (1L << 52)) // normal results: ulp distance is meaningful
                {
                    worstUlp = Math.Max(worstUlp, Math.Abs(BitConverter.DoubleToInt64Bits(result[l]) - BitConverter.DoubleToInt64Bits(expected)));
                }
                else
                {
                    result[l].ShouldBeInRange(0.0, 2 * double.Epsilon * (1L << 52), $"x = {x[l]:R}");
                    Math.Abs(result[l] - expected).ShouldBeLessThanOrEqualTo(double.Epsilon * (1L << 52), $"x = {x[l]:R}");
                }
            }
        }

        output.WriteLine($"worst ulp distance from Math.Exp: {worstUlp}");
        worstUlp.ShouldBeLessThanOrEqualTo(2);
        VectorExp.Exp(Vector<double>.Zero)[0].ShouldBe(1.0);
        VectorExp.Exp(new Vector<double>(-800.0))[0].ShouldBe(0.0);
        VectorExp.Exp(new Vector<double>(-1e300))[0].ShouldBe(0.0);
        VectorExp.Exp(new Vector<double>(double.NegativeInfinity))[0].ShouldBe(0.0);
        VectorExp.Exp(new Vector<double>(-708.7 - 1e-9))[0].ShouldBe(0.0);
        double.IsNaN(VectorExp.Exp(new Vector<double>(double.NaN))[0]).ShouldBeTrue();
        VectorExp.Exp(new Vector<double>(709.0))[0].ShouldBe(Math.Exp(709.0), Math.Exp(709.0) * 4.5e-16);
        for (double boundary = -708.75; boundary <= -708.35; boundary += 1e-4)
        {
            // Across the normal/subnormal boundary and the flush point: within 2^-1022 of Math.Exp or within 2 ulp.
            double value = VectorExp.Exp(new Vector<double>(boundary))[0], expected = Math.Exp(boundary);
            Math.Abs(value - expected).ShouldBeLessThanOrEqualTo(Math.Max(double.Epsilon * (1L << 52), 4.5e-16 * expected), $"x = {boundary:R}");
        }
    }
}
