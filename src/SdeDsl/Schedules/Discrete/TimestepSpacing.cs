namespace SdeDsl.Schedules;

/// <summary>
/// diffusers' <c>timestep_spacing</c>: which training timesteps an N-step run visits (docs/math.md §12.4;
/// Lin et al. 2023, Table 2).
/// </summary>
public enum TimestepSpacing
{
    /// <summary><c>linspace</c>: t_i = (N-1-i)(T-1)/(N-1), fractional, from T - 1 down to 0.</summary>
    Linspace,

    /// <summary><c>leading</c>: t_i = (N - 1 - i) floor(T/N) + steps_offset.</summary>
    Leading,

    /// <summary><c>trailing</c>: t_i = round(T - i T/N) - 1, from T - 1 down.</summary>
    Trailing,
}
