using System.Collections.Generic;
using System.Linq;
using SdeDsl.Generators.Collections;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Derivation;

/// <summary>
/// Breakpoints of quadrature integrals with piecewise integrands (docs/math.md §18.4): every point of (0, TMax] where a
/// condition of the integrand (outside nested integrals, which are continuous) changes truth value, found on a fine
/// grid and bisected to adjacent doubles.
/// </summary>
internal static class Integrals
{
    /// <summary>Grid points over [0, TMax] on which conditions are sampled (a switch and back between two points is missed).</summary>
    public const int GridPoints = 4097;

    /// <summary>
    /// The integral with its breakpoints; <paramref name="located"/> becomes false when a condition cannot be evaluated
    /// at build time (it reads a hyper-parameter, whose value is the instance's, or a static readonly member).
    /// </summary>
    public static Integral Split(Integral integral, double tMax, ref bool located)
    {
        var conditions = new List<Piecewise>();
        Collect(integral.Integrand, conditions);
        if (conditions.Count == 0 || !(tMax > 0))
        {
            return integral;
        }

        var points = new SortedSet<double>();
        foreach (Piecewise condition in conditions.Distinct())
        {
            if (ReadsRunTimeValue(condition.Left) || ReadsRunTimeValue(condition.Right))
            {
                located = false;
                return integral;
            }

            bool? previous = null;
            double previousT = 0;
            for (int k = 0; k < GridPoints; k++)
            {
                double t = tMax * k / (GridPoints - 1);
                bool? holds = Holds(condition, t);
                if (holds is bool now && previous is bool before && now != before)
                {
                    points.Add(Bisect(condition, previousT, t, before));
                }

                if (holds is not null)
                {
                    previous = holds;
                    previousT = t;
                }
            }
        }

        return integral with { Breakpoints = points.Where(p => p > 0 && p < tMax).ToEquatableArray() };
    }

    private static void Collect(Expr e, List<Piecewise> conditions)
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
            Collect(child, conditions);
        }
    }

    private static bool ReadsRunTimeValue(Expr e)
        => e is Named { IsHyperParameter: true } or Named { Value: null } || e.Children.Any(ReadsRunTimeValue);

    private static double Bisect(Piecewise condition, double lo, double hi, bool atLo)
    {
        for (int i = 0; i < 200; i++)
        {
            double mid = lo + (0.5 * (hi - lo));
            if (mid <= lo || mid >= hi)
            {
                break;
            }

            if (Holds(condition, mid) == atLo)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return hi;
    }

    private static bool? Holds(Piecewise condition, double t)
    {
        double? left = Evaluator.Evaluate(condition.Left, Var.T, t), right = Evaluator.Evaluate(condition.Right, Var.T, t);
        return left is double l && right is double r && !double.IsNaN(l) && !double.IsNaN(r) ? Piecewise.Holds(condition.Comparison, l, r) : null;
    }
}
