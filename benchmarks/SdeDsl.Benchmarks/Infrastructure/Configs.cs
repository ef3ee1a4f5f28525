using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;

namespace SdeDsl.Benchmarks.Infrastructure;

/// <summary>The two configurations: the full run and the quick smoke run.</summary>
public static class Configs
{
    /// <summary>
    /// The full run: a separate process per benchmark (jitting, the pilot stage that picks the operations per
    /// iteration), then <see cref="FullWarmups"/> warm-up and <see cref="FullIterations"/> measured iterations of about
    /// <see cref="FullIterationMilliseconds"/> ms each, the memory diagnoser, and the CSV and full JSON reports (in
    /// BenchmarkDotNet.Artifacts/results) that <c>benchmarks/summarize.py</c> reads. Fixed counts rather than
    /// BenchmarkDotNet's adaptive ones keep all 215 cases inside about half an hour on two cores; the ratios, which are
    /// what the targets are about, come from cases run back to back in one process set.
    /// </summary>
    public static IConfig FullConfig => Common(DefaultConfig.Instance)
        .AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(FullWarmups)
            .WithIterationCount(FullIterations)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(FullIterationMilliseconds))
            .AsDefault());

    /// <summary>Warm-up iterations per case in the full run (after the setup's own <see cref="JitWarmup"/>).</summary>
    public const int FullWarmups = 5;

    /// <summary>Measured iterations per case in the full run.</summary>
    public const int FullIterations = 10;

    /// <summary>The target duration of one iteration in the full run.</summary>
    public const int FullIterationMilliseconds = 150;

    /// <summary>
    /// The quick run (<c>--quick</c>): every benchmark at a small size, in this process (no separate build), one
    /// warm-up and one measured iteration of <see cref="QuickInvocations"/> operations each; results go to
    /// <c>BenchmarkDotNet.Artifacts/quick</c> so they never mix with a full run's. A smoke test: its times and (in
    /// process, where the engine's own threads allocate too) its Allocated column are not results. With
    /// <paramref name="outOfProcess"/> the default toolchain is kept (it generates, builds and starts a separate
    /// benchmark process, as the full run does), to check that path quickly.
    /// </summary>
    /// <param name="outOfProcess">Use the full run's out-of-process toolchain.</param>
    /// <returns>The configuration.</returns>
    public static IConfig QuickConfig(bool outOfProcess)
    {
        Job job = new Job("Quick")
            .WithStrategy(RunStrategy.Throughput)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(1)
            .WithInvocationCount(QuickInvocations)
            .WithUnrollFactor(1)
            .WithEvaluateOverhead(false)
            .WithGcForce(false);
        if (!outOfProcess)
        {
            job = job.WithToolchain(InProcessNoEmitToolchain.Instance);
        }

        return Common(DefaultConfig.Instance)
            .AddJob(job)
            .WithArtifactsPath(System.IO.Path.Combine("BenchmarkDotNet.Artifacts", "quick"))
            .WithOptions(ConfigOptions.DisableLogFile);
    }

    /// <summary>Operations per iteration in quick mode.</summary>
    public const int QuickInvocations = 4;

    private static ManualConfig Common(IConfig baseConfig) =>
        ManualConfig.Create(baseConfig)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(JsonExporter.Full) // the default config already exports CSV, GitHub markdown and HTML
            .AddColumn(new BandwidthColumn(), new NormalsRateColumn(), new BestFloorColumn());
}
