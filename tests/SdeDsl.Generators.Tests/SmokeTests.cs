using SdeDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace SdeDsl.Generators.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void A_sigma_declaration_generates_code_that_compiles_and_runs()
    {
        GeneratorRun run = GeneratorHarness.Run(TestSources.BySigma("Linear", "2 * t"));
        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        INoiseSchedule schedule = run.Schedule("Tests.Linear");
        Assert.Equal(1.0, schedule.Sigma(0.5));
        Assert.Equal(2.0, schedule.SigmaDerivative(0.5));
        Assert.Equal(0.25, schedule.TimeAtSigma(0.5));
    }
}
