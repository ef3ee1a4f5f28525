using System;
using System.IO;
using System.Linq;
using ScheduleExplorer;
using Shouldly;
using Xunit;

namespace SdeDsl.Examples.Tests;

public sealed class ScheduleExplorerTests
{
    public static TheoryData<string> Names => new(ExplorerApp.ScheduleNames);

    [Theory]
    [MemberData(nameof(Names))]
    public void Tiny_run_plots_the_schedule_and_prints_its_generated_formulas(string name)
    {
        using var run = new ExampleRun();
        ExplorerResult result = ExplorerApp.Execute(new ExplorerOptions(name, Points: 3, Steps: 24, Output: run.OutputDirectory), run.Console);

        File.Exists(result.PngPath).ShouldBeTrue();
        PngInfo.Dimensions(result.PngPath).ShouldBe((ExplorerApp.PngWidth, ExplorerApp.PngHeight));
        foreach (string member in ExplorerApp.Members)
        {
            result.Formulas.ShouldContainKey(member, "the generated XML documentation is read back for every member");
        }

        result.Formulas["Sigma"].ShouldStartWith("sigma(t) = ");
        result.Formulas["Drift"].ShouldStartWith("f(t) = ");
        result.Formulas["TimeAtSigma"].ShouldStartWith("sigma^-1(sigma)");
        run.Output.ShouldContain("sigma'(t) = ");
        run.Output.ShouldContain(result.PngPath);

        // The trajectories end near the data (+-1, std 0.2) or, for the middle point of a symmetric start, at 0.
        result.TrajectoryEnds.Count.ShouldBe(3);
        result.TrajectoryEnds.ShouldAllBe(x => double.IsFinite(x) && Math.Abs(x) < 2);
    }

    [Fact]
    public void The_user_schedule_shows_its_closed_form_inverse()
    {
        using var run = new ExampleRun();
        ExplorerResult result = ExplorerApp.Execute(new ExplorerOptions("ShiftedFlow", Points: 1, Steps: 8, Output: run.OutputDirectory), run.Console);
        result.Formulas["TimeAtSigma"].ShouldContain("sigma / (sigma + Shift)");
        result.Formulas["Sigma"].ShouldContain("Shift * t / (1 - t)");
    }

    [Fact]
    public void An_unknown_schedule_is_refused_with_the_list()
    {
        using var run = new ExampleRun();
        ExplorerApp.Run(new[] { "--schedule", "Nope" }, run.Console, run.Error).ShouldBe(2);
        run.Errors.ShouldContain("RectifiedFlow");
        run.Output.ShouldBeEmpty();
    }
}
