using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ScottPlot;
using SdeDsl.Denoisers;
using SdeDsl.Examples;
using SdeDsl.Likelihood;
using SdeDsl.Noise;
using SdeDsl.Samplers.Adaptive;
using SdeDsl.Schedules;
using Spectre.Console;

namespace Likelihood;

/// <summary>The sizes of the likelihood example.</summary>
/// <param name="Points">Held-out points of the mixture, 2 coordinates each.</param>
/// <param name="Output">Where the PNG goes: a folder (likelihood.png in it) or a path ending in .png.</param>
/// <param name="Seed">Seed of the held-out points and of the Hutchinson probes.</param>
public sealed record LikelihoodExampleOptions(int Points = 200, string Output = "artifacts/likelihood", ulong Seed = 3);

/// <summary>One likelihood evaluation of all the held-out points.</summary>
/// <param name="Method">How the divergence and log p_T were obtained.</param>
/// <param name="Tolerance">rtol = atol of the solver.</param>
/// <param name="MeanLogLikelihood">The mean over the points of log p (nats).</param>
/// <param name="MeanExact">The mean of the exact log-densities.</param>
/// <param name="MaxError">The largest |log p - exact| over the points.</param>
/// <param name="Statistics">Calls and steps of the one solve over the batch.</param>
public sealed record LikelihoodRow(string Method, double Tolerance, double MeanLogLikelihood, double MeanExact, double MaxError, AdaptiveStatistics Statistics);

/// <summary>Everything the example measured and wrote.</summary>
public sealed record LikelihoodResult(IReadOnlyList<LikelihoodRow> Rows, string PngPath);

/// <summary>
/// Log-likelihoods of held-out points of a 2-D Gaussian mixture through the probability-flow ODE of VP (score_sde's
/// recipe: integrate from eps = TMin to T = 1 with an adaptive Dormand-Prince solver and the divergence alongside),
/// printed beside the exact mixture log-density at a few tolerances, with the denoiser calls each took.
/// </summary>
public static class LikelihoodApp
{
    public const int PngWidth = 900, PngHeight = 600;
    public const int Dimension = 2;
    public static readonly double[] Tolerances = { 1e-3, 1e-5, 1e-7, 1e-9 };

    /// <summary>The data: three anisotropic components.</summary>
    public static GaussianMixtureDenoiser Mixture() => new(
        [0.5, 0.3, 0.2],
        [[-1.0, 0.5], [1.2, -0.4], [0.2, 1.6]],
        [[0.09, 0.25], [0.16, 0.04], [0.36, 0.09]]);

    internal static readonly ExampleCommand<LikelihoodExampleOptions> Command = CreateCommand();

    /// <summary>Runs the example with command-line <paramref name="args"/>; returns the exit code (0, 1 or 2).</summary>
    public static int Run(string[] args, IAnsiConsole console, TextWriter error) => Command.Run(args, console, error);

    /// <summary>The PNG a run with <paramref name="options"/> writes.</summary>
    public static string PngPath(LikelihoodExampleOptions options) => OutputFile.Resolve(options.Output, "likelihood.png");

