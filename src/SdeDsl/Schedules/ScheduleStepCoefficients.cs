namespace SdeDsl.Schedules;

/// <summary>
/// The seam through which the steps that depend on the schedule's f and g (the PF-ODE's Euler step and Heun
/// correction, Euler-Maruyama on the reverse SDE, the Langevin family and the Langevin corrector) get their per-step
/// coefficients: the schedule's own closed forms when it has them (every generated schedule,
/// <see cref="INoiseSchedule.HasStepCoefficients"/>), else the generic path (<see cref="GenericStepCoefficients"/>).
/// </summary>
/// <remarks>
/// <c>TSchedule.HasStepCoefficients</c> is a static member of a struct type argument, so the JIT folds the choice to
/// one direct call per schedule: no interface dispatch and no boxing (a hand-written schedule's default interface
/// members are never called from here). Steps that live in sigma or log-sigma space (DDIM, DPM-Solver++, ancestral)
/// compute their coefficients beside their algorithm instead (docs/math.md §17).
/// </remarks>
internal static class ScheduleStepCoefficients
{
    /// <summary>Euler on the PF-ODE (docs/math.md §7.1): x_next = (1 + h a(t)) x - h b(t) D, h = t_next - t.</summary>
    public static StepCoefficients EulerOde<TSchedule>(in TSchedule schedule, double t, double tNext)
        where TSchedule : struct, INoiseSchedule
        => TSchedule.HasStepCoefficients ? schedule.EulerStepCoefficients(t, tNext) : GenericStepCoefficients.EulerOde(schedule, t, tNext);

    /// <summary>Heun's trapezoidal correction (docs/math.md §7.2): x_next = x + h/2 [(a x - b D)(t) + (a x' - b D')(t_next)].</summary>
    public static HeunStepCoefficients HeunCorrection<TSchedule>(in TSchedule schedule, double t, double tNext)
        where TSchedule : struct, INoiseSchedule
        => TSchedule.HasStepCoefficients ? schedule.HeunCorrectionCoefficients(t, tNext) : GenericStepCoefficients.HeunCorrection(schedule, t, tNext);

    /// <summary>Euler-Maruyama on the reverse SDE (docs/math.md §7.4): x_next = x + h [f x - g^2 grad] + g sqrt(-h) z.</summary>
    public static StepCoefficients ReverseSde<TSchedule>(in TSchedule schedule, double t, double tNext)
        where TSchedule : struct, INoiseSchedule
        => TSchedule.HasStepCoefficients ? schedule.ReverseSdeStepCoefficients(t, tNext) : GenericStepCoefficients.ReverseSde(schedule, t, tNext);

    /// <summary>The Langevin family (docs/math.md §7.5): x_next = (1 + h (a + beta)) x - h (b + beta s) D + s sigma sqrt(2 beta |h|) z.</summary>
    public static StepCoefficients Langevin<TSchedule>(in TSchedule schedule, double t, double tNext, double beta)
        where TSchedule : struct, INoiseSchedule
        => TSchedule.HasStepCoefficients ? schedule.LangevinStepCoefficients(t, tNext, beta) : GenericStepCoefficients.Langevin(schedule, t, tNext, beta);

    /// <summary>The Langevin corrector (docs/math.md §7.9): x_next = x + eps grad + sqrt(2 eps) z, grad = (D - x/s)/(s sigma^2).</summary>
    public static StepCoefficients LangevinCorrector<TSchedule>(in TSchedule schedule, double t, double stepSize)
        where TSchedule : struct, INoiseSchedule
        => TSchedule.HasStepCoefficients ? schedule.LangevinCorrectorCoefficients(t, stepSize) : GenericStepCoefficients.LangevinCorrector(schedule, t, stepSize);
}
