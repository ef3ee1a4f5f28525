using System;

namespace SdeDsl.Discretisation;

/// <summary>
/// The beta distribution's quantile, for the "beta" grid (docs/math.md §15.6): the regularised incomplete beta
/// I_x(a, b) by its continued fraction (modified Lentz), inverted by bisection to the last bit.
/// </summary>
internal static class BetaDistribution
{
    /// <summary>x with I_x(a, b) = p, for p in [0, 1].</summary>
    public static double Quantile(double p, double a, double b)
    {
        if (p <= 0) return 0;
        if (p >= 1) return 1;
        double lo = 0, hi = 1;
        for (int i = 0; i < 200 && hi - lo > 0; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) break;
            if (RegularisedIncompleteBeta(mid, a, b) < p) lo = mid; else hi = mid;
        }

        return 0.5 * (lo + hi);
    }

    /// <summary>I_x(a, b) = x^a (1-x)^b / (a B(a, b)) cf(x), using the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where it converges faster.</summary>
    public static double RegularisedIncompleteBeta(double x, double a, double b)
    {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        return x < (a + 1) / (a + b + 2)
            ? front * ContinuedFraction(x, a, b) / a
            : 1 - front * ContinuedFraction(1 - x, b, a) / b;
    }

    private static double ContinuedFraction(double x, double a, double b)
    {
        const double tiny = 1e-300;
        double c = 1, d = 1 - (a + b) * x / (a + 1);
        d = Math.Abs(d) < tiny ? tiny : d;
        d = 1 / d;
        double f = d;
        for (int m = 1; m <= 1000; m++)
        {
            double m2 = 2 * m;
            double num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + num * d; d = Math.Abs(d) < tiny ? tiny : d; d = 1 / d;
            c = 1 + num / c; c = Math.Abs(c) < tiny ? tiny : c;
            f *= d * c;
            num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + num * d; d = Math.Abs(d) < tiny ? tiny : d; d = 1 / d;
            c = 1 + num / c; c = Math.Abs(c) < tiny ? tiny : c;
            double delta = d * c;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }

        return f;
    }

    /// <summary>ln Gamma(z), z &gt; 0: Lanczos (g = 7, 9 terms; relative error about 1e-15).</summary>
    private static double LogGamma(double z)
    {
        ReadOnlySpan<double> coefficients =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (z < 0.5)
        {
            return Math.Log(Math.PI / Math.Sin(Math.PI * z)) - LogGamma(1 - z);
        }

        z -= 1;
        double sum = coefficients[0];
        for (int i = 1; i < 9; i++)
        {
            sum += coefficients[i] / (z + i);
        }

        double t = z + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (z + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
