using SdeDsl;

namespace SdeDsl.Tests.TestSchedules;

/// <summary>VE (SGM eq. 9) by hand: s = 1, sigma = sqrt(t), t in [0.02^2, 100^2].</summary>
public readonly struct HandVe : INoiseSchedule
{
    public double TMin => 0.02 * 0.02;
    public double TMax => 100.0 * 100.0;
    public bool IsScaleIdentity => true;
    public double Sigma(double t) => System.Math.Sqrt(t);
    public double SigmaDerivative(double t) => 0.5 / System.Math.Sqrt(t);
    public double Scale(double t) => 1;
    public double ScaleDerivative(double t) => 0;
    public double Drift(double t) => 0;
    public double Diffusion(double t) => 1;          // g^2 = 2 sigma' sigma = 1
    public double DiffusionSquared(double t) => 1;
    public double OdeStateCoefficient(double t) => 0.5 / t;   // sigma'/sigma
    public double OdeDenoiserCoefficient(double t) => 0.5 / t; // sigma' s / sigma
    public double TimeAtSigma(double sigma) => sigma * sigma;
}
