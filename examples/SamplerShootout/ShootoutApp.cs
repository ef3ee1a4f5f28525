using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ScottPlot;
using SdeDsl;
using SdeDsl.Denoisers;
using SdeDsl.Examples;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Schedules;
using Spectre.Console;

namespace SamplerShootout;

/// <summary>The sizes of the shoot-out.</summary>
/// <param name="Samples">Samples per run (each of <see cref="ShootoutApp.Dimension"/> coordinates).</param>
/// <param name="MaxSteps">The largest grid; grids run 4, 8, 16, ... up to it.</param>
/// <param name="Output">Where the PNG goes: a folder (the file is shootout.png in it) or a path ending in .png.</param>
/// <param name="Seed">Seed of the starting points and of the stochastic samplers.</param>
public sealed record ShootoutOptions(int Samples = 1024, int MaxSteps = 128, string Output = "artifacts/shootout", ulong Seed = 7);

/// <summary>One run: a sampler on a schedule's default grid of <paramref name="Steps"/> times.</summary>
public sealed record ShootoutPoint(string Schedule, string Sampler, bool Deterministic, int Steps, int Calls, double Error);

/// <summary>Everything the shoot-out measured and wrote.</summary>
/// <param name="Points">Every run.</param>
/// <param name="StochasticFloor">The moment error of exact draws of the same size: where the stochastic samplers' curves must flatten.</param>
/// <param name="PngPath">The log-log plot.</param>
public sealed record ShootoutResult(IReadOnlyList<ShootoutPoint> Points, double StochasticFloor, string PngPath);

/// <summary>
/// The sampler shoot-out (the EDM paper's message, reproduced with exact denoisers): Gaussian data N(mu, c^2 I),
/// whose probability-flow ODE is solved exactly, sampled by every sampler on several catalogue schedules, each on
/// its paper's default grid; error against the exact answer as a function of denoiser calls.
/// </summary>
/// <remarks>
/// Deterministic samplers are measured path by path: the RMS distance between each sample and the exact PF-ODE
/// endpoint of its own starting point, mu + c / sqrt(c^2 + sigma_T^2) (y_T - mu) (docs/math.md §9.1).
/// Stochastic samplers have no per-sample answer; they are measured by the distance of the samples' fitted
/// isotropic Gaussian to the data's, sqrt(|mean - mu|^2 / d + (std - c)^2), which cannot fall below the
/// finite-sample floor reported with it.
/// </remarks>
public static class ShootoutApp
{
    public const int PngWidth = 1500, PngHeight = 900;
    public const int Dimension = 8;
    public const double DataStd = 0.5;
    public static readonly double[] DataMean = { 0.5, -0.5, 1, -1, 0.25, -0.25, 0, 2 };

    /// <summary>Samplers in table order: name, deterministic, and the call.</summary>
    private delegate int Sampler<TSchedule>(TSchedule schedule, GaussianDenoiser denoiser, double[] times, double[] x, SamplingOptions options)
        where TSchedule : struct, INoiseSchedule;

    public static readonly string[] SamplerNames =
    {
        "Euler", "Heun", "DDIM", "DPM++(2M)", "Euler ancestral", "EDM stochastic", "Euler-Maruyama", "Langevin", "Predictor-corrector",
        "UniPC(3)", "LMS", "iPNDM", "DPM++(2M) SDE", "DPM++(3M) SDE", "DPM++ SDE", "DPM++(2S) a", "LCM", "Restart",
    };

    public static readonly string[] ScheduleNames = { "Edm", "Vp", "Ve", "Cosine", "RectifiedFlow" };

    /// <summary>The command line: options with their defaults, binding, output check and run.</summary>
    internal static readonly ExampleCommand<ShootoutOptions> Command = CreateCommand();

    /// <summary>Runs the shoot-out with command-line <paramref name="args"/>; returns the exit code (0, 1 or 2).</summary>
    public static int Run(string[] args, IAnsiConsole console, TextWriter error) => Command.Run(args, console, error);

