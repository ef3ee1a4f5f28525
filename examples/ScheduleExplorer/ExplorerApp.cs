using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using ScottPlot;
using SdeDsl;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Examples;
using SdeDsl.Samplers;
using SdeDsl.Schedules;
using Spectre.Console;

namespace ScheduleExplorer;

/// <summary>What to explore and at which resolution.</summary>
/// <param name="Schedule">A name from <see cref="ExplorerApp.ScheduleNames"/> (case-insensitive).</param>
/// <param name="Points">Starting points of the PF-ODE trajectories.</param>
/// <param name="Steps">Grid points for the curves and the trajectories.</param>
/// <param name="Output">Where the PNG goes: a folder (the file is explorer-&lt;schedule&gt;.png in it) or a path ending in .png.</param>
public sealed record ExplorerOptions(string Schedule = "ShiftedFlow", int Points = 9, int Steps = 200, string Output = "artifacts/explorer");

/// <summary>What the explorer wrote.</summary>
/// <param name="Schedule">The schedule's name.</param>
/// <param name="PngPath">The plot.</param>
/// <param name="Formulas">The generated documentation of each member, by member name.</param>
/// <param name="TrajectoryEnds">x at the last grid time of each trajectory.</param>
public sealed record ExplorerResult(string Schedule, string PngPath, IReadOnlyDictionary<string, string> Formulas, IReadOnlyList<double> TrajectoryEnds);

/// <summary>
/// The schedule explorer: for a catalogue or user schedule, plots sigma, s, f, g and the probability-flow ODE
/// trajectories of a few points (1-D two-component data, exact denoiser) to one PNG, and prints the formulas the
/// generator derived (the XML documentation it emitted, read back from the assembly's documentation file).
/// </summary>
public static class ExplorerApp
{
    public const int PngWidth = 1500, PngHeight = 900;

    /// <summary>The 1-D data of the trajectories: 0.5 N(-1, 0.2^2) + 0.5 N(1, 0.2^2).</summary>
    public static readonly double[] DataMeans = { -1, 1 };
    public const double DataStd = 0.2;