    private static ExampleCommand<LikelihoodExampleOptions> CreateCommand()
    {
        var d = new LikelihoodExampleOptions();
        return new ExampleCommand<LikelihoodExampleOptions>(
            "Likelihood",
            "Log-likelihoods and bits/dim of held-out mixture points through the probability-flow ODE, beside the exact values, at several tolerances.",
            new ExampleOption[]
            {
                new("points", "N", Invariant(d.Points), "held-out points, 2 coordinates each, 1 to 100000"),
                new("out", "PATH", d.Output, "folder for likelihood.png, or a path ending in .png"),
                new("seed", "N", Invariant(d.Seed), "seed of the held-out points and of the Hutchinson probes"),
            },
            a => new LikelihoodExampleOptions(a.Int("points", 1, 100_000), a.String("out"), a.ULong("seed")),
            PngPath,
            (options, console) => Execute(options, console));
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>Held-out points: point i from component i mod 3 (so the three are represented in their weights' order), normal within it.</summary>
    public static double[] HeldOut(GaussianMixtureDenoiser mixture, int count, ulong seed)
    {
        double[] z = new double[count * Dimension];
        new GaussianNoise(seed).Fill(0, 0, z);
        double[][] variances = [[0.09, 0.25], [0.16, 0.04], [0.36, 0.09]];
        var points = new double[z.Length];
        for (int i = 0; i < count; i++)
        {
            int k = i % mixture.ComponentCount;
            for (int j = 0; j < Dimension; j++)
            {
                points[i * Dimension + j] = mixture.MeanOf(k)[j] + Math.Sqrt(variances[k][j]) * z[i * Dimension + j];
            }
        }

        return points;
    }

    public static LikelihoodResult Execute(LikelihoodExampleOptions options, IAnsiConsole console)
    {
        GaussianMixtureDenoiser mixture = Mixture();
        Vp schedule = default;
        double[] points = HeldOut(mixture, options.Points, options.Seed);
        int count = options.Points;

        // The exact value: the data blurred to sigma(TMin) (docs/math.md (16.9)), log p(x/s; sigma) - d log s.
        double t0 = schedule.TMin, s0 = schedule.Scale(t0), sigma0 = schedule.Sigma(t0);
        double[] exact = Enumerable.Range(0, count)
            .Select(b => mixture.LogDensity(points.AsSpan(b * Dimension, Dimension).ToArray().Select(v => v / s0).ToArray(), sigma0) - Dimension * Math.Log(s0))
            .ToArray();
        console.WriteLine($"{count} held-out points of a 3-component 2-D Gaussian mixture; VP from t = {t0} (sigma = {sigma0:G3}) to t = 1 (sigma = {schedule.Sigma(1):G4}); Dormand-Prince 5(4) in log sigma.");

        var rows = new List<LikelihoodRow>();
        foreach (double tolerance in Tolerances)
        {
            rows.Add(Evaluate("exact divergence, exact p_T", tolerance, new LikelihoodOptions { Prior = mixture, Divergence = DivergenceMethod.Exact }));
        }

        rows.Add(Evaluate("Hutchinson (1 Rademacher probe), exact p_T", 1e-5,
            new LikelihoodOptions { Prior = mixture, Divergence = DivergenceMethod.Hutchinson, Seed = options.Seed }));
        rows.Add(Evaluate("exact divergence, Gaussian prior N(0, sigma_T^2 I)", 1e-5,
            new LikelihoodOptions { Divergence = DivergenceMethod.Exact }));

        LikelihoodRow Evaluate(string method, double tolerance, LikelihoodOptions likelihood)
        {
            double[] log = new double[count];
            likelihood = likelihood with { Adaptive = new AdaptiveOptions { RelativeTolerance = tolerance, AbsoluteTolerance = tolerance } };
            AdaptiveStatistics statistics = ProbabilityFlowLikelihood.LogLikelihood(schedule, mixture, points, Dimension, log, likelihood);
            double maxError = log.Zip(exact, (a, b) => Math.Abs(a - b)).Max();
            return new LikelihoodRow(method, tolerance, log.Average(), exact.Average(), maxError, statistics);
        }

        var table = new Table().Border(TableBorder.Rounded).Title("log-likelihood of the held-out points (mean over points)")
            .AddColumn("method").AddColumn(new TableColumn("rtol = atol").RightAligned())
            .AddColumn(new TableColumn("log p").RightAligned()).AddColumn(new TableColumn("exact").RightAligned())
            .AddColumn(new TableColumn("bits/dim").RightAligned()).AddColumn(new TableColumn("exact bits/dim").RightAligned())
            .AddColumn(new TableColumn("max |error|").RightAligned()).AddColumn(new TableColumn("denoiser calls").RightAligned())
            .AddColumn(new TableColumn("accepted / rejected").RightAligned());
        foreach (LikelihoodRow row in rows)
        {
            table.AddRow(
                new Text(row.Method), new Text(row.Tolerance.ToString("E0", CultureInfo.InvariantCulture)),
                new Text(row.MeanLogLikelihood.ToString("F6", CultureInfo.InvariantCulture)), new Text(row.MeanExact.ToString("F6", CultureInfo.InvariantCulture)),
                new Text(BitsPerDimension.OfDensity(row.MeanLogLikelihood, Dimension).ToString("F6", CultureInfo.InvariantCulture)),
                new Text(BitsPerDimension.OfDensity(row.MeanExact, Dimension).ToString("F6", CultureInfo.InvariantCulture)),
                new Text(row.MaxError.ToString("E1", CultureInfo.InvariantCulture)), new Text(row.Statistics.DenoiserCalls.ToString(CultureInfo.InvariantCulture)),
                new Text($"{row.Statistics.AcceptedSteps} / {row.Statistics.RejectedSteps}"));
        }

        console.Write(table);
        console.WriteLine("bits/dim = -log p / (d ln 2) of the continuous density (these data are not 8-bit, so no dequantisation offset). " +
            "Hutchinson: one probe per point, unbiased, so its mean is close but each point's value scatters. The Gaussian prior row shows the cost of approximating p_T.");

        string png = PngPath(options);
        OutputFile.CreateFolder(png);
        WritePlot(png, rows.Where(r => r.Method.StartsWith("exact divergence, exact", StringComparison.Ordinal)).ToList());
        console.WriteLine($"Error against denoiser calls, log-log: {png}");
        return new LikelihoodResult(rows, png);
    }

    private static void WritePlot(string path, List<LikelihoodRow> rows)
    {
        var plot = new Plot();
        double[] calls = rows.Select(r => Math.Log10(r.Statistics.DenoiserCalls)).ToArray();
        double[] errors = rows.Select(r => Math.Log10(Math.Max(r.MaxError, 1e-16))).ToArray();
        var line = plot.Add.Scatter(calls, errors);
        line.LineWidth = 2;
        line.MarkerSize = 7;
        line.LegendText = "max |log p - exact| (exact divergence, exact p_T)";
        for (int i = 0; i < rows.Count; i++)
        {
            var label = plot.Add.Text($"tol {rows[i].Tolerance:E0}", calls[i], errors[i]);
            label.LabelFontSize = 12;
        }

        plot.Title("Likelihood through the PF-ODE: error against denoiser calls");
        plot.XLabel("denoiser calls (log scale)");
        plot.YLabel("max |error| in nats (log scale)");
        LogAxis.Label(plot.Axes.Bottom);
        LogAxis.Label(plot.Axes.Left);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Margins(0.1, 0.1);
        plot.SavePng(path, PngWidth, PngHeight);
    }
}
