using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using ScottPlot;
using SdeDsl;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Evaluation;
using SdeDsl.Examples;
using SdeDsl.Samplers;
using Spectre.Console;

namespace Quickstart;

/// <summary>What the Quickstart does, with every size a parameter.</summary>
/// <param name="Samples">Samples drawn by each sampler (and exact draws from the data to compare with).</param>
/// <param name="Steps">Time-grid points N (EDM/Karras grid, rho = 7).</param>
/// <param name="Output">Where the PNG goes: a folder (the file is quickstart.png in it) or a path ending in .png.</param>
/// <param name="Seed">Seed of the prior noise and of the exact draws.</param>
public sealed record QuickstartOptions(int Samples = 4000, int Steps = 18, string Output = "artifacts/quickstart", ulong Seed = 1);

/// <summary>One sampler's result.</summary>
public sealed record SamplerResult(string Sampler, int Steps, int DenoiserCalls, double Distance, double Seconds);

/// <summary>Everything the Quickstart printed and wrote.</summary>
/// <param name="Rows">One row per sampler.</param>
/// <param name="DataFloor">SW_2 between two independent sets of exact draws of the same size: the best any sampler can show.</param>
/// <param name="PriorDistance">SW_2 between the starting noise (rescaled by 1/s) and the data: where sampling starts.</param>
/// <param name="PngPath">The scatter plot.</param>
public sealed record QuickstartResult(IReadOnlyList<SamplerResult> Rows, double DataFloor, double PriorDistance, string PngPath);

/// <summary>
/// The README's main job: a schedule declared in a few lines (<see cref="MyLogLinearVp"/>), two samplers drawing from
/// a two-dimensional Gaussian mixture with its exact denoiser, the sliced Wasserstein distance of the samples to exact
/// draws from the data, and a PNG of the samples over the data density.
/// </summary>
public static class QuickstartApp
{
    public const int PngWidth = 1400, PngHeight = 600;
    private const int Dimension = 2;

    /// <summary>The data: eight Gaussians on a circle of radius 2, standard deviation 0.2, alternating weights 2:1.</summary>
    public static readonly double[] Weights = { 2, 1, 2, 1, 2, 1, 2, 1 };
    public const double Radius = 2, ComponentStd = 0.2;

    public static double[][] Means()
    {
        var means = new double[Weights.Length][];
        for (int k = 0; k < means.Length; k++)
        {
            double angle = 2 * Math.PI * k / means.Length;
            means[k] = new[] { Radius * Math.Cos(angle), Radius * Math.Sin(angle) };
        }

        return means;
    }

    /// <summary>The command line: options with their defaults, binding, output check and run.</summary>
    internal static readonly ExampleCommand<QuickstartOptions> Command = CreateCommand();

    /// <summary>Runs the Quickstart with command-line <paramref name="args"/>; returns the exit code (0, 1 or 2).</summary>
    public static int Run(string[] args, IAnsiConsole console, TextWriter error) => Command.Run(args, console, error);

    /// <summary>The PNG a run with <paramref name="options"/> writes.</summary>
    public static string PngPath(QuickstartOptions options) => OutputFile.Resolve(options.Output, "quickstart.png");

