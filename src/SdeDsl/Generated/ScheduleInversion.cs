using System;
using System.ComponentModel;

namespace SdeDsl.Generated;

/// <summary>
/// <para>sigma^-1 for schedules whose sigma(t) the generator cannot invert in closed form: a safeguarded
/// Newton iteration on [TMin, TMax] that falls back to bisection whenever a Newton step leaves the
/// current bracket.</para>
/// <para><b>For generated code only; not a supported API.</b> This type exists so the code SdeDsl's source generator emits can call it
/// (as <c>global::SdeDsl.Generated.ScheduleInversion</c>); it is hidden from IntelliSense and may change or disappear in any release.</para>
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ScheduleInversion
{
    /// <summary>The iteration bound: bisection alone shrinks any double bracket to one ulp in far fewer.</summary>
    internal const int MaxIterations = 200;

    /// <summary>
    /// Solves sigma(t) = <paramref name="sigma"/> for t in [TMin, TMax] using the analytic sigma'(t).
    /// sigma must be monotone on the range.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sigma"/> is NaN or outside [sigma(TMin), sigma(TMax)].</exception>
    public static double SolveTime<TSchedule>(in TSchedule schedule, double sigma)
        where TSchedule : INoiseSchedule, allows ref struct
    {
        double lo = schedule.TMin, hi = schedule.TMax;
        double sigmaLo = schedule.Sigma(lo), sigmaHi = schedule.Sigma(hi);
        bool increasing = sigmaHi >= sigmaLo;
        double below = increasing ? sigmaLo : sigmaHi, above = increasing ? sigmaHi : sigmaLo;
        if (!(sigma >= below && sigma <= above))
        {
            throw new ArgumentOutOfRangeException(
                nameof(sigma),
                sigma,
                $"sigma must lie in [{below:R}, {above:R}], the values sigma(t) takes on [TMin, TMax] = [{lo:R}, {hi:R}].");
        }

        if (sigma == sigmaLo)
        {
            return lo;
        }

        if (sigma == sigmaHi)
        {
            return hi;
        }

        // Start from the linear interpolant of sigma between the ends of the range.
        double t = lo + (hi - lo) * ((sigma - sigmaLo) / (sigmaHi - sigmaLo));
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            double residual = schedule.Sigma(t) - sigma;
            if (residual == 0)
            {
                return t;
            }

            // Keep the root bracketed: [lo, hi] always has sigma(lo) - target and sigma(hi) - target of opposite sign.
            if ((residual > 0) == increasing)
            {
                hi = t;
            }
            else
            {
                lo = t;
            }

            double next = t - residual / schedule.SigmaDerivative(t);
            if (next > lo && next < hi)
            {
                // Newton converges quadratically: once its step is near round-off, the next error is far below it.
                if (Math.Abs(next - t) <= 1e-15 * Math.Abs(next) + double.Epsilon)
                {
                    return next;
                }
            }
            else
            {
                next = lo + 0.5 * (hi - lo);
                if (next <= lo || next >= hi)
                {
                    return next; // the bracket is down to adjacent doubles
                }
            }

            t = next;
        }

        return t;
    }
}
