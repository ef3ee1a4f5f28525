using System;

namespace SdeDsl.Schedules;

/// <summary>
/// The cosine schedule of improved DDPM (Nichol and Dhariwal 2021, eq. 17) in continuous time:
/// alpha_bar(t) = cos^2(pi/2 (t + S)/(1 + S)) / cos^2(pi/2 S/(1 + S)), S = 0.008, declared by
/// s(t) = sqrt(alpha_bar(t)) and sigma(t) = sqrt(1/alpha_bar(t) - 1), t in [1e-3, 0.99].
/// </summary>
/// <remarks>
/// iDDPM clips beta_t at 0.999 near t = 1, where alpha_bar reaches 0; here the range simply stops at t = 0.99
/// (sigma about 64), which keeps every value finite and passes the generator's checks. The paper's sampler walks
/// the training steps uniformly in t (<see cref="DefaultTimes"/>).
/// </remarks>
[NoiseSchedule(TMin = 1e-3, TMax = 0.99)]
public partial struct Cosine
{
    /// <summary>The offset s of iDDPM that keeps beta small near t = 0.</summary>
    public const double S = 0.008;

    [Scale] private static double ScaleOf(double t) => Math.Cos(0.5 * Math.PI * (t + S) / (1 + S)) / Math.Cos(0.5 * Math.PI * S / (1 + S));

    [Sigma] private static double SigmaOf(double t) => Math.Sqrt(Math.Pow(Math.Cos(0.5 * Math.PI * S / (1 + S)) / Math.Cos(0.5 * Math.PI * (t + S) / (1 + S)), 2) - 1);

    /// <summary>The paper's discretisation: <paramref name="steps"/> times uniform in t from TMax down to TMin (iDDPM's strided steps).</summary>
    /// <param name="steps">N &gt;= 2.</param>
    /// <returns>N strictly decreasing times.</returns>
    public static double[] DefaultTimes(int steps) => Discretisation.TimeSteps.UniformTime(default(Cosine), steps);
}