    private static ExampleCommand<QuickstartOptions> CreateCommand()
    {
        var d = new QuickstartOptions();
        return new ExampleCommand<QuickstartOptions>(
            "Quickstart",
            "Samples a 2-D mixture of eight Gaussians with Heun and DPM-Solver++(2M), prints SW_2 to the data, plots the samples.",
            new ExampleOption[]
            {
                new("samples", "N", Invariant(d.Samples), "samples per sampler, and exact draws to compare with, 2 to 1000000"),
                new("steps", "N", Invariant(d.Steps), "time-grid points of the EDM grid (rho = 7), 2 to 10000"),
                new("out", "PATH", d.Output, "folder for quickstart.png, or a path ending in .png"),
                new("seed", "N", Invariant(d.Seed), "seed of the prior noise and of the exact draws"),
            },
            a => new QuickstartOptions(a.Int("samples", 2, 1_000_000), a.Int("steps", 2, 10_000), a.String("out"), a.ULong("seed")),
            PngPath,
            (options, console) => Execute(options, console));
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    public static QuickstartResult Execute(QuickstartOptions options, IAnsiConsole console)
    {
        var schedule = default(MyLogLinearVp);
        double[][] means = Means();
        var denoiser = GaussianMixtureDenoiser.Isotropic(Weights, means, Fill(Weights.Length, ComponentStd));
        double[] times = TimeSteps.Karras(schedule, options.Steps, rho: 7);

        console.MarkupLine("[bold]SdeDsl quickstart[/]: sampling a 2-D Gaussian mixture with a schedule declared in examples/Quickstart/MySchedule.cs");
        console.WriteLine(
            $"  MyLogLinearVp: sigma(t) = 0.002 (80/0.002)^t, s(t) = 1/sqrt(1 + sigma^2), t in [{schedule.TMin}, {schedule.TMax}]; " +
            $"{options.Steps} steps of the EDM grid (sigma {schedule.Sigma(times[0]):G3} -> {schedule.Sigma(times[^1]):G3}), {options.Samples} samples");

        // The same starting noise x_T ~ N(0, s^2 sigma^2 I) for both samplers.
        double[] prior = new double[options.Samples * Dimension];
        Prior.Sample(schedule, times[0], prior, options.Seed);

        double[] data = ExactDraws(means, options.Samples, options.Seed + 1);
        double[] data2 = ExactDraws(means, options.Samples, options.Seed + 2);
        double floor = SlicedWasserstein.Distance<double>(data, data2, Dimension);
        double[] priorUnscaled = Array.ConvertAll(prior, v => v / schedule.Scale(times[0]));
        double priorDistance = SlicedWasserstein.Distance<double>(priorUnscaled, data, Dimension);

        var samplers = new (string Name, Func<double[], SamplingOptions, StepCallback<double>?, int> Sample)[]
        {
            ("Heun (EDM Alg. 1)", (x, o, onStep) => HeunSampler.Sample(schedule, denoiser, times, x, o, onStep)),
            ("DPM-Solver++(2M)", (x, o, onStep) => DpmSolverPlusPlus2MSampler.Sample(schedule, denoiser, times, x, o, onStep)),
        };

        var rows = new List<SamplerResult>();
        var samples = new List<double[]>();
        ExampleConsole.WithProgress(console, bars =>
        {
            foreach (var (name, sample) in samplers)
            {
                ProgressBar bar = bars.Add(name, options.Steps);
                double[] x = (double[])prior.Clone();
                var stopwatch = Stopwatch.StartNew();
                int calls = sample(x, new SamplingOptions { Seed = options.Seed }, bar.OnStep);
                stopwatch.Stop();
                bar.Complete();
                rows.Add(new SamplerResult(name, options.Steps, calls, SlicedWasserstein.Distance<double>(x, data, Dimension), stopwatch.Elapsed.TotalSeconds));
                samples.Add(x);
            }
        });

        string png = PngPath(options);
        OutputFile.CreateFolder(png);
        WritePlot(png, means, rows, samples);

        var table = new Table().Border(TableBorder.Rounded)
            .Title("Sliced Wasserstein distance to exact draws of the data")
            .AddColumn("sampler").AddColumn(new TableColumn("steps").RightAligned())
            .AddColumn(new TableColumn("denoiser calls").RightAligned()).AddColumn(new TableColumn("SW_2").RightAligned())
            .AddColumn(new TableColumn("time").RightAligned());
        table.AddRow("start: prior noise x_T / s", "", "", Format(priorDistance), "");
        foreach (SamplerResult row in rows)
        {
            table.AddRow(row.Sampler, row.Steps.ToString(CultureInfo.InvariantCulture), row.DenoiserCalls.ToString(CultureInfo.InvariantCulture),
                Format(row.Distance), $"{row.Seconds * 1000:F0} ms");
        }

        table.AddRow("floor: exact vs exact draws", "", "", Format(floor), "");
        console.Write(table);
        console.WriteLine($"Samples over the data density: {png}");
        return new QuickstartResult(rows, floor, priorDistance, png);
    }

    /// <summary>The mixture's density at (x, y).</summary>
    public static double Density(double[][] means, double x, double y)
    {
        double total = 0, weights = 0, variance = ComponentStd * ComponentStd;
        for (int k = 0; k < means.Length; k++)
        {
            double dx = x - means[k][0], dy = y - means[k][1];
            total += Weights[k] * Math.Exp(-(dx * dx + dy * dy) / (2 * variance)) / (2 * Math.PI * variance);
            weights += Weights[k];
        }

        return total / weights;
    }

    /// <summary>Exact draws from the mixture (component by weight, then a Gaussian), seeded.</summary>
    public static double[] ExactDraws(double[][] means, int count, ulong seed)
    {
        var random = new Random((int)(seed % int.MaxValue));
        double totalWeight = 0;
        foreach (double w in Weights)
        {
            totalWeight += w;
        }

        var points = new double[count * Dimension];
        for (int i = 0; i < count; i++)
        {
            double u = random.NextDouble() * totalWeight;
            int k = 0;
            while (k < Weights.Length - 1 && u >= Weights[k])
            {
                u -= Weights[k++];
            }

            // Box-Muller.
            double r = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())), angle = 2 * Math.PI * random.NextDouble();
            points[i * 2] = means[k][0] + ComponentStd * r * Math.Cos(angle);
            points[i * 2 + 1] = means[k][1] + ComponentStd * r * Math.Sin(angle);
        }

