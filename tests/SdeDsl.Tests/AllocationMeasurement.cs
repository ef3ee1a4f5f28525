using Xunit;

namespace SdeDsl.Tests;

/// <summary>
/// The test classes that assert a warm call allocates nothing on its thread, run apart from every other class. The
/// process-wide pools a call draws on are shared with classes running in parallel: the shared array pool keeps one
/// array per size on each thread and the rest on per-core stacks every thread shares, and the thread pool's global
/// queue grows a segment on the queuing thread when other classes keep it full. Their traffic can make the measured
/// call allocate between its warm-up and its measurement: a flake of the test's surroundings, not an allocation of the
/// code under test. The kernels' own reusable jobs are per thread (ParallelChunksTests measures two callers at once).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurement
{
    public const string Name = "Allocation measurements";
}
