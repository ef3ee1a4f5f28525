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
/// <param name="OutputDirectory">Where the PNG goes.</param>
public sealed record ExplorerOptions(string Schedule = "ShiftedFlow", int Points = 9, int Steps = 200, string OutputDirectory = "artifacts/explorer");

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

    public static int Run(string[] args, IAnsiConsole console)
    {
        ExplorerOptions options;
        try
        {
            var parsed = ExampleArguments.Parse(args, "schedule", "points", "steps", "out");
            if (parsed.Help)
            {
                console.WriteLine($"ScheduleExplorer [--schedule {string.Join('|', ScheduleNames)}] [--points 9] [--steps 200] [--out artifacts/explorer]");
                return 0;
            }

            var defaults = new ExplorerOptions();
            options = new ExplorerOptions(
                parsed.String("schedule", defaults.Schedule), parsed.Int("points", defaults.Points, min: 1),
                parsed.Int("steps", defaults.Steps, min: 3), parsed.String("out", defaults.OutputDirectory));
            if (!Schedules.ContainsKey(options.Schedule))
            {
                throw new ArgumentException($"Unknown schedule '{options.Schedule}'. Known: {string.Join(", ", ScheduleNames)}.");
            }
        }
        catch (ArgumentException e)
        {
            console.WriteLine(e.Message);
            return 2;
        }

        Execute(options, console);
        return 0;
    }

    public static ExplorerResult Execute(ExplorerOptions options, IAnsiConsole console) =>
        Schedules.TryGetValue(options.Schedule, out var explore)
            ? explore(options, console)
            : throw new ArgumentException($"Unknown schedule '{options.Schedule}'. Known: {string.Join(", ", ScheduleNames)}.", nameof(options));

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
            double z = points == 1 ? 0 : -2 + 4.0 * k / (points - 1); // evenly spread quantiles of the start, -2 .. 2 std
            x[k] = schedule.Scale(times[0]) * z * top;
        }

        var paths = new List<double>[points];
        for (int k = 0; k < points; k++)
        {
            paths[k] = new List<double> { x[k] };
        }

        HeunSampler.Sample(schedule, denoiser, times, x, new SamplingOptions { DenoiseToZero = false }, (in SamplerStepInfo<double> step) =>
        {
            for (int k = 0; k < points; k++)
            {
                paths[k].Add(step.State[k]);
            }
        });

        Directory.CreateDirectory(options.OutputDirectory);
        string png = Path.GetFullPath(Path.Combine(options.OutputDirectory, $"explorer-{name}.png"));
        var multiplot = new Multiplot();
        multiplot.AddPlots(6);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(2, 3);
        Curve(multiplot.GetPlot(0), t, sigma.Select(Math.Log10).ToArray(), "sigma(t)", logY: true);
        Curve(multiplot.GetPlot(1), t, s, "s(t)", logY: false);
        Curve(multiplot.GetPlot(2), t, f, "f(t) = s'/s (drift)", logY: false);
        Curve(multiplot.GetPlot(3), t, g.Select(v => Math.Log10(Math.Max(v, 1e-300))).ToArray(), "g(t) (diffusion)", logY: true);
        Plot trajectories = multiplot.GetPlot(4);
        for (int k = 0; k < points; k++)
        {
            var line = trajectories.Add.ScatterLine(times, paths[k].ToArray());
            line.LineWidth = 1.5f;
        }

        trajectories.Title("PF-ODE trajectories x(t), data ±1");
        trajectories.XLabel("t");
        Plot scaled = multiplot.GetPlot(5);
        for (int k = 0; k < points; k++)
        {
            double[] y = paths[k].Select((v, i) => v / schedule.Scale(times[i])).ToArray();
            var line = scaled.Add.ScatterLine(times.Select(ti => Math.Log10(schedule.Sigma(ti))).ToArray(), y.Select((v, i) => v / Math.Sqrt(1 + Sq(schedule.Sigma(times[i])))).ToArray());
            line.LineWidth = 1.5f;
        }

        scaled.Title("same, as x/(s sqrt(1+sigma²)) against sigma");
        LogAxis.Label(scaled.Axes.Bottom);
        scaled.XLabel("sigma");
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

    private static void Curve(Plot plot, double[] x, double[] y, string title, bool logY)
    {
        var line = plot.Add.ScatterLine(x, y);
        line.LineWidth = 2;
        plot.Title(title);
        plot.XLabel("t");
        if (logY)
        {
            LogAxis.Label(plot.Axes.Left);
        }
    }
}
