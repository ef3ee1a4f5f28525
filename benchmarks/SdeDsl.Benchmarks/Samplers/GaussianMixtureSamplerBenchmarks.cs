using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SdeDsl.Benchmarks.Infrastructure;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Samplers;
using SdeDsl.Schedules;

namespace SdeDsl.Benchmarks.Samplers;

/// <summary>
/// The same Heun run as <see cref="SamplerBenchmarks"/> (EDM, 18 steps, 35 denoiser calls) on a small real problem:
/// 4000 points of a 2-D mixture of 8 isotropic Gaussians on a circle, denoised exactly by
/// <see cref="GaussianMixtureDenoiser"/>, beside the same run with <see cref="FreeDenoiser"/> (the baseline), so the
/// Ratio column is the whole run's cost over the sampler's own share. The second category does the same with the
/// ideal denoiser of a finite data set (<see cref="FiniteDatasetDenoiser"/>, <see cref="DatasetPoints"/> points drawn
/// from the mixture).
/// </summary>
/// <remarks>
/// Each operation first restores the prior draw x_T (2 x Points floats, negligible), so every run samples from noise as a
/// user's would. The denoisers use <see cref="Threads"/> threads as well as the kernels. The <c>_Reference</c> cases run
/// frozen copies of the denoisers as they were before vectorisation (<see cref="ReferenceGaussianMixtureDenoiser"/>,
/// <see cref="ReferenceFiniteDatasetDenoiser"/>), so the before/after ratio of issue 18 item 6 comes from one run. Each
/// operation is <see cref="RunsPerOperation"/> runs of the fast cases (one run is a few milliseconds) so an iteration
/// lasts long enough to average out the scheduler. BenchmarkDotNet measures one case after another, so on a loaded
/// machine the before/after ratio also moves with the load between cases: <see cref="PrintPairedRatios"/>
/// (<c>-- --paired-mixture</c>) times the new and the frozen denoisers in alternating rounds instead and reports the
/// median of the per-round ratios.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class GaussianMixtureSamplerBenchmarks
{
    /// <summary>Mixture components.</summary>
    public const int Components = 8;

    /// <summary>Points of the finite data set.</summary>
    public const int DatasetPoints = 256;

    private readonly double[] _times = Edm.DefaultTimes(SamplerBenchmarks.GridTimes);
    private float[] _prior = null!;
    private float[] _x = null!;
    private GaussianMixtureDenoiser _mixture = null!;
    private ReferenceGaussianMixtureDenoiser _referenceMixture = null!;
    private FiniteDatasetDenoiser _dataset = null!;
    private ReferenceFiniteDatasetDenoiser _referenceDataset = null!;
    private SamplingOptions _options = null!;
    private readonly FreeDenoiser _free = new();

    /// <summary>Points sampled per run: 4000 (500 in quick mode).</summary>
    [ParamsSource(nameof(PointCounts))]
    public int Points { get; set; }

    /// <summary>The point counts (<see cref="BenchmarkSettings.MixturePoints"/>).</summary>
    public static IEnumerable<int> PointCounts => BenchmarkSettings.MixturePoints;

    /// <summary>Threads of the kernels and of the denoiser.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    /// <summary>The thread counts (<see cref="BenchmarkSettings.Threads"/>).</summary>
    public static IEnumerable<int> ThreadCounts => BenchmarkSettings.Threads;

    /// <summary>Builds the mixture, draws x_T, checks a run and warms up.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var weights = new double[Components];
        var means = new double[Components][];
        var deviations = new double[Components];
        for (int k = 0; k < Components; k++)
        {
            double angle = 2 * Math.PI * k / Components;
            weights[k] = 1 + 0.25 * (k % 3);
            means[k] = new[] { 4 * Math.Cos(angle), 4 * Math.Sin(angle) };
            deviations[k] = 0.3 + 0.05 * (k % 2);
        }

        _prior = new float[Points * 2];
        _x = new float[Points * 2];
        _mixture = new GaussianMixtureDenoiser(weights, means, Array.ConvertAll(deviations, s => new[] { s * s, s * s }))
        {
            MaxDegreeOfParallelism = Threads,
        };
        double[][] variances = Array.ConvertAll(deviations, s => new[] { s * s, s * s });
        _referenceMixture = new ReferenceGaussianMixtureDenoiser(weights, means, variances) { MaxDegreeOfParallelism = Threads };
        double[] points = DrawDataset(weights, means, deviations);
        _dataset = new FiniteDatasetDenoiser(points, 2) { MaxDegreeOfParallelism = Threads };
        _referenceDataset = new ReferenceFiniteDatasetDenoiser(points, 2) { MaxDegreeOfParallelism = Threads };
        _options = new SamplingOptions { Kernel = new KernelOptions { MaxDegreeOfParallelism = Threads } };
        Prior.Sample(default(Edm), _times[0], _prior.AsSpan(), seed: 3);

        foreach (Func<int> run in new Func<int>[] { Heun_GaussianMixture, Heun_GaussianMixture_Reference, Heun_FiniteDataset, Heun_FiniteDataset_Reference })
        {
            if (run() != SamplerBenchmarks.DenoiserCalls || !Array.TrueForAll(_x, float.IsFinite))
            {
                throw new InvalidOperationException($"{run.Method.Name} did not make the expected calls or produced non-finite samples.");
            }
        }

        JitWarmup.Run(
            () =>
            {
                Heun_FreeDenoiser();
                Heun_GaussianMixture();
                Heun_GaussianMixture_Reference();
                Heun_FiniteDataset();
                Heun_FiniteDataset_Reference();
            },
            minimumRounds: 10); // a mixture run takes milliseconds: the time limit dominates

    }

    /// <summary>Runs of the free-denoiser and vectorised-mixture cases per BenchmarkDotNet operation (the data set: 2).</summary>
    public const int RunsPerOperation = 8;

    /// <summary>Heun with <see cref="FreeDenoiser"/> on the same 2 x Points floats.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("HeunSamplerMixture")]
    public int Heun_FreeDenoiser()
    {
        _prior.CopyTo(_x, 0);
        return HeunSampler.Sample(default(Edm), _free, _times, _x.AsSpan(), _options);
    }

    /// <summary>Heun with the exact mixture denoiser, <see cref="RunsPerOperation"/> runs per operation.</summary>
    [Benchmark(OperationsPerInvoke = RunsPerOperation), BenchmarkCategory("HeunSamplerMixture")]
    public int Heun_GaussianMixture()
    {
        int calls = 0;
        for (int run = 0; run < RunsPerOperation; run++)
        {
            calls = HeunGaussianMixtureOnce();
        }

        return calls;
    }

    /// <summary>Heun with the mixture denoiser as it was before vectorisation (the "before" of item 6).</summary>
    [Benchmark, BenchmarkCategory("HeunSamplerMixture")]
    public int Heun_GaussianMixture_Reference()
    {
        _prior.CopyTo(_x, 0);
        return HeunSampler.Sample(default(Edm), _referenceMixture, _times, _x.AsSpan(), _options);
    }

    /// <summary>Heun with <see cref="FreeDenoiser"/>, the baseline of the finite-dataset category.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("HeunSamplerFiniteDataset")]
    public int Heun_FreeDenoiser_Dataset() => Heun_FreeDenoiser();

    /// <summary>Heun with the ideal denoiser of <see cref="DatasetPoints"/> points, two runs per operation.</summary>
    [Benchmark(OperationsPerInvoke = 2), BenchmarkCategory("HeunSamplerFiniteDataset")]
    public int Heun_FiniteDataset()
    {
        HeunFiniteDatasetOnce();
        return HeunFiniteDatasetOnce();
    }

    private int HeunGaussianMixtureOnce()
    {
        _prior.CopyTo(_x, 0);
        return HeunSampler.Sample(default(Edm), _mixture, _times, _x.AsSpan(), _options);
    }

    private int HeunFiniteDatasetOnce()
    {
        _prior.CopyTo(_x, 0);
        return HeunSampler.Sample(default(Edm), _dataset, _times, _x.AsSpan(), _options);
    }

    /// <summary>Heun with the finite-dataset denoiser as it was before vectorisation.</summary>
    [Benchmark, BenchmarkCategory("HeunSamplerFiniteDataset")]
    public int Heun_FiniteDataset_Reference()
    {
        _prior.CopyTo(_x, 0);
        return HeunSampler.Sample(default(Edm), _referenceDataset, _times, _x.AsSpan(), _options);
    }

    /// <summary>
    /// The before/after ratios of item 6 measured in alternating rounds (<c>-- --paired-mixture</c>, outside
    /// BenchmarkDotNet): for 1 and all threads, each round times <see cref="RunsPerOperation"/> runs of the vectorised
    /// mixture, one of the frozen mixture, two of the vectorised data set and one of the frozen data set back to back,
    /// so both sides of a round's ratio see the same load; prints the median per-round ratio and its quartiles.
    /// </summary>
    public static void PrintPairedRatios(TextWriter output, int rounds = 15)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (int threads in BenchmarkSettings.Threads)
        {
            var bench = new GaussianMixtureSamplerBenchmarks { Points = BenchmarkSettings.MixturePoints.First(), Threads = threads };
            bench.Setup();
            var mixture = new List<double>();
            var dataset = new List<double>();
            var mixtureNew = new List<double>();
            var datasetNew = new List<double>();
            for (int round = 0; round < rounds; round++)
            {
                double fresh = Time(bench.Heun_GaussianMixture) / RunsPerOperation, frozen = Time(() => bench.Heun_GaussianMixture_Reference());
                double freshData = Time(bench.Heun_FiniteDataset) / 2, frozenData = Time(() => bench.Heun_FiniteDataset_Reference());
                mixture.Add(frozen / fresh);
                dataset.Add(frozenData / freshData);
                mixtureNew.Add(fresh);
                datasetNew.Add(freshData);
            }

            output.WriteLine($"paired, {threads} thread(s), {rounds} rounds: mixture frozen/new median {Quartiles(mixture)} (new run median {Median(mixtureNew):F3} ms); data set {Quartiles(dataset)} (new run median {Median(datasetNew):F2} ms)");
        }

        static double Time(Func<int> run)
        {
            var clock = Stopwatch.StartNew();
            run();
            return clock.Elapsed.TotalMilliseconds;
        }

        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

        static string Quartiles(List<double> values)
        {
            double[] sorted = values.Order().ToArray();
            return $"{sorted[sorted.Length / 2]:F2} (quartiles {sorted[sorted.Length / 4]:F2}-{sorted[3 * sorted.Length / 4]:F2})";
        }
    }

    /// <summary><see cref="DatasetPoints"/> draws from the mixture (fixed seed), row after row.</summary>
    private static double[] DrawDataset(double[] weights, double[][] means, double[] deviations)
    {
        var random = new Random(17);
        double total = 0;
        foreach (double w in weights)
        {
            total += w;
        }

        var points = new double[DatasetPoints * 2];
        for (int i = 0; i < DatasetPoints; i++)
        {
            double u = random.NextDouble() * total;
            int k = 0;
            while (k < weights.Length - 1 && (u -= weights[k]) > 0)
            {
                k++;
            }

            for (int j = 0; j < 2; j++)
            {
                double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                points[2 * i + j] = means[k][j] + deviations[k] * normal;
            }
        }

        return points;
    }
}
