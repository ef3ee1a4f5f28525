using System;
using System.Linq;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Tests.TestSchedules;
using Xunit;

namespace SdeDsl.Tests.SamplersAndGrids;

/// <summary>A sampler under test: any schedule, the run's grid, state and options.</summary>
public delegate int AnySampler<TSchedule, T>(TSchedule schedule, IDenoiser<T> denoiser, double[] times, Span<T> x, SamplingOptions options)
    where TSchedule : struct, INoiseSchedule
    where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>;

/// <summary>
/// The measurements of docs/math.md §9.5 for the samplers of §15: the convergence order against the exact Gaussian
/// PF-ODE endpoint (9.2), and the moments of stochastic samples.
/// </summary>
public static class SamplerHarness
{
    public static readonly double[] Mu = { 0.5, -1.0, 2.0, 0.0 };
    public const double C = 0.7;
    public const int Batch = 16;

    /// <summary>
    /// Max error at the last grid time (DenoiseToZero off) against the exact flow (9.2), y_T from the exact marginal
    /// N(mu, (c^2 + sigma_T^2) I), for each grid size.
    /// </summary>
    public static double[] OdeErrors<TS>(TS schedule, AnySampler<TS, double> sampler, int[] counts, Func<TS, int, double[]> grid)
        where TS : struct, INoiseSchedule
    {
        var denoiser = new GaussianDenoiser(Mu, C);
        var options = new SamplingOptions { DenoiseToZero = false };
        return counts.Select(n =>
        {
            double[] times = grid(schedule, n);
            double sigma = schedule.Sigma(times[0]), s = schedule.Scale(times[0]);
            double[] z = new double[Batch * Mu.Length];
            new GaussianNoise(1).Fill(0, 0, z);
            double[] x = z.Select((v, i) => s * (Mu[i % Mu.Length] + Math.Sqrt(C * C + sigma * sigma) * v)).ToArray();
            double[] y0 = x.Select(v => v / s).ToArray();
            double[] exact = new double[x.Length];
            denoiser.ExactFlow(y0, sigma, schedule.Sigma(times[^1]), exact);
            sampler(schedule, denoiser, times, x, options);
            double sEnd = schedule.Scale(times[^1]);
            return x.Select((v, i) => Math.Abs(v - sEnd * exact[i])).Max();
        }).ToArray();
    }

    /// <summary>The fitted order -d log(error) / d log(N) under EDM (Karras grid) and VP (uniform log-SNR grid).</summary>
    public static (double Edm, double Vp, double[] EdmErrors, double[] VpErrors) Orders(
        AnySampler<HandEdm, double> edm, AnySampler<HandVp, double> vp, int[] counts)
    {
        double[] e = OdeErrors<HandEdm>(default, edm, counts, (s, n) => TimeSteps.Karras(s, n));
        double[] v = OdeErrors<HandVp>(default, vp, counts, (s, n) => TimeSteps.UniformLogSnr(s, n));
        return (-Stats.LogLogSlope(counts, e), -Stats.LogLogSlope(counts, v), e, v);
    }

    /// <summary>
    /// Gaussian data N(mu, c^2 I) in 2-D, n samples started away from the marginal: y_T ~ N(mu + 10, sigma_T^2 I)
    /// (mean off by 10, variance short by c^2). Asserts each coordinate's mean within 5 standard errors c/sqrt(n) and
    /// its variance within 5 standard errors c^2 sqrt(2/n) plus the stated discretisation allowance.
    /// </summary>
    public static void AssertGaussianMoments(AnySampler<HandVp, float> sampler, double[] times, int n, double varianceAllowance, Action<string> log, string name)
    {
        HandVp schedule = default;
        double[] mu = { 0.5, -1.0 };
        var denoiser = new GaussianDenoiser(mu, C);
        double sigma = schedule.Sigma(times[0]), s = schedule.Scale(times[0]);
        float[] z = new float[n * 2];
        new GaussianNoise(21).Fill(0, 0, z);
        float[] x = z.Select((v, i) => (float)(s * (mu[i % 2] + 10 + sigma * v))).ToArray();
        sampler(schedule, denoiser, times, x, new SamplingOptions { Seed = 5 });
        for (int j = 0; j < 2; j++)
        {
            double[] coordinate = Enumerable.Range(0, n).Select(k => (double)x[k * 2 + j]).ToArray();
            (double mean, double variance) = Stats.MeanVariance(coordinate);
            log($"{name} coordinate {j}: mean {mean:F4} (mu {mu[j]}), variance {variance:F4} (c^2 {C * C})");
            Assert.InRange(mean - mu[j], -5 * C / Math.Sqrt(n), 5 * C / Math.Sqrt(n));
            double band = 5 * C * C * Math.Sqrt(2.0 / n) + varianceAllowance;
            Assert.InRange(variance - C * C, -band, band);
        }
    }

