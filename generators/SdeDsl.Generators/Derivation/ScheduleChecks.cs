using System.Collections.Generic;
using System.Linq;
using System;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Derivation;

/// <summary>What a compile-time schedule check found.</summary>
internal enum ScheduleProblem
{
    SigmaNotIncreasing,
    ScaleNotPositive,
    NegativeDiffusionSquared,
    NotFinite,
    SigmaStartsFarFromZero,
    NotDifferentiable,

    /// <summary>The build-time quadrature budget ran out: no check ran (SDE208, info).</summary>
    ChecksSkipped,
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
                    // A static readonly constant (its value is only known at run time: nothing to say), or the
                    // quadrature budget ran out: then the expression without its integrals does evaluate.
                    Expr withoutIntegrals = Rewriter.BottomUp(stable, node => node is Integral ? Expr.Zero : node);
                    if (ScheduleDeriver.NeedsQuadrature(stable) && Evaluator.Evaluate(withoutIntegrals, Var.T, grid[k]) is not null)
                    {
                        findings.Add(new ScheduleFinding(ScheduleProblem.ChecksSkipped, name, grid[k], name));
                    }

                    return findings;
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

        findings.AddRange(SwitchPointFindings(d, grid));
        return findings;
    }

    /// <summary>Relative jump in sigma' (or s') across a switch point above which it is a kink (docs/math.md §18).</summary>
    public const double KinkTolerance = 1e-6;

    /// <summary>Relative jump in sigma (or s) across a switch point above which it is a discontinuity.</summary>
    public const double JumpTolerance = 1e-9;

    /// <summary>
    /// Where a condition of a piecewise sigma(t) or s(t) (or of their derivatives) switches inside the range, the
    /// function must be differentiable there: the switch point is bracketed to adjacent doubles by bisection on the
    /// condition, and the function and its derivative evaluated on both sides. A jump of either is a finding at that t
    /// (one per function): a kink costs samplers of order 2 and above their order (docs/math.md §18).
    /// </summary>
    private static IEnumerable<ScheduleFinding> SwitchPointFindings(DerivedSchedule d, double[] grid)
    {
        var functions = new List<(string Name, Expr F, Expr FPrime)> { ("sigma", d.Sigma, d.SigmaDerivative) };
        if (!d.IsScaleIdentity)
        {
            functions.Add(("s", d.Scale, d.ScaleDerivative));
        }

        foreach ((string name, Expr f, Expr fPrime) in functions)
        {
            Expr stableF = Stabilizer.Stabilize(f), stableFPrime = Stabilizer.Stabilize(fPrime);
            var conditions = new List<Piecewise>();
            CollectConditions(stableF, conditions);
            CollectConditions(stableFPrime, conditions);
            ScheduleFinding? finding = null;
            foreach (Piecewise condition in conditions.Distinct())
            {
                finding = FirstKink(name, condition, stableF, stableFPrime, grid);
                if (finding is not null)
                {
                    break;
                }
            }

            if (finding is not null)
            {
                yield return finding;
            }
        }
    }

    /// <summary>The piecewise nodes whose condition varies with t, outside integrands (an integral is smooth in t).</summary>
    private static void CollectConditions(Expr e, List<Piecewise> conditions)
    {
        if (e is Integral)
        {
            return;
        }

        if (e is Piecewise w && (Differentiator.DependsOn(w.Left, Var.T) || Differentiator.DependsOn(w.Right, Var.T)))
        {
            conditions.Add(w);
        }

        foreach (Expr child in e.Children)
        {
            CollectConditions(child, conditions);
        }
    }

    private static ScheduleFinding? FirstKink(string name, Piecewise condition, Expr f, Expr fPrime, double[] grid)
    {
        bool? previous = null;
        for (int k = 0; k < grid.Length; k++)
        {
            bool? holds = Holds(condition, grid[k]);
            if (holds is null)
            {
                return null;
            }

            if (previous is bool before && before != holds.Value)
            {
                double lo = grid[k - 1], hi = grid[k];
                for (int i = 0; i < 200; i++)
                {
                    double mid = lo + (0.5 * (hi - lo));
                    if (mid <= lo || mid >= hi)
                    {
                        break; // adjacent doubles
                    }

                    if (Holds(condition, mid) == before)
                    {
                        lo = mid;
                    }
                    else
                    {
                        hi = mid;
                    }
                }

                double? fLo = Evaluator.Evaluate(f, Var.T, lo), fHi = Evaluator.Evaluate(f, Var.T, hi);
                double? dLo = Evaluator.Evaluate(fPrime, Var.T, lo), dHi = Evaluator.Evaluate(fPrime, Var.T, hi);
                if (fLo is double a && fHi is double b && Math.Abs(b - a) > JumpTolerance * Math.Max(Math.Max(Math.Abs(a), Math.Abs(b)), double.Epsilon))
                {
                    return new ScheduleFinding(ScheduleProblem.NotDifferentiable, name, hi, $"{name} jumps from {Format(a)} to {Format(b)}");
                }

                if (dLo is double p && dHi is double q && Math.Abs(q - p) > KinkTolerance * Math.Max(Math.Max(Math.Abs(p), Math.Abs(q)), double.Epsilon))
                {
                    return new ScheduleFinding(ScheduleProblem.NotDifferentiable, name, hi, $"{name}' jumps from {Format(p)} to {Format(q)}");
                }
            }

            previous = holds;
        }

        return null;
    }

    private static bool? Holds(Piecewise condition, double t)
    {
        double? left = Evaluator.Evaluate(condition.Left, Var.T, t), right = Evaluator.Evaluate(condition.Right, Var.T, t);
        return left is double l && right is double r ? Piecewise.Holds(condition.Comparison, l, r) : null;
    }

    private static string Format(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
