using Xunit;

namespace SdeDsl.Tests;

/// <summary>
/// The test classes that assert a warm call allocates nothing on its thread, run apart from every other class. The
/// shared array pool keeps one array per size on each thread and the rest on per-core stacks every thread shares, so a
/// class running in parallel can take the measured call's arrays between its warm-up and its measurement, and the call
/// then rents a fresh array: a flake of the test's surroundings, not an allocation of the code under test. The kernels'
/// own reusable jobs are per thread (ParallelChunksTests measures two callers at once).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurement
{
    public const string Name = "Allocation measurements";
}
