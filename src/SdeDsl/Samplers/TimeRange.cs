using System;

namespace SdeDsl.Samplers;

/// <summary>The check a single time passes before the prior or the forward process evaluates the schedule there.</summary>
internal static class TimeRange
{
    /// <summary>t must lie in [TMin, TMax].</summary>
    public static void Require<TSchedule>(in TSchedule schedule, double t, string paramName)
        where TSchedule : struct, INoiseSchedule
    {
        if (!(t >= schedule.TMin && t <= schedule.TMax))
        {
            throw new ArgumentOutOfRangeException(paramName, t, $"t must lie in [{schedule.TMin:R}, {schedule.TMax:R}].");
        }
    }
}
