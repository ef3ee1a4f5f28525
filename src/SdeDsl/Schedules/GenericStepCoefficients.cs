using System;

namespace SdeDsl.Schedules;

/// <summary>
/// The generic path of the step coefficients (docs/math.md §17.1): each computed from the schedule's scalar functions
/// a(t), b(t), f, g^2, s and sigma (never finite differences), the same for every schedule. Schedules built at run
/// time (discrete tables, flow matching, hand-written ones) step with these; generated schedules emit their own
/// simplified closed forms of the same quantities (<see cref="INoiseSchedule.HasStepCoefficients"/>).
/// </summary>
/// <remarks>
/// Generic over <c>TSchedule : INoiseSchedule</c> without the struct constraint so the interface's default members
/// can call them too; the samplers call them with the struct type, which the JIT specialises.
/// </remarks>
internal static class GenericStepCoefficients
{
    /// <summary>Euler on the PF-ODE (docs/math.md §7.1): x_next = (1 + h a(t)) x - h b(t) D, h = t_next - t.</summary>
    public static StepCoefficients EulerOde<TSchedule>(in TSchedule schedule, double t, double tNext)
        where TSchedule : INoiseSchedule
    {
        double h = tNext - t;
        return new(1 + h * schedule.OdeStateCoefficient(t), -h * schedule.OdeDenoiserCoefficient(t), 0);
    }

    /// <summary>
    /// Heun's trapezoidal correction (docs/math.md §7.2, EDM Algorithm 1 line 8): with the Euler prediction x' and
    /// D' = D(x'/s; sigma(t_next)), x_next = x + h/2 [(a x - b D)(t) + (a x' - b D')(t_next)].
    /// </summary>
    public static HeunStepCoefficients HeunCorrection<TSchedule>(in TSchedule schedule, double t, double tNext)
        where TSchedule : INoiseSchedule
    {
        double half = 0.5 * (tNext - t);
        return new(
            1 + half * schedule.OdeStateCoefficient(t),
            -half * schedule.OdeDenoiserCoefficient(t),
            half * schedule.OdeStateCoefficient(tNext),
            -half * schedule.OdeDenoiserCoefficient(tNext));
    }

    /// <summary>
    /// Euler-Maruyama on the reverse SDE (docs/math.md §7.4): x_next = x + h [f x - g^2 grad] + g sqrt(-h) z with
    /// grad = (D - x/s) / (s sigma^2), so X = 1 + h (f + g^2/(s^2 sigma^2)), D = -h g^2/(s sigma^2), Z = sqrt(|h| g^2).
    /// </summary>
    public static StepCoefficients ReverseSde<TSchedule>(in TSchedule schedule, double t, double tNext)
        where TSchedule : INoiseSchedule
    {
        double h = tNext - t;
        double s = schedule.Scale(t), sigma = schedule.Sigma(t), g2 = schedule.DiffusionSquared(t);
        double scoreScale = g2 / (s * sigma * sigma); // g^2 grad = scoreScale (D - x/s)
        return new(1 + h * (schedule.Drift(t) + scoreScale / s), -h * scoreScale, Math.Sqrt(Math.Abs(h) * g2));
    }

    /// <summary>
    /// One Euler-Maruyama step of the Langevin family (docs/math.md §7.5):
    /// x_next = (1 + h (a + beta)) x - h (b + beta s) D + s sigma sqrt(2 beta |h|) z.
    /// </summary>
    public static StepCoefficients Langevin<TSchedule>(in TSchedule schedule, double t, double tNext, double beta)
        where TSchedule : INoiseSchedule
    {
        double h = tNext - t;
        double s = schedule.Scale(t), sigma = schedule.Sigma(t);
        return new(
            1 + h * (schedule.OdeStateCoefficient(t) + beta),
            -h * (schedule.OdeDenoiserCoefficient(t) + beta * s),
            s * sigma * Math.Sqrt(2 * beta * Math.Abs(h)));
    }

    /// <summary>
    /// One Langevin corrector step of step size eps at time t (docs/math.md §7.9, SGM Algorithm 4):
    /// x_next = x + eps grad + sqrt(2 eps) z, grad = (D - x/s)/(s sigma^2), so X = 1 - eps/(s sigma)^2, D = eps/(s sigma^2).
    /// </summary>
    public static StepCoefficients LangevinCorrector<TSchedule>(in TSchedule schedule, double t, double stepSize)
        where TSchedule : INoiseSchedule
    {
        double s = schedule.Scale(t), sigma = schedule.Sigma(t);
        double gradScale = stepSize / (s * sigma * sigma);
        return new(1 - gradScale / s, gradScale, Math.Sqrt(2 * stepSize));
    }
}
