using SdeDsl.Discretisation;

namespace SdeDsl.Schedules;

// The default time discretisation of each built-in schedule's paper (docs/math.md §6), kept in this file so the
// declarations stay as they are. Cosine and RectifiedFlow declare theirs beside their declarations.

/// <content>EDM's default discretisation.</content>
public partial struct Edm
{
    /// <summary>EDM (Karras et al. 2022, eq. 5): sigma_i warped with rho = 7 from sigma(TMax) = 80 down to sigma(TMin) = 0.002.</summary>
    /// <param name="steps">N &gt;= 2.</param>
    /// <returns>N strictly decreasing times.</returns>
    public static double[] DefaultTimes(int steps) => TimeSteps.Karras(default(Edm), steps, rho: 7);
}

/// <content>VE's default discretisation.</content>
public partial struct Ve
{
    /// <summary>VE (Song et al. 2021; NCSN): sigma_i geometric from sigma_max = 100 down to sigma_min = 0.02, t_i = sigma_i^2.</summary>
    /// <param name="steps">N &gt;= 2.</param>
    /// <returns>N strictly decreasing times.</returns>
    public static double[] DefaultTimes(int steps) => TimeSteps.VeGeometric(default(Ve), steps);
}

/// <content>VP's default discretisation.</content>
public partial struct Vp
{
    /// <summary>VP (Song et al. 2021): t_i uniform from 1 down to eps_s = 1e-3.</summary>
    /// <param name="steps">N &gt;= 2.</param>
    /// <returns>N strictly decreasing times.</returns>
    public static double[] DefaultTimes(int steps) => TimeSteps.VpLinear(default(Vp), steps, epsS: 1e-3);
}

/// <content>Sub-VP's default discretisation.</content>
public partial struct SubVp
{
    /// <summary>Sub-VP (Song et al. 2021) samples like VP: t_i uniform from 1 down to eps_s = 1e-3.</summary>
    /// <param name="steps">N &gt;= 2.</param>
    /// <returns>N strictly decreasing times.</returns>
    public static double[] DefaultTimes(int steps) => TimeSteps.VpLinear(default(SubVp), steps, epsS: 1e-3);
}
