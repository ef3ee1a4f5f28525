using SdeDsl;

namespace SdeDsl.Tests.TestSchedules;

/// <summary>EDM (docs/math.md §5) by hand: s = 1, sigma = t, t in [0.002, 80].</summary>
public readonly struct HandEdm : INoiseSchedule
{
    public double TMin => 0.002;
    public double TMax => 80;
    public bool IsScaleIdentity => true;
    public double Sigma(double t) => t;
    public double SigmaDerivative(double t) => 1;
    public double Scale(double t) => 1;
    public double ScaleDerivative(double t) => 0;
    public double Drift(double t) => 0;
    public double Diffusion(double t) => System.Math.Sqrt(2 * t);
    public double DiffusionSquared(double t) => 2 * t;
    public double OdeStateCoefficient(double t) => 1 / t;
    public double OdeDenoiserCoefficient(double t) => 1 / t;
    public double TimeAtSigma(double sigma) => sigma;
}
