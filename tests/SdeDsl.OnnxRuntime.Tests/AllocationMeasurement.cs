using Xunit;

namespace SdeDsl.OnnxRuntime.Tests;

/// <summary>
/// The test classes that assert a warm call allocates nothing on its thread, run apart from every other class. The
/// process-wide pools a call draws on (the shared array pool's per-core stacks, the thread pool's global queue, whose
/// segments the queuing thread allocates when other classes keep it full) are shared with classes running in parallel,
/// so their traffic can make the measured call allocate: a flake of the test's surroundings, not of the code under test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurement
{
    public const string Name = "Allocation measurements";
}