    /// <summary>The PNG a run with <paramref name="options"/> writes.</summary>
    public static string PngPath(ShootoutOptions options) => OutputFile.Resolve(options.Output, "shootout.png");

    private static ExampleCommand<ShootoutOptions> CreateCommand()
    {
        var d = new ShootoutOptions();
        return new ExampleCommand<ShootoutOptions>(
            "SamplerShootout",
            "Every sampler on five catalogue schedules against exact answers: error tables and a log-log plot of error against calls.",
            new ExampleOption[]
            {
                new("samples", "N", Invariant(d.Samples), $"samples per run, {Dimension} coordinates each, 2 to 1000000"),
                new("max-steps", "N", Invariant(d.MaxSteps), "largest grid; grids of 4, 8, 16, ... times up to it, 4 to 4096"),
                new("out", "PATH", d.Output, "folder for shootout.png, or a path ending in .png"),
                new("seed", "N", Invariant(d.Seed), "seed of the starting points and of the stochastic samplers"),
            },
            a => new ShootoutOptions(a.Int("samples", 2, 1_000_000), a.Int("max-steps", 4, 4096), a.String("out"), a.ULong("seed")),
            PngPath,
            (options, console) => Execute(options, console));
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    public static ShootoutResult Execute(ShootoutOptions options, IAnsiConsole console)
    {
        int[] steps = Enumerable.Range(2, 20).Select(k => 1 << k).TakeWhile(n => n <= options.MaxSteps).ToArray();
        var denoiser = new GaussianDenoiser(DataMean, DataStd);
        var points = new List<ShootoutPoint>();
        console.WriteLine($"Gaussian data N(mu, {DataStd}^2 I) in {Dimension} dimensions, exact denoiser; {options.Samples} samples per run; grids of {string.Join(", ", steps)} times.");

        ExampleConsole.WithProgress(console, bars =>
        {
            foreach (string schedule in ScheduleNames)
            {
                ProgressBar bar = bars.Add(schedule, steps.Length * SamplerNames.Length);
                Action advance = bar.Increment;
                switch (schedule)
                {
                    case "Edm": points.AddRange(RunSchedule(default(Edm), schedule, Edm.DefaultTimes, denoiser, steps, options, advance)); break;
                    case "Vp": points.AddRange(RunSchedule(default(Vp), schedule, Vp.DefaultTimes, denoiser, steps, options, advance)); break;
                    case "Ve": points.AddRange(RunSchedule(default(Ve), schedule, Ve.DefaultTimes, denoiser, steps, options, advance)); break;
                    case "Cosine": points.AddRange(RunSchedule(default(Cosine), schedule, Cosine.DefaultTimes, denoiser, steps, options, advance)); break;
                    default: points.AddRange(RunSchedule(default(RectifiedFlow), schedule, RectifiedFlow.DefaultTimes, denoiser, steps, options, advance)); break;
                }
            }
        });

        // The finite-sample floor of the moment error: exact draws from the data.
        double[] exact = new double[options.Samples * Dimension];
        new GaussianNoise(options.Seed + 1000).Fill(0, 0, exact);
        for (int i = 0; i < exact.Length; i++)
        {
            exact[i] = DataMean[i % Dimension] + DataStd * exact[i];
        }

        double floor = MomentError(exact);

        string png = PngPath(options);
        OutputFile.CreateFolder(png);
        WritePlot(png, points, floor);
        foreach (Table table in Tables(points))
        {
            console.Write(table);
        }

        console.WriteLine("Deterministic samplers: RMS distance to each sample's exact PF-ODE endpoint. Stochastic samplers (*): " +
            $"distance of the samples' fitted Gaussian to the data's, which cannot go below the finite-sample floor, {floor:G3} here. " +
            "Order: slope of log error against log calls over the last two grids.");
        console.WriteLine($"Error against denoiser calls, log-log: {png}");
        return new ShootoutResult(points, floor, png);
    }

    /// <summary>
    /// One restart segment scaled to the grid (ComfyUI's default is [10, 1, 0.1, 2] for 20+ steps): K = 1 restart from the
    /// grid point at 3/4 of the grid back up to the one at 1/2, over a sub-grid of a quarter of the grid's points.
    /// </summary>
    private static RestartSegment[] ShootoutRestart<TSchedule>(TSchedule schedule, double[] times)
        where TSchedule : struct, INoiseSchedule =>
        times.Length < 4 ? [] : [new RestartSegment(Math.Max(2, times.Length / 4), 1, schedule.Sigma(times[times.Length * 3 / 4]), schedule.Sigma(times[times.Length / 2]))];

    private static List<ShootoutPoint> RunSchedule<TSchedule>(
        TSchedule schedule, string name, Func<int, double[]> grid, GaussianDenoiser denoiser, int[] steps, ShootoutOptions options, Action advance)
        where TSchedule : struct, INoiseSchedule
    {
        var samplers = new (string Name, bool Deterministic, Sampler<TSchedule> Sample)[]
        {
            (SamplerNames[0], true, (s, d, t, x, o) => EulerSampler.Sample(s, d, t, x, o)),
            (SamplerNames[1], true, (s, d, t, x, o) => HeunSampler.Sample(s, d, t, x, o)),
            (SamplerNames[2], true, (s, d, t, x, o) => DdimSampler.Sample(s, d, t, x, o)),
            (SamplerNames[3], true, (s, d, t, x, o) => DpmSolverPlusPlus2MSampler.Sample(s, d, t, x, o)),
            (SamplerNames[4], false, (s, d, t, x, o) => EulerAncestralSampler.Sample(s, d, t, x, 1.0, o)),
            (SamplerNames[5], false, (s, d, t, x, o) => EdmStochasticSampler.Sample(s, d, t, x, new ChurnSettings(40, SigmaMin: 0.05, SigmaMax: 50), o)),
            (SamplerNames[6], false, (s, d, t, x, o) => EulerMaruyamaSampler.Sample(s, d, t, x, o)),
            (SamplerNames[7], false, (s, d, t, x, o) => LangevinSampler.Sample(s, d, t, x, u => 0.5 * s.SigmaDerivative(u) / s.Sigma(u), o)),
            (SamplerNames[8], false, (s, d, t, x, o) => PredictorCorrectorSampler.Sample(s, d, t, x, Dimension, Predictor.ReverseSde, 1, 0.16, o)),
            (SamplerNames[9], true, (s, d, t, x, o) => UniPcSampler.Sample(s, d, t, x, 3, options: o)),
            (SamplerNames[10], true, (s, d, t, x, o) => LmsSampler.Sample(s, d, t, x, 4, o)),
            (SamplerNames[11], true, (s, d, t, x, o) => IPndmSampler.Sample(s, d, t, x, 4, o)),
            (SamplerNames[12], false, (s, d, t, x, o) => DpmSolverPlusPlus2MSdeSampler.Sample(s, d, t, x, 1.0, options: o)),
            (SamplerNames[13], false, (s, d, t, x, o) => DpmSolverPlusPlus3MSdeSampler.Sample(s, d, t, x, 1.0, o)),
            (SamplerNames[14], false, (s, d, t, x, o) => DpmSolverPlusPlusSdeSampler.Sample(s, d, t, x, 1.0, options: o)),
            (SamplerNames[15], false, (s, d, t, x, o) => DpmSolverPlusPlus2SAncestralSampler.Sample(s, d, t, x, 1.0, o)),
            (SamplerNames[16], false, (s, d, t, x, o) => LcmSampler.Sample(s, d, t, x, ConsistencyBoundary.None, o)),
            (SamplerNames[17], false, (s, d, t, x, o) => RestartSampler.Sample(s, d, t, x, ShootoutRestart(s, t), o)),
        };

        var result = new List<ShootoutPoint>();
        foreach (var (samplerName, deterministic, sample) in samplers)
        {
            foreach (int n in steps)
            {
                double[] times = grid(n);
                double sigmaT = schedule.Sigma(times[0]), scaleT = schedule.Scale(times[0]);

                // y_T on the exact marginal N(mu, (c^2 + sigma_T^2) I), x_T = s(T) y_T; and each start's exact endpoint.
                double[] z = new double[options.Samples * Dimension];
                new GaussianNoise(options.Seed).Fill(0, 0, z);
                double spread = Math.Sqrt(DataStd * DataStd + sigmaT * sigmaT);
                double[] x = new double[z.Length], endpoint = new double[z.Length];
                for (int i = 0; i < z.Length; i++)
                {
                    double mu = DataMean[i % Dimension];
                    x[i] = scaleT * (mu + spread * z[i]);
                    endpoint[i] = mu + DataStd * z[i];
                }

                int calls = sample(schedule, denoiser, times, x, new SamplingOptions { Seed = options.Seed + (ulong)n });
                double error = deterministic ? Rms(x, endpoint) : MomentError(x);
                result.Add(new ShootoutPoint(name, samplerName, deterministic, n, calls, error));
                advance();
            }
        }

        return result;
    }

    private static double Rms(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }

        return Math.Sqrt(sum / a.Length);
    }

