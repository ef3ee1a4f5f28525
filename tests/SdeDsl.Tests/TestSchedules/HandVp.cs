using System;
using SdeDsl;
using SdeDsl.Generated;

namespace SdeDsl.Tests.TestSchedules;

/// <summary>
/// VP (SGM eq. 11; docs/math.md §5) by hand, with B(t) = beta_d t^2 / 2 + beta_min t:
/// sigma = sqrt(e^B - 1), s = e^(-B/2); B' = beta(t) = beta_min + beta_d t.
/// sigma' = B' e^B / (2 sigma), s' = -B' s / 2, f = -B'/2, g^2 = B', a = B'/(2 sigma^2), b = B' e^(B/2)/(2 sigma^2).
/// </summary>
public readonly struct HandVp : INoiseSchedule
{
    private const double BetaMin = 0.1, BetaD = 19.9;

    public double TMin => 1e-3;
    public double TMax => 1;
    public bool IsScaleIdentity => false;

    private static double B(double t) => 0.5 * BetaD * t * t + BetaMin * t;
    private static double Beta(double t) => BetaMin + BetaD * t;

    public double Sigma(double t) => Math.Sqrt(AccurateMath.ExpM1(B(t)));
    public double SigmaDerivative(double t) => Beta(t) * Math.Exp(B(t)) / (2 * Sigma(t));
    public double Scale(double t) => Math.Exp(-0.5 * B(t));
    public double ScaleDerivative(double t) => -0.5 * Beta(t) * Scale(t);
    public double Drift(double t) => -0.5 * Beta(t);
    public double Diffusion(double t) => Math.Sqrt(Beta(t));
    public double DiffusionSquared(double t) => Beta(t);
    public double OdeStateCoefficient(double t) => Beta(t) / (2 * AccurateMath.ExpM1(B(t)));
    public double OdeDenoiserCoefficient(double t) => Beta(t) * Math.Exp(0.5 * B(t)) / (2 * AccurateMath.ExpM1(B(t)));

    /// <summary>B = log(1 + sigma^2), then the positive root of beta_d t^2 / 2 + beta_min t = B in its cancellation-free form.</summary>
    public double TimeAtSigma(double sigma)
    {
        double b = AccurateMath.LogP1(sigma * sigma);
        return 2 * b / (BetaMin + Math.Sqrt(BetaMin * BetaMin + 2 * BetaD * b));
    }
}
