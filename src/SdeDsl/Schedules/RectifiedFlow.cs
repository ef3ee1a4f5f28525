namespace SdeDsl.Schedules;

/// <summary>
/// Rectified flow / linear interpolation (Liu et al. 2022; Lipman et al. 2022, conditional optimal transport path;
/// the Stable Diffusion 3 schedule of Esser et al. 2024): x_t = (1 - t) x_0 + t epsilon, so s(t) = 1 - t and
/// sigma(t) = t / (1 - t), t in [1e-3, 0.999].
/// </summary>
/// <remarks>
/// The probability-flow ODE of this schedule has straight-line characteristics for a point mass, which is why
/// these papers sample it with Euler steps uniform in t (<see cref="DefaultTimes"/>). The range stops at
/// t = 0.999 (sigma = 999) because sigma is infinite at t = 1.
/// </remarks>
[NoiseSchedule(TMin = 1e-3, TMax = 0.999)]
public partial struct RectifiedFlow
{
    [Scale] private static double ScaleOf(double t) => 1 - t;

    [Sigma] private static double SigmaOf(double t) => t / (1 - t);

    /// <summary>The papers' discretisation: <paramref name="steps"/> times uniform in t from TMax down to TMin.</summary>
    /// <param name="steps">N &gt;= 2.</param>
    /// <returns>N strictly decreasing times.</returns>
    public static double[] DefaultTimes(int steps) => Discretisation.TimeSteps.UniformTime(default(RectifiedFlow), steps);
}