    /// <summary>sqrt(|mean - mu|^2 / d + (std - c)^2) of the samples' fitted isotropic Gaussian against the data's.</summary>
    public static double MomentError(double[] x)
    {
        int n = x.Length / Dimension;
        double meanError = 0, squares = 0;
        var mean = new double[Dimension];
        for (int i = 0; i < x.Length; i++)
        {
            mean[i % Dimension] += x[i] / n;
        }

        for (int i = 0; i < x.Length; i++)
        {
            double d = x[i] - mean[i % Dimension];
            squares += d * d;
        }

        for (int j = 0; j < Dimension; j++)
        {
            meanError += (mean[j] - DataMean[j]) * (mean[j] - DataMean[j]);
        }

        double std = Math.Sqrt(squares / (x.Length - Dimension));
        return Math.Sqrt(meanError / Dimension + (std - DataStd) * (std - DataStd));
    }

    /// <summary>One table per schedule (so it fits an 80-column terminal): errors at up to four grid sizes and the observed order.</summary>
    private static IEnumerable<Table> Tables(List<ShootoutPoint> points)
    {
        int[] shown = points.Select(p => p.Steps).Distinct().OrderBy(n => n).ToArray();
        foreach (var schedule in points.GroupBy(p => p.Schedule))
        {
            double sigmaMin = SigmaMin(schedule.Key), endFloor = DataStd * (1 - DataStd / Math.Sqrt(DataStd * DataStd + sigmaMin * sigmaMin));
            var table = new Table().Border(TableBorder.Rounded)
                .Title($"{schedule.Key}: error after N grid times")
                .Caption(string.Format(
                    CultureInfo.InvariantCulture,
                    "Deterministic errors level off near {0:G2} because the grid ends at sigma_min = {1:G3}, where x = D " +
                    "differs from the sigma -> 0 endpoint they are measured against; stochastic (*) ones at the finite-sample floor; " +
                    "LCM stays above it because it needs a consistency model, and with the exact denoiser (a posterior mean) its re-noised steps under-disperse.",
                    endFloor,
                    sigmaMin))
                .AddColumn("sampler").AddColumn(new TableColumn("calls").RightAligned());
            foreach (int n in shown)
            {
                table.AddColumn(new TableColumn($"N = {n}").RightAligned());
            }

            table.AddColumn(new TableColumn("order").RightAligned());
            foreach (var sampler in schedule.GroupBy(p => p.Sampler))
            {
                var runs = sampler.OrderBy(p => p.Steps).ToList();
                int n = runs[^1].Steps, calls = runs[^1].Calls;
                string callsText = calls == n ? "N" : calls == 2 * n - 1 ? "2N-1" : calls == 2 * n ? "2N" : calls.ToString(CultureInfo.InvariantCulture);
                var cells = new List<string> { sampler.Key + (runs[0].Deterministic ? string.Empty : " *"), callsText };
                cells.AddRange(shown.Select(k => runs.FirstOrDefault(p => p.Steps == k) is { } run ? Format(run.Error) : ""));
                cells.Add(runs.Count >= 2 ? Slope(runs[^2], runs[^1]).ToString("F2", CultureInfo.InvariantCulture) : "");
                table.AddRow(cells.Select(c => new Text(c)).ToArray());
            }

            yield return table;
        }
    }

