using System;
using System.IO;
using System.Linq;
using Likelihood;
using Shouldly;
using Xunit;

namespace SdeDsl.Examples.Tests;

public sealed class LikelihoodExampleTests
{
    [Fact]
    public void Tiny_run_prints_the_table_and_the_tight_tolerances_reach_the_exact_values()
    {
        using var run = new ExampleRun();
        LikelihoodResult result = LikelihoodApp.Execute(new LikelihoodExampleOptions(Points: 12, Output: run.OutputDirectory), run.Console);

        File.Exists(result.PngPath).ShouldBeTrue();
        PngInfo.Dimensions(result.PngPath).ShouldBe((LikelihoodApp.PngWidth, LikelihoodApp.PngHeight));
        result.Rows.Count.ShouldBe(LikelihoodApp.Tolerances.Length + 2);
        run.Output.ShouldContain("log-likelihood of the held-out points");
        run.Output.ShouldContain("bits/dim");
        run.Output.ShouldContain(result.PngPath);

        var exact = result.Rows.Take(LikelihoodApp.Tolerances.Length).ToList();
        // Tolerance 1e-9 on a 2-D mixture: the solver's error is ~1e-8 nats (docs/benchmarks.md); 1e-6 leaves room.
        exact[^1].MaxError.ShouldBeLessThan(1e-6);
        for (int i = 1; i < exact.Count; i++)
        {
            exact[i].Statistics.DenoiserCalls.ShouldBeGreaterThan(exact[i - 1].Statistics.DenoiserCalls, "tighter tolerance, more calls");
            exact[i].MaxError.ShouldBeLessThan(exact[i - 1].MaxError, "tighter tolerance, smaller error");
        }
    }

    [Fact]
    public void The_command_line_has_help_and_one_line_errors()
    {
        using var run = new ExampleRun();
        LikelihoodApp.Run(["--help"], run.Console, run.Error).ShouldBe(0);
        run.Output.ShouldContain("--points");
        LikelihoodApp.Run(["--points", "0"], run.Console, run.Error).ShouldBe(2);
        run.Errors.ShouldStartWith("Likelihood: ");
        run.Errors.Trim().Split('\n').Length.ShouldBe(1);
    }
}
