using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace SdeDsl.Benchmarks.Infrastructure;

/// <summary>
/// The job of the DRAM-bound kernel/floor class (<see cref="Steps.DramStepBenchmarks"/>): iterations of
/// <see cref="IterationMilliseconds"/> ms, so that each iteration averages 10-25 operations of 40-100 ms (the full run's
/// 150 ms iterations measured 2-3, and the VM's bandwidth wandered +-30 % between them), no unrolling (BenchmarkDotNet's
/// default unroll factor of 16 would make every iteration at least 16 operations, 1-1.6 s), no overhead evaluation (an
/// empty call is nanoseconds against these milliseconds).
/// </summary>
/// <remarks>
/// 18 cases (3 stages x kernel and two floors x 2 thread counts) x (setup about 3 s + pilot about 2 s + (warm-ups +
/// iterations) x 1 s) is about 5 minutes on the quiet machine.
/// </remarks>
public sealed class DramJobConfig : ManualConfig
{
    /// <summary>The target duration of one iteration.</summary>
    public const int IterationMilliseconds = 1000;

    /// <summary>Warm-up iterations.</summary>
    public const int Warmups = 2;

    /// <summary>Measured iterations.</summary>
    public const int Iterations = 8;

    /// <summary>Builds the job.</summary>
    public DramJobConfig()
    {
        if (BenchmarkSettings.Quick)
        {
            return; // the smoke run keeps its own one-iteration job
        }

        AddJob(Job.Default
            .WithId("Dram")
            .WithLaunchCount(1)
            .WithWarmupCount(Warmups)
            .WithIterationCount(Iterations)
            .WithIterationTime(TimeInterval.FromMilliseconds(IterationMilliseconds))
            .WithUnrollFactor(1)
            .WithEvaluateOverhead(false));
    }
}
