using System;

namespace SdeDsl.Generators.Tests.Differential;

/// <summary>
/// Numerical derivatives independent of the generator: Ridders' method (Numerical Recipes, dfridr),
/// a Richardson extrapolation of central differences over a shrinking step, which cancels the
/// truncation error term by term (h^2, h^4, ...) and stops when round-off starts to dominate. It returns
/// its own error estimate, the largest disagreement between neighbouring extrapolants at the chosen entry.
/// </summary>
public static class NumericalReference
{
    private const double Shrink = 1.4, Shrink2 = Shrink * Shrink, Safe = 2;
    private const int Table = 14;

    /// <summary>
    /// f'(x) and an error estimate (f must be smooth on [x - h, x + h]). Ridders' method can stop early when
    /// its first step is too large for the curvature of f, so it runs from h, h/4 and h/16 and keeps the
    /// result with the smallest error estimate.
    /// </summary>
    public static (double Value, double Error) Derivative(Func<double, double> f, double x, double h)
    {
        (double Value, double Error) best = Ridders(f, x, h);
        for (int k = 1; k <= 2; k++)
        {
            (double Value, double Error) next = Ridders(f, x, h / Math.Pow(4, k));
            if (next.Error < best.Error)
            {
                best = next;
            }
        }

        return best;
    }

    private static (double Value, double Error) Ridders(Func<double, double> f, double x, double h)
    {
        var a = new double[Table, Table];
        double step = h;
        a[0, 0] = Central(f, x, step);
        double error = double.MaxValue, answer = a[0, 0];
        for (int i = 1; i < Table; i++)
        {
            step /= Shrink;
            a[0, i] = Central(f, x, step);
            double factor = Shrink2;
            for (int j = 1; j <= i; j++)
            {
                // Extrapolate the h^(2j) term away.
                a[j, i] = ((a[j - 1, i] * factor) - a[j - 1, i - 1]) / (factor - 1);
                factor *= Shrink2;
                double estimate = Math.Max(Math.Abs(a[j, i] - a[j - 1, i]), Math.Abs(a[j, i] - a[j - 1, i - 1]));
                if (estimate <= error)
                {
                    error = estimate;
                    answer = a[j, i];
                }
            }

            // Higher order got worse by a significant factor: round-off has taken over, stop.
            if (Math.Abs(a[i, i] - a[i - 1, i - 1]) >= Safe * error)
            {
                break;
            }
        }

        return (answer, error);
    }

    /// <summary>The central difference with the step actually represented in floating point.</summary>
    private static double Central(Func<double, double> f, double x, double h)
    {
        double right = x + h, left = x - h;
        return (f(right) - f(left)) / (right - left);
    }
}
