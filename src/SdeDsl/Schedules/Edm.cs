namespace SdeDsl.Schedules;

/// <summary>
/// The EDM schedule (Karras et al. 2022, Table 1): sigma(t) = t, s(t) = 1, t in [0.002, 80]. Time is
/// the noise level, and the probability-flow ODE is dx/dt = (x - D(x; t)) / t (docs/math.md §3.1).
/// </summary>
[NoiseSchedule(TMin = 0.002, TMax = 80)]
public partial struct Edm
{
    [Sigma] private static double SigmaOf(double t) => t;
}
