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
/// <param name="OutputDirectory">Where the PNG goes.</param>
/// <param name="Seed">Seed of the prior noise and of the exact draws.</param>
public sealed record QuickstartOptions(int Samples = 4000, int Steps = 18, string OutputDirectory = "artifacts/quickstart", ulong Seed = 1);

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
    public const int PngWidth = 1200, PngHeight = 600;
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

    public static int Run(string[] args, IAnsiConsole console)
    {
        QuickstartOptions options;
        try
        {
            var parsed = ExampleArguments.Parse(args, "samples", "steps", "out", "seed");
            if (parsed.Help)
            {
                console.WriteLine("Quickstart [--samples 4000] [--steps 18] [--out artifacts/quickstart] [--seed 1]");
                return 0;
            }

            var defaults = new QuickstartOptions();
            options = new QuickstartOptions(
                parsed.Int("samples", defaults.Samples, min: 2), parsed.Int("steps", defaults.Steps, min: 2),
                parsed.String("out", defaults.OutputDirectory), (ulong)parsed.Int("seed", (int)defaults.Seed, min: 0));
        }
        catch (ArgumentException e)
        {
            console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 2;
        }

        Execute(options, console);
        return 0;
    }

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

        var samplers = new (string Name, Func<double[], SamplingOptions, int> Sample)[]
        {
            ("Heun (EDM Alg. 1)", (x, o) => HeunSampler.Sample(schedule, denoiser, times, x, o)),
            ("DPM-Solver++(2M)", (x, o) => DpmSolverPlusPlus2MSampler.Sample(schedule, denoiser, times, x, o)),
        };

        var rows = new List<SamplerResult>();
        var samples = new List<double[]>();
        ExampleConsole.Progress(console).Start(context =>
        {
            foreach (var (name, sample) in samplers)
            {
                ProgressTask task = context.AddTask(name, maxValue: options.Steps);
                double[] x = (double[])prior.Clone();
                var stopwatch = Stopwatch.StartNew();
                int calls = sample(x, new SamplingOptions { Seed = options.Seed, Progress = new SpectreProgress(task) });
                stopwatch.Stop();
                task.Value = task.MaxValue;
                rows.Add(new SamplerResult(name, options.Steps, calls, SlicedWasserstein.Distance<double>(x, data, Dimension), stopwatch.Elapsed.TotalSeconds));
                samples.Add(x);
            }
        });

        Directory.CreateDirectory(options.OutputDirectory);
        string png = Path.GetFullPath(Path.Combine(options.OutputDirectory, "quickstart.png"));
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
            plot.Title($"{rows[p].Sampler}: {rows[p].DenoiserCalls} calls, SW_2 = {Format(rows[p].Distance)}");
            plot.Axes.SetLimits(-Extent, Extent, -Extent, Extent);
            plot.Axes.SquareUnits();
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
