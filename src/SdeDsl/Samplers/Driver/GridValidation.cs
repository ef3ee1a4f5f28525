using System;

namespace SdeDsl.Samplers.Driver;

/// <summary>The checks every sampler's grid passes before a run starts.</summary>
internal static class GridValidation
{
    /// <summary>
    /// The grid must be non-empty, finite, strictly decreasing and inside [TMin, TMax], with sigma finite and
    /// positive at every time but the last, where sigma = 0 is allowed (the run then ends with the final step).
    /// </summary>
    /// <returns>Whether the grid's last time has sigma = 0.</returns>
    public static bool Validate<TSchedule>(in TSchedule schedule, ReadOnlySpan<double> times, bool denoiseToZero)
        where TSchedule : struct, INoiseSchedule
    {
        if (times.IsEmpty)
        {
            throw new ArgumentException("The time grid is empty; it needs at least one time.", nameof(times));
        }

        double tMin = schedule.TMin, tMax = schedule.TMax;
        for (int i = 0; i < times.Length; i++)
        {
            double t = times[i];
            if (!(t >= tMin && t <= tMax))
            {
                string sigmaText = double.IsFinite(t) ? $", sigma = {schedule.Sigma(t):R}" : string.Empty;
                throw new ArgumentOutOfRangeException(
                    nameof(times), t,
                    $"times[{i}] = {t:R}{sigmaText} lies outside the schedule's range t in [{tMin:R}, {tMax:R}] " +
                    $"(sigma in [{schedule.Sigma(tMin):R}, {schedule.Sigma(tMax):R}]).");
            }

            if (i > 0 && !(t < times[i - 1]))
            {
                throw new ArgumentException(
                    $"The time grid must be strictly decreasing (sampling runs from noise to data): times[{i - 1}] = {times[i - 1]:R}, times[{i}] = {t:R}.",
                    nameof(times));
            }

            double sigma = schedule.Sigma(t);
            bool last = i == times.Length - 1;
            if (!(sigma > 0 && double.IsFinite(sigma)) && !(last && sigma == 0))
            {
                throw new ArgumentException(
                    $"sigma(times[{i}] = {t:R}) = {sigma:R}: every grid time but the last needs a finite sigma > 0 " +
                    "(only the last may have sigma = 0).",
                    nameof(times));
            }
        }

        bool endsAtZero = schedule.Sigma(times[^1]) == 0;
        if (endsAtZero && times.Length < 2)
        {
            throw new ArgumentException(
                $"The grid's only time {times[0]:R} has sigma = 0: there is nothing to sample from.", nameof(times));
        }

        if (times.Length < 2 && !denoiseToZero)
        {
            throw new ArgumentException("With DenoiseToZero off the grid needs at least two times.", nameof(times));
        }

        return endsAtZero;
    }
}
