using System;
using System.IO;
using System.Linq;
using SamplerShootout;
using Shouldly;
using Xunit;

namespace SdeDsl.Examples.Tests;

public sealed class SamplerShootoutTests
{
    [Fact]
    public void Tiny_run_covers_every_sampler_and_schedule_and_writes_the_plot()
    {
        using var run = new ExampleRun();
        ShootoutResult result = SamplerShootout.ShootoutApp.Execute(new ShootoutOptions(Samples: 64, MaxSteps: 16, Output: run.OutputDirectory), run.Console);

        File.Exists(result.PngPath).ShouldBeTrue();
        PngInfo.Dimensions(result.PngPath).ShouldBe((ShootoutApp.PngWidth, ShootoutApp.PngHeight));
        result.Points.Count.ShouldBe(ShootoutApp.ScheduleNames.Length * ShootoutApp.SamplerNames.Length * 3); // N = 4, 8, 16
        result.Points.ShouldAllBe(p => double.IsFinite(p.Error) && p.Error >= 0);
        foreach (string schedule in ShootoutApp.ScheduleNames)
        {
            run.Output.ShouldContain($"{schedule}: error after N grid times");
        }

        run.Output.ShouldContain(result.PngPath);
    }

    [Fact]
    public void Heun_beats_Euler_at_equal_grids_and_both_converge_at_their_order()
    {
        // Deterministic errors are per-sample distances to the exact PF-ODE endpoint, so a small batch measures them
        // as well as a large one. VE is left out: its geometric grid is still pre-asymptotic at N = 32 (see the table).
        using var run = new ExampleRun();
        ShootoutResult result = ShootoutApp.Execute(new ShootoutOptions(Samples: 16, MaxSteps: 32, Output: run.OutputDirectory), run.Console);
        foreach (string schedule in new[] { "Edm", "Vp", "Cosine", "RectifiedFlow" })
        {
            ShootoutPoint At(string sampler, int n) => result.Points.Single(p => p.Schedule == schedule && p.Sampler == sampler && p.Steps == n);

            At("Heun", 32).Error.ShouldBeLessThan(At("Euler", 32).Error, schedule);
            At("Heun", 32).Error.ShouldBeLessThan(At("Heun", 16).Error / 3, $"{schedule}: second order, halving the step divides the error by about 4");
            At("Euler", 32).Error.ShouldBeLessThan(At("Euler", 16).Error / 1.6, $"{schedule}: first order, halving the step halves the error");
            At("Euler", 32).Error.ShouldBeGreaterThan(At("Euler", 16).Error / 2.6, schedule);
        }
    }
}