        return points;
    }

    private static void WritePlot(string path, double[][] means, List<SamplerResult> rows, List<double[]> samples)
    {
        const double Extent = 3.2;
        const int Cells = 160;
        var density = new double[Cells, Cells];
        for (int i = 0; i < Cells; i++)
        {
            double y = Extent - (i + 0.5) * 2 * Extent / Cells; // row 0 is the top of the heatmap
            for (int j = 0; j < Cells; j++)
            {
                double x = -Extent + (j + 0.5) * 2 * Extent / Cells;
                density[i, j] = Density(means, x, y);
            }
        }

        var multiplot = new Multiplot();
        multiplot.AddPlots(rows.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        for (int p = 0; p < rows.Count; p++)
        {
            Plot plot = multiplot.GetPlot(p);
            var heatmap = plot.Add.Heatmap(density);
            heatmap.Extent = new CoordinateRect(-Extent, Extent, -Extent, Extent);
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            double[] xs = new double[samples[p].Length / 2], ys = new double[xs.Length];
            for (int i = 0; i < xs.Length; i++)
            {
                xs[i] = samples[p][2 * i];
                ys[i] = samples[p][2 * i + 1];
            }

            var markers = plot.Add.Markers(xs, ys);
            markers.MarkerSize = 2.5f;
            markers.Color = Colors.White.WithAlpha(0.55);
            markers.LegendText = $"{xs.Length} samples";
            plot.Title($"{rows[p].Sampler}: {rows[p].DenoiserCalls} calls, SW_2 = {Format(rows[p].Distance)}");
            plot.XLabel("x1");
            plot.YLabel("x2");
            plot.Axes.SetLimits(-Extent, Extent, -Extent, Extent);
            plot.Axes.SquareUnits();
            var key = plot.Add.ColorBar(heatmap);
            key.Label = "data density p(x)";
            plot.ShowLegend(Alignment.UpperRight);
            plot.Legend.BackgroundColor = Colors.Black.WithAlpha(0.6);
            plot.Legend.FontColor = Colors.White;
            plot.Legend.OutlineColor = Colors.White;
        }

        multiplot.SavePng(path, PngWidth, PngHeight);
    }

    private static double[] Fill(int count, double value)
    {
        var values = new double[count];
        Array.Fill(values, value);
        return values;
    }

    private static string Format(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