    /// <summary>sigma(TMin) of a catalogue schedule, where its default grid ends.</summary>
    private static double SigmaMin(string schedule) => schedule switch
    {
        "Edm" => default(Edm).Sigma(default(Edm).TMin),
        "Vp" => default(Vp).Sigma(default(Vp).TMin),
        "Ve" => default(Ve).Sigma(default(Ve).TMin),
        "Cosine" => default(Cosine).Sigma(default(Cosine).TMin),
        _ => default(RectifiedFlow).Sigma(default(RectifiedFlow).TMin),
    };

    /// <summary>The observed order: -d log(error) / d log(calls).</summary>
    public static double Slope(ShootoutPoint a, ShootoutPoint b) => -Math.Log(b.Error / a.Error) / Math.Log((double)b.Calls / a.Calls);

    private static string Format(double value) =>
        double.IsFinite(value) ? value.ToString(value < 1e-3 || value >= 1e3 ? "0.00e+0" : value >= 100 ? "0.0" : "0.0000", CultureInfo.InvariantCulture) : "n/a";

    private static void WritePlot(string path, List<ShootoutPoint> points, double floor)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(6);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(2, 3);
        // 19 samplers: 20 colours and a marker shape per sampler, so no two lines look alike.
        var palette = new ScottPlot.Palettes.Category20();
        MarkerShape[] shapes = { MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleDown };
        for (int p = 0; p < ScheduleNames.Length; p++)
        {
            Plot plot = multiplot.GetPlot(p);
            string schedule = ScheduleNames[p];
            for (int k = 0; k < SamplerNames.Length; k++)
            {
                var runs = points.Where(r => r.Schedule == schedule && r.Sampler == SamplerNames[k] && r.Error > 0 && double.IsFinite(r.Error))
                    .OrderBy(r => r.Calls).ToList();
                if (runs.Count == 0)
                {
                    continue;
                }

                var line = plot.Add.Scatter(runs.Select(r => Math.Log10(r.Calls)).ToArray(), runs.Select(r => Math.Log10(r.Error)).ToArray());
                line.Color = palette.GetColor(k);
                line.LineWidth = 2;
                line.MarkerSize = 6;
                line.MarkerShape = shapes[k % shapes.Length];
                line.LinePattern = runs[0].Deterministic ? LinePattern.Solid : LinePattern.Dashed;
                if (p == 0)
                {
                    line.LegendText = SamplerNames[k] + (runs[0].Deterministic ? string.Empty : " *");
                }
            }

            var floorLine = plot.Add.HorizontalLine(Math.Log10(floor));
            floorLine.Color = Colors.Gray;
            floorLine.LinePattern = LinePattern.Dotted;
            plot.Title($"{schedule} (its paper's grid)");
            plot.XLabel("denoiser calls (log scale)");
            plot.YLabel("error (log scale)");
            LogAxis.Label(plot.Axes.Bottom);
            LogAxis.Label(plot.Axes.Left);
        }

        // The sixth panel holds the legend.
        Plot legend = multiplot.GetPlot(5);
        legend.Layout.Frameless();
        legend.HideGrid();
        legend.Axes.Frameless();
        legend.Legend.ManualItems.AddRange(multiplot.GetPlot(0).Legend.GetItems());
        legend.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = "finite-sample floor of *",
            LinePattern = LinePattern.Dotted,
            LineColor = Colors.Gray,
            LineWidth = 2,
        });
        legend.Legend.DisplayPlottableLegendItems = false;
        legend.ShowLegend(Alignment.UpperCenter);
        legend.Legend.FontSize = 11;
        multiplot.GetPlot(0).Legend.IsVisible = false;
        legend.Add.Annotation("solid: RMS to the exact PF-ODE endpoint\n* dashed: fitted-Gaussian error (dotted: its floor)", Alignment.LowerCenter);
        multiplot.SavePng(path, PngWidth, PngHeight);
    }
}
