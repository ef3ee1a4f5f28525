using System.Collections.Generic;
using System.Linq;
using System;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// Sample times over [TMin, TMax] for build-time evaluation: uniform, plus geometric when the range is
/// positive, so both a small TMin and the far end are resolved. Sorted, without duplicates. The sign oracle
/// (<see cref="Facts.Sign"/>) samples on it, and so do the derivation's checks.
/// </summary>
internal static class TimeGrid
{
    public static double[] Points(double tMin, double tMax, int count)
    {
        var points = new SortedSet<double>();
        for (int k = 0; k < count; k++)
        {
            points.Add(tMin + (tMax - tMin) * k / (count - 1));
        }

        if (tMin > 0)
        {
            for (int k = 1; k < count - 1; k++)
            {
                points.Add(tMin * Math.Pow(tMax / tMin, (double)k / (count - 1)));
            }
        }

        return points.Where(t => t >= tMin && t <= tMax).ToArray();
    }
}