    /// <summary>
    /// Three isotropic components (weights 0.5, 0.3, 0.2, std 0.4) in 2-D from the prior N(0, 80^2 I) shifted by
    /// (+20, -20) (away from the marginal): the fraction nearest each mean is binomial, standard error
    /// sqrt(w (1 - w)/n); asserted within 5 of them.
    /// </summary>
    public static void AssertMixtureWeights(AnySampler<HandEdm, float> sampler, double[] times, int n, Action<string> log, string name)
    {
        double[] weights = { 0.5, 0.3, 0.2 };
        double[][] means = { new[] { -3.0, 0.0 }, new[] { 3.0, 0.0 }, new[] { 0.0, 4.0 } };
        var denoiser = GaussianMixtureDenoiser.Isotropic(weights, means, new[] { 0.4, 0.4, 0.4 });
        HandEdm schedule = default;
        float[] x = new float[n * 2];
        Prior.Sample(schedule, times[0], x.AsSpan(), 11);
        for (int i = 0; i < n; i++)
        {
            x[2 * i] += 20;
            x[2 * i + 1] -= 20;
        }

        sampler(schedule, denoiser, times, x, new SamplingOptions { Seed = 12 });
        int[] counts = new int[3];
        for (int i = 0; i < n; i++)
        {
            double[] d2 = means.Select(m => Math.Pow(x[2 * i] - m[0], 2) + Math.Pow(x[2 * i + 1] - m[1], 2)).ToArray();
            counts[Array.IndexOf(d2, d2.Min())]++;
        }

        log($"{name}: fractions {string.Join(", ", counts.Select(c => ((double)c / n).ToString("F4")))}");
        for (int k = 0; k < 3; k++)
        {
            double se = Math.Sqrt(weights[k] * (1 - weights[k]) / n);
            Assert.InRange((double)counts[k] / n - weights[k], -5 * se, 5 * se);
        }
    }

    /// <summary>
    /// Bitwise reproducibility: one thread against two threads, several chunk sizes and vector widths; and, with a
    /// sample layout, the first 7 samples run alone equal the same samples of the 300-sample batch.
    /// </summary>
    public static void AssertReproducible(AnySampler<HandVp, float> sampler, SdeNoise process)
    {
        HandVp schedule = default;
        var denoiser = new GaussianDenoiser(new[] { 0.5, -1.0 }, C);
        double[] times = TimeSteps.Karras(schedule, 10);
        const int d = 2;

        float[] Run(KernelOptions kernel, int samples)
        {
            float[] x = new float[samples * d];
            var layout = new SampleLayout(d);
            var options = new SamplingOptions { Seed = 4, Kernel = kernel, Samples = layout, NoiseProcess = process };
            Prior.Sample(schedule, times[0], x.AsSpan(), options);
            sampler(schedule, denoiser, times, x, options);
            return x;
        }

        float[] reference = Run(new KernelOptions { MaxDegreeOfParallelism = 1 }, 300);
        foreach (var kernel in new[]
        {
            new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 64 },
            new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 320 },
            new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 128 },
            new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 1 },
        })
        {
            NoiseTests.AssertBitwiseEqual(reference, Run(kernel, 300), $"{process} with {kernel}");
        }

        NoiseTests.AssertBitwiseEqual(reference.AsSpan(0, 7 * d).ToArray(), Run(default, 7), $"{process}: 7 samples alone");
        Assert.All(reference, v => Assert.True(float.IsFinite(v)));
    }
}
