using System;
using System.Collections.Generic;
using System.Linq;

namespace SdeDsl.Generators.Symbolic;

/// <summary>What a compile-time schedule check found.</summary>
internal enum ScheduleProblem
{
    SigmaNotIncreasing,
    ScaleNotPositive,
    NegativeDiffusionSquared,
    NotFinite,
    SigmaStartsFarFromZero,
}

/// <summary>One finding: the problem, the function it concerns, the first t where it shows, and the values to quote.</summary>
internal sealed record ScheduleFinding(ScheduleProblem Problem, string Function, double T, string Detail);

/// <summary>
/// Evaluates the derived functions on a fine grid over [TMin, TMax] (uniform, plus geometric for
/// positive ranges, so both ends are resolved) the way the emitted code computes them, and reports the
/// first t at which the schedule stops being a valid diffusion schedule.
/// </summary>
internal static class ScheduleChecks
{
    /// <summary>sigma(TMin) / sigma(TMax) above this is reported: sampling would not start near the data.</summary>
    public const double StartRatioThreshold = 1e-2;

    public static IReadOnlyList<ScheduleFinding> Check(DerivedSchedule d, double tMin, double tMax)
    {
        var findings = new List<ScheduleFinding>();
        bool quadrature = ScheduleDeriver.NeedsQuadrature(d.Sigma) || ScheduleDeriver.NeedsQuadrature(d.Scale);
        double[] grid = TimeGrid.Points(tMin, tMax, quadrature ? 96 : 512);

        var functions = new (string Name, Expr Body)[]
        {
            ("sigma", d.Sigma), ("s", d.Scale), ("sigma'", d.SigmaDerivative), ("s'", d.ScaleDerivative),
            ("f", d.Drift), ("g^2", d.DiffusionSquared),
        };
        var values = new Dictionary<string, double[]>();
        foreach ((string name, Expr body) in functions)
        {
            Expr stable = Stabilizer.Stabilize(body);
            var column = new double[grid.Length];
            for (int k = 0; k < grid.Length; k++)
            {
                double? value = Evaluator.Evaluate(stable, Var.T, grid[k]);
                if (value is null)
                {
                    return findings; // a static readonly constant: its value is only known at run time
                }

                column[k] = value.Value;
            }

            values.Add(name, column);
        }

        foreach ((string name, _) in functions)
        {
            int bad = Array.FindIndex(values[name], v => double.IsNaN(v) || double.IsInfinity(v));
            if (bad >= 0)
            {
                findings.Add(new ScheduleFinding(ScheduleProblem.NotFinite, name, grid[bad], Format(values[name][bad])));
            }
        }

        double[] sigma = values["sigma"], s = values["s"], g2 = values["g^2"];
        for (int k = 1; k < grid.Length; k++)
        {
            if (sigma[k] <= sigma[k - 1])
            {
                findings.Add(new ScheduleFinding(ScheduleProblem.SigmaNotIncreasing, "sigma", grid[k], $"sigma({Format(grid[k - 1])}) = {Format(sigma[k - 1])} but sigma({Format(grid[k])}) = {Format(sigma[k])}"));
                break;
            }
        }

        int notPositive = Array.FindIndex(s, v => v <= 0);
        if (notPositive >= 0)
        {
            findings.Add(new ScheduleFinding(ScheduleProblem.ScaleNotPositive, "s", grid[notPositive], Format(s[notPositive])));
        }

        int negative = Array.FindIndex(g2, v => v < 0);
        if (negative >= 0)
        {
            findings.Add(new ScheduleFinding(ScheduleProblem.NegativeDiffusionSquared, "g^2", grid[negative], Format(g2[negative])));
        }

        double first = sigma[0], last = sigma[sigma.Length - 1];
        if (last > 0 && first / last > StartRatioThreshold && !double.IsInfinity(last))
        {
            findings.Add(new ScheduleFinding(ScheduleProblem.SigmaStartsFarFromZero, "sigma", tMin, $"sigma(TMin) = {Format(first)} is more than 1% of sigma(TMax) = {Format(last)}"));
        }

        return findings;
    }

    private static string Format(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
