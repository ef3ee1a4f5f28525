using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Quickstart;
using SdeDsl.Evaluation;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Examples.Tests;

public sealed class QuickstartTests
{
    // With 2000 points, SW_2 between two independent sets of exact draws from the ring (the finite-sample floor) is
    // 0.07-0.11, and both samplers measure 0.06-0.11 over seeds 1-3 at 18 steps. The bound, 0.17, is about twice the
    // floor and below every control below (0.22-0.29): samples blurred as if sampling stopped at sigma = 0.5, a ring
    // 20% too small, or components rotated half-way between the data's all fail it. (With 500 points the floor is
    // 0.14 and those controls cannot be told apart from sampling noise, so the test does not go smaller.)
    private const double Bound = 0.17;
    private const int Samples = 2000;
    private readonly ITestOutputHelper _output;

    public QuickstartTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Tiny_run_prints_a_table_writes_the_png_and_lands_close_to_the_data()
    {
        using var run = new ExampleRun();
        QuickstartResult result = QuickstartApp.Execute(new QuickstartOptions(Samples: Samples, Steps: 18, Output: run.OutputDirectory), run.Console);
        _output.WriteLine(run.Output);

        result.Rows.Count.ShouldBe(2);
        File.Exists(result.PngPath).ShouldBeTrue();
        PngInfo.Dimensions(result.PngPath).ShouldBe((QuickstartApp.PngWidth, QuickstartApp.PngHeight));
        result.PriorDistance.ShouldBeGreaterThan(10, "sampling starts at sigma = 80, far from the data");
        result.DataFloor.ShouldBeLessThan(Bound);
        foreach (SamplerResult row in result.Rows)
        {
            row.Distance.ShouldBeLessThan(Bound, row.Sampler);
            run.Output.ShouldContain(row.Distance.ToString("F4", CultureInfo.InvariantCulture), customMessage: "the distance is printed");
        }

        result.Rows[0].DenoiserCalls.ShouldBe(2 * 18 - 1); // Heun
        result.Rows[1].DenoiserCalls.ShouldBe(18);         // DPM-Solver++(2M)
        run.Output.ShouldContain(result.PngPath);
    }

    [Theory]
    [InlineData("rotated by half a component spacing", 0.0, 1.0, 0.5)]
    [InlineData("stopped at sigma = 0.5 (blurred)", 0.5, 1.0, 0.0)]
    [InlineData("ring shrunk by 20%", 0.0, 0.8, 0.0)]
    public void The_bound_rejects_samples_that_miss_the_data(string what, double blur, double shrink, double rotation)
    {
        double[][] means = QuickstartApp.Means();
        double[] data = QuickstartApp.ExactDraws(means, Samples, 2);
        double[] other = QuickstartApp.ExactDraws(means, Samples, 3);
        double angle = rotation * 2 * Math.PI / means.Length;
        var noise = new SdeDsl.Noise.GaussianNoise(5);
        double[] wrong = new double[other.Length];
        for (int i = 0; i < other.Length; i += 2)
        {
            wrong[i] = shrink * (Math.Cos(angle) * other[i] - Math.Sin(angle) * other[i + 1]) + blur * noise.Sample(0, i);
            wrong[i + 1] = shrink * (Math.Sin(angle) * other[i] + Math.Cos(angle) * other[i + 1]) + blur * noise.Sample(0, i + 1);
        }

        double same = SlicedWasserstein.Distance<double>(data, other, 2), missed = SlicedWasserstein.Distance<double>(data, wrong, 2);
        _output.WriteLine($"exact vs exact {same:F4}, exact vs {what} {missed:F4}");
        same.ShouldBeLessThan(Bound);
        missed.ShouldBeGreaterThan(Bound, what);
    }

    [Fact]
    public void Command_line_options_are_parsed_and_bad_ones_refused()
    {
        using var run = new ExampleRun();
        QuickstartApp.Run(new[] { "--samples", "200", "--steps", "6", "--out", run.OutputDirectory, "--seed", "3" }, run.Console, run.Error).ShouldBe(0);
        run.Errors.ShouldBeEmpty();
        File.Exists(Path.Combine(run.OutputDirectory, "quickstart.png")).ShouldBeTrue();
        run.Output.ShouldContain("6 steps of the EDM grid");
        run.Output.ShouldContain("200 samples");
        QuickstartApp.Run(new[] { "--sample", "5" }, run.Console, run.Error).ShouldBe(2);
        QuickstartApp.Run(new[] { "--steps", "1" }, run.Console, run.Error).ShouldBe(2);
        run.Errors.ShouldContain("unknown option '--sample'");
    }
}
