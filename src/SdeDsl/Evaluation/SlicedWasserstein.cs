using System;
using System.Numerics;
using SdeDsl.Noise;

namespace SdeDsl.Evaluation;

/// <summary>
/// The sliced Wasserstein distance between two point sets in R^d: the p-Wasserstein distance of their 1-D
/// projections, averaged over random directions, SW_p = (mean_theta W_p(theta.A, theta.B)^p)^(1/p).
/// </summary>
/// <remarks>
/// Directions are deterministic: direction k is the normalised vector of the counter-based normals of stream k
/// for the given seed, so the same inputs and seed always give the same value. Each 1-D distance is exact for
/// empirical measures (the quantile functions are integrated piece by piece), so the sets may differ in size.
/// </remarks>
public static class SlicedWasserstein
{
    /// <summary>SW_p between the point sets <paramref name="a"/> and <paramref name="b"/> (points stored row after row).</summary>
    /// <param name="a">The first set, <paramref name="dimension"/> values per point.</param>
    /// <param name="b">The second set.</param>
    /// <param name="dimension">d &gt;= 1.</param>
    /// <param name="projections">The number of random directions (&gt;= 1).</param>
    /// <param name="seed">The seed of the directions.</param>
    /// <param name="p">The order p &gt;= 1 (2 by default).</param>
    /// <exception cref="ArgumentException">A set is empty or not a whole number of points, or a parameter is out of range.</exception>
    public static double Distance<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, int dimension, int projections = 256, ulong seed = 0, double p = 2)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(projections);
        if (!(p >= 1) || double.IsInfinity(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must be finite and at least 1.");
        }

        RequirePoints(a.Length, dimension, nameof(a));
        RequirePoints(b.Length, dimension, nameof(b));

        int n = a.Length / dimension, m = b.Length / dimension;
        var direction = new double[dimension];
        var projectedA = new double[n];
        var projectedB = new double[m];
        var noise = new GaussianNoise(seed);
        double total = 0;
        for (int k = 0; k < projections; k++)
        {
            double norm2 = 0;
            for (int j = 0; j < dimension; j++)
            {
                direction[j] = noise.Sample((ulong)k, j);
                norm2 += direction[j] * direction[j];
            }

            double inverse = 1 / Math.Sqrt(norm2);
            for (int j = 0; j < dimension; j++)
            {
                direction[j] *= inverse;
            }

            Project(a, direction, projectedA);
            Project(b, direction, projectedB);
            Array.Sort(projectedA);
            Array.Sort(projectedB);
            total += WassersteinPowerOneDimensional(projectedA, projectedB, p);
        }

        return Math.Pow(total / projections, 1 / p);
    }

    /// <summary>W_p^p between two sorted 1-D empirical measures: the integral over u of |F^-1(u) - G^-1(u)|^p.</summary>
    internal static double WassersteinPowerOneDimensional(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB, double p)
    {
        int n = sortedA.Length, m = sortedB.Length;
        int i = 0, j = 0;
        double u = 0, sum = 0;
        while (i < n && j < m)
        {
            // The next quantile breakpoint of either measure: (i + 1)/n or (j + 1)/m (compared exactly as integers).
            long left = (long)(i + 1) * m, right = (long)(j + 1) * n;
            double next = left <= right ? (double)(i + 1) / n : (double)(j + 1) / m;
            sum += (next - u) * Math.Pow(Math.Abs(sortedA[i] - sortedB[j]), p);
            u = next;
            if (left <= right) i++;
            if (right <= left) j++;
        }

        return sum;
    }

    private static void Project<T>(ReadOnlySpan<T> points, double[] direction, double[] projected)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int d = direction.Length;
        for (int i = 0; i < projected.Length; i++)
        {
            double dot = 0;
            for (int j = 0; j < d; j++)
            {
                dot += double.CreateTruncating(points[i * d + j]) * direction[j];
            }

            projected[i] = dot;
        }
    }

    private static void RequirePoints(int length, int dimension, string name)
    {
        if (length == 0 || length % dimension != 0)
        {
            throw new ArgumentException($"{length} values are not a positive whole number of {dimension}-dimensional points.", name);
        }
    }
}
