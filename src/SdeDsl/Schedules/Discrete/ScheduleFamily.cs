namespace SdeDsl.Schedules;

/// <summary>Which schedule a diffusers scheduler config describes (from its <c>_class_name</c>; docs/math.md §12.6).</summary>
public enum ScheduleFamily
{
    /// <summary>A discrete beta table (DDPM, DDIM, PNDM, Euler, LMS, Heun, DPMSolver*, UniPC, DEIS, KDPM2): <see cref="DiscreteSchedule"/>.</summary>
    Discrete,

    /// <summary>Flow matching (FlowMatch*): <see cref="FlowMatchSchedule"/>.</summary>
    FlowMatch,
}
