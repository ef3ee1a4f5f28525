using System;

namespace SdeDsl.Schedules;

/// <summary>
/// The per-step coefficients of the steps that depend on the schedule's f and g (the PF-ODE's Euler step and Heun
/// correction, Euler-Maruyama on the reverse SDE, the Langevin family and the Langevin corrector), each a linear
/// combination <c>x_next = cx x + cd D (+ cz z)</c> in the schedule's scaled space.
/// </summary>
/// <remarks>
/// This is the one seam through which those steps reach the schedule: today every coefficient is computed here from
/// the schedule's generated scalar functions (a(t), b(t), f, g^2, s, sigma; never finite differences), which is
/// also the generic path for schedules built at run time. When the generator emits a schedule's own simplified
/// closed forms in (t, t_next), these methods are where the samplers pick them up. Steps that live in sigma or
/// log-sigma space (DDIM, DPM-Solver++, ancestral) compute their coefficients beside their algorithm instead.
/// </remarks>
internal static class ScheduleStepCoefficients
{
    /// <summary>Euler on the PF-ODE (docs/math.md §7.1): x_next = (1 + h a(t)) x - h b(t) D, h = t_next - t.</summary>
    public static (double X, double D) EulerOde<TSchedule>(in TSchedule schedule, double t, double tNext)
        where TSchedule : struct, INoiseSchedule
    {
        double h = tNext - t;
        return (1 + h * schedule.OdeStateCoefficient(t), -h * schedule.OdeDenoiserCoefficient(t));
    }

    /// <summary>
    /// Heun's trapezoidal correction (docs/math.md §7.2, EDM Algorithm 1 line 8): with the Euler prediction x' and
    /// D' = D(x'/s; sigma(t_next)), x_next = x + h/2 [(a x - b D)(t) + (a x' - b D')(t_next)].
    /// </summary>
    public static (double X, double D, double XPredicted, double DPredicted) HeunCorrection<TSchedule>(
        in TSchedule schedule, double t, double tNext)
        where TSchedule : struct, INoiseSchedule
    {
        double half = 0.5 * (tNext - t);
        return (
            1 + half * schedule.OdeStateCoefficient(t),
            -half * schedule.OdeDenoiserCoefficient(t),
            half * schedule.OdeStateCoefficient(tNext),
            -half * schedule.OdeDenoiserCoefficient(tNext));
    }

    /// <summary>
    /// Euler-Maruyama on the reverse SDE (docs/math.md §7.4): x_next = x + h [f x - g^2 grad] + g sqrt(-h) z with
    /// grad = (D - x/s) / (s sigma^2), so cx = 1 + h (f + g^2/(s^2 sigma^2)), cd = -h g^2/(s sigma^2), cz = sqrt(|h| g^2).
    /// </summary>
    public static (double X, double D, double Z) ReverseSde<TSchedule>(in TSchedule schedule, double t, double tNext)
        where TSchedule : struct, INoiseSchedule
    {
        double h = tNext - t;
        double s = schedule.Scale(t), sigma = schedule.Sigma(t), g2 = schedule.DiffusionSquared(t);
        double scoreScale = g2 / (s * sigma * sigma); // g^2 grad = scoreScale (D - x/s)
        return (1 + h * (schedule.Drift(t) + scoreScale / s), -h * scoreScale, Math.Sqrt(Math.Abs(h) * g2));
    }

    /// <summary>
    /// One Euler-Maruyama step of the Langevin family (docs/math.md §7.5):
    /// x_next = (1 + h (a + beta)) x - h (b + beta s) D + s sigma sqrt(2 beta |h|) z.
    /// </summary>
    public static (double X, double D, double Z) Langevin<TSchedule>(in TSchedule schedule, double t, double tNext, double beta)
        where TSchedule : struct, INoiseSchedule
    {
        double h = tNext - t;
        double s = schedule.Scale(t), sigma = schedule.Sigma(t);
        return (
            1 + h * (schedule.OdeStateCoefficient(t) + beta),
            -h * (schedule.OdeDenoiserCoefficient(t) + beta * s),
            s * sigma * Math.Sqrt(2 * beta * Math.Abs(h)));
    }

    /// <summary>
    /// One Langevin corrector step of step size eps at time t (docs/math.md §7.9, SGM Algorithm 4):
    /// x_next = x + eps grad + sqrt(2 eps) z, grad = (D - x/s)/(s sigma^2), so cx = 1 - eps/(s sigma)^2, cd = eps/(s sigma^2).
    /// </summary>
    public static (double X, double D, double Z) LangevinCorrector<TSchedule>(in TSchedule schedule, double t, double stepSize)
        where TSchedule : struct, INoiseSchedule
    {
        double s = schedule.Scale(t), sigma = schedule.Sigma(t);
        double gradScale = stepSize / (s * sigma * sigma);
        return (1 - gradScale / s, gradScale, Math.Sqrt(2 * stepSize));
    }
}