    private static readonly Dictionary<string, Func<ExplorerOptions, IAnsiConsole, ExplorerResult>> Schedules =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["ShiftedFlow"] = (o, c) => Explore(default(ShiftedFlow), "ShiftedFlow (examples/ScheduleExplorer/MySchedule.cs)", o, c),
            ["Edm"] = (o, c) => Explore(default(Edm), "Edm", o, c),
            ["Ve"] = (o, c) => Explore(default(Ve), "Ve", o, c),
            ["Vp"] = (o, c) => Explore(default(Vp), "Vp", o, c),
            ["SubVp"] = (o, c) => Explore(default(SubVp), "SubVp", o, c),
            ["Cosine"] = (o, c) => Explore(default(Cosine), "Cosine", o, c),
            ["RectifiedFlow"] = (o, c) => Explore(default(RectifiedFlow), "RectifiedFlow", o, c),
        };

    public static IReadOnlyCollection<string> ScheduleNames => Schedules.Keys;

    /// <summary>The members whose generated documentation is printed, in order.</summary>
    public static readonly string[] Members =
    {
        "Sigma", "Scale", "SigmaDerivative", "ScaleDerivative", "Drift", "Diffusion", "DiffusionSquared",
        "OdeStateCoefficient", "OdeDenoiserCoefficient", "TimeAtSigma",
    };

    /// <summary>The command line: options with their defaults, binding, output check and run.</summary>
    internal static readonly ExampleCommand<ExplorerOptions> Command = CreateCommand();

    /// <summary>Runs the explorer with command-line <paramref name="args"/>; returns the exit code (0, 1 or 2).</summary>
    public static int Run(string[] args, IAnsiConsole console, TextWriter error) => Command.Run(args, console, error);

    public static ExplorerResult Execute(ExplorerOptions options, IAnsiConsole console) =>
        Schedules.TryGetValue(options.Schedule, out var explore)
            ? explore(options, console)
            : throw new ArgumentException(UnknownSchedule(options.Schedule), nameof(options));

    /// <summary>The PNG a run with <paramref name="options"/> writes.</summary>
    /// <exception cref="ArgumentException">An unknown schedule.</exception>
    public static string PngPath(ExplorerOptions options) =>
        OutputFile.Resolve(options.Output, $"explorer-{CanonicalName(options.Schedule)}.png");

    private static string CanonicalName(string schedule) =>
        ScheduleNames.FirstOrDefault(n => string.Equals(n, schedule, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(UnknownSchedule(schedule));

    private static string UnknownSchedule(string schedule) =>
        $"unknown schedule '{schedule}'; known: {string.Join(", ", ScheduleNames)}.";

    private static ExampleCommand<ExplorerOptions> CreateCommand()
    {
        var d = new ExplorerOptions();
        return new ExampleCommand<ExplorerOptions>(
            "ScheduleExplorer",
            "Prints the formulas the generator derived for a schedule and plots sigma, s, f, g and PF-ODE trajectories.",
            new ExampleOption[]
            {
                new("schedule", "NAME", d.Schedule, $"one of {string.Join(", ", ScheduleNames)}"),
                new("points", "N", Invariant(d.Points), "starting points of the PF-ODE trajectories, 1 to 100"),
                new("steps", "N", Invariant(d.Steps), "grid points of the curves, 3 to 100000"),
                new("out", "PATH", d.Output, "folder for explorer-<schedule>.png, or a path ending in .png"),
            },
            a =>
            {
                string schedule = CanonicalName(a.String("schedule"));
                return new ExplorerOptions(schedule, a.Int("points", 1, 100), a.Int("steps", 3, 100_000), a.String("out"));
            },
            PngPath,
            (options, console) => Execute(options, console));
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Plots and prints one schedule.</summary>
    public static ExplorerResult Explore<TSchedule>(TSchedule schedule, string title, ExplorerOptions options, IAnsiConsole console)
        where TSchedule : struct, INoiseSchedule
    {
        string name = typeof(TSchedule).Name;
        console.Write(new Markup($"[bold]{Markup.Escape(title)}[/]"));
        console.WriteLine($": t in [{schedule.TMin:G4}, {schedule.TMax:G4}], sigma in [{schedule.Sigma(schedule.TMin):G4}, {schedule.Sigma(schedule.TMax):G4}], s = 1: {schedule.IsScaleIdentity}");

        // The generated formulas.
        IReadOnlyDictionary<string, string> formulas = GeneratedDocumentation(typeof(TSchedule));
        var table = new Table().Border(TableBorder.Rounded).Title("What the generator derived (its documentation of each member)")
            .AddColumn("member").AddColumn("formula");
        foreach (string member in Members)
        {
            table.AddRow(new Text(member), new Text(formulas.TryGetValue(member, out string? text) ? text : "(documentation file not found)"));
        }

        console.Write(table);

        // Curves on a grid uniform in t.
        int n = options.Steps;
        double[] t = new double[n], sigma = new double[n], s = new double[n], f = new double[n], g = new double[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = schedule.TMin + (schedule.TMax - schedule.TMin) * i / (n - 1);
            sigma[i] = schedule.Sigma(t[i]);
            s[i] = schedule.Scale(t[i]);
            f[i] = schedule.Drift(t[i]);
            g[i] = schedule.Diffusion(t[i]);
        }

        // PF-ODE trajectories: Heun on the EDM grid from TMax to TMin, recording the state after every step.
        double[] times = TimeSteps.Karras(schedule, Math.Max(32, n / 4)); // at least 32 Heun steps: accurate for every catalogue schedule
        var denoiser = GaussianMixtureDenoiser.Isotropic(new[] { 0.5, 0.5 }, DataMeans.Select(m => new[] { m }).ToArray(), new[] { DataStd, DataStd });
        int points = options.Points;
        double[] x = new double[points];
        double top = Math.Sqrt(1 + schedule.Sigma(times[0]) * schedule.Sigma(times[0]));
        for (int k = 0; k < points; k++)
        {
            x[k] = schedule.Scale(times[0]) * StartQuantile(k, points) * top; // evenly spread over -2 .. 2 std of the start
        }

        var paths = new List<double>[points];
        for (int k = 0; k < points; k++)
        {
            paths[k] = new List<double> { x[k] };
        }

        HeunSampler.Sample(schedule, denoiser, times, x, new SamplingOptions { DenoiseToZero = false }, step =>
        {
            for (int k = 0; k < points; k++)
            {
                paths[k].Add(step.State[k]);
            }
        });

        string png = OutputFile.Resolve(options.Output, $"explorer-{name}.png");
        OutputFile.CreateFolder(png);
        var multiplot = new Multiplot();
        multiplot.AddPlots(6);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(2, 3);
        Curve(multiplot.GetPlot(0), t, sigma, "noise level sigma(t)", "sigma");
        Curve(multiplot.GetPlot(1), t, s, "signal scale s(t)", "s");
        Curve(multiplot.GetPlot(2), t, f, "drift f(t) = s'/s", "f");
        Curve(multiplot.GetPlot(3), t, g, "diffusion g(t)", "g");

        // The trajectories, coloured by where they start (the colour key is the legend of the last panel).
        var palette = new ScottPlot.Palettes.Category10();
        Plot trajectories = multiplot.GetPlot(4);
        Plot scaled = multiplot.GetPlot(5);
        double[] logSigma = times.Select(ti => Math.Log10(schedule.Sigma(ti))).ToArray();
        for (int k = points - 1; k >= 0; k--) // top to bottom, as the legend lists them
        {
            ScottPlot.Color color = palette.GetColor(k);
            var line = trajectories.Add.ScatterLine(times, paths[k].ToArray());
            line.LineWidth = 1.5f;
            line.Color = color;

            double[] y = paths[k].Select((v, i) => v / (schedule.Scale(times[i]) * Math.Sqrt(1 + Sq(schedule.Sigma(times[i]))))).ToArray();
            var unit = scaled.Add.ScatterLine(logSigma, y);
            unit.LineWidth = 1.5f;
            unit.Color = color;
            unit.LegendText = $"x_T at {StartQuantile(k, points).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture)} std";
        }

        foreach (Plot panel in new[] { trajectories, scaled })
        {
            foreach (double mean in DataMeans)
            {
                var data = panel.Add.HorizontalLine(mean);
                data.Color = Colors.Gray;
                data.LinePattern = LinePattern.Dashed;
            }
        }

        trajectories.Title("PF-ODE trajectories x(t)");
        trajectories.XLabel("t");
        trajectories.YLabel("x (the schedule's scaled space)");
        scaled.Title("the same, rescaled, against sigma");
        LogAxis.Label(scaled.Axes.Bottom);
        scaled.XLabel("sigma (log scale)");
        scaled.YLabel("x / (s sqrt(1 + sigma²))");
        scaled.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = "data: N(±1, 0.2²) means",
            LinePattern = LinePattern.Dashed,
            LineColor = Colors.Gray,
            LineWidth = 1,
        });
        scaled.ShowLegend(Edge.Right);
        scaled.Legend.FontSize = 10;
        multiplot.SavePng(png, PngWidth, PngHeight);
        console.WriteLine($"Plot of sigma, s, f, g and {points} PF-ODE trajectories: {png}");
        return new ExplorerResult(name, png, formulas, paths.Select(p => p[^1]).ToArray());
    }

    /// <summary>
    /// The generated XML documentation (summary, then remarks) of the schedule's members, read from the documentation
    /// file beside the assembly that declares it (every project here builds one).
    /// </summary>
    public static IReadOnlyDictionary<string, string> GeneratedDocumentation(Type type)
    {
        var result = new Dictionary<string, string>();
        string xml = Path.ChangeExtension(type.Assembly.Location, ".xml");
        if (!File.Exists(xml))
        {
            return result;
        }

        XDocument document = XDocument.Load(xml);
        string prefix = "M:" + type.FullName + ".";
        foreach (XElement member in document.Descendants("member"))
        {
            string id = (string?)member.Attribute("name") ?? string.Empty;
            if (!id.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            string method = id[prefix.Length..];
            int paren = method.IndexOf('(', StringComparison.Ordinal);
            method = paren < 0 ? method : method[..paren];
            string summary = Collapse(member.Element("summary")?.Value);
            string remarks = Collapse(member.Element("remarks")?.Value);
            // The remarks say how a function was obtained (declared, integrated, closed-form or Newton inverse).
            result[method] = remarks.Length == 0 || !HowDerived.Contains(method) ? summary : $"{summary}\n  ({remarks})";
        }

        return result;
    }

    private static readonly HashSet<string> HowDerived = new(StringComparer.Ordinal) { "Sigma", "Scale", "TimeAtSigma" };

    private static string Collapse(string? text) =>
        string.Join(' ', (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static double Sq(double v) => v * v;

    /// <summary>Where trajectory <paramref name="k"/> of <paramref name="points"/> starts, in standard deviations of x_T: -2 .. 2.</summary>
    private static double StartQuantile(int k, int points) => points == 1 ? 0 : -2 + 4.0 * k / (points - 1);

    /// <summary>A curve against t; on a log10 axis when it is positive and spans more than 1.5 decades.</summary>
    private static void Curve(Plot plot, double[] x, double[] y, string title, string yLabel)
    {
        bool log = y.All(v => v > 0) && Math.Log10(y.Max() / y.Min()) > 1.5;
        var line = plot.Add.ScatterLine(x, log ? y.Select(Math.Log10).ToArray() : y);
        line.LineWidth = 2;
        plot.Title(title);
        plot.XLabel("t");
        plot.YLabel(log ? yLabel + " (log scale)" : yLabel);
        if (log)
        {
            LogAxis.Label(plot.Axes.Left);
        }
    }
}
