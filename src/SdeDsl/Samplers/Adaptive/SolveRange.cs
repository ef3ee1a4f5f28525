using System;

namespace SdeDsl.Samplers.Adaptive;

/// <summary>The checks of an adaptive solve's two end times.</summary>
internal static class SolveRange
{
    /// <summary>
    /// Both times finite and inside [TMin, TMax] with finite sigma &gt; 0 at each; sampling (<paramref name="forward"/>
    /// false) runs from the larger to the smaller, a likelihood (true) from the smaller to the larger.
    /// </summary>
    public static void Validate<TSchedule>(in TSchedule schedule, double from, double to, string fromName, string toName, bool forward)
        where TSchedule : struct, INoiseSchedule
    {
        Check(schedule, from, fromName);
        Check(schedule, to, toName);
        if (forward ? !(from < to) : !(from > to))
        {
            throw new ArgumentException(
                $"{fromName} = {from:R} and {toName} = {to:R}: the solve runs from {(forward ? "data to noise" : "noise to data")}, " +
                $"so {fromName} must be {(forward ? "below" : "above")} {toName}.",
                fromName);
        }
    }

    private static void Check<TSchedule>(in TSchedule schedule, double t, string name)
        where TSchedule : struct, INoiseSchedule
    {
        double tMin = schedule.TMin, tMax = schedule.TMax;
        if (!(t >= tMin && t <= tMax))
        {
            throw new ArgumentOutOfRangeException(
                name, t, $"{name} = {t:R} lies outside the schedule's range t in [{tMin:R}, {tMax:R}] " +
                $"(sigma in [{schedule.Sigma(tMin):R}, {schedule.Sigma(tMax):R}]).");
        }

        double sigma = schedule.Sigma(t);
        if (!(sigma > 0 && double.IsFinite(sigma)))
        {
            throw new ArgumentOutOfRangeException(
                name, t, $"sigma({name} = {t:R}) = {sigma:R}: an adaptive solve needs a finite sigma > 0 at both ends " +
                "(sampling adds the final step into sigma = 0 itself).");
        }
    }
}
