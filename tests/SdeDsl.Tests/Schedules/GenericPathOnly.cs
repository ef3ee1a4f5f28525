using SdeDsl;

namespace SdeDsl.Tests.Schedules;

/// <summary>
/// A schedule forwarded member by member but without its step coefficients (HasStepCoefficients is the interface's
/// default, false), so the samplers take the generic path on exactly the same scalar functions.
/// </summary>
public readonly struct GenericPathOnly<TSchedule>(TSchedule inner) : INoiseSchedule
    where TSchedule : struct, INoiseSchedule
{
    public double TMin => inner.TMin;
    public double TMax => inner.TMax;
    public bool IsScaleIdentity => inner.IsScaleIdentity;
    public double Sigma(double t) => inner.Sigma(t);
    public double SigmaDerivative(double t) => inner.SigmaDerivative(t);
    public double Scale(double t) => inner.Scale(t);
    public double ScaleDerivative(double t) => inner.ScaleDerivative(t);
    public double Drift(double t) => inner.Drift(t);
    public double Diffusion(double t) => inner.Diffusion(t);
    public double DiffusionSquared(double t) => inner.DiffusionSquared(t);
    public double OdeStateCoefficient(double t) => inner.OdeStateCoefficient(t);
    public double OdeDenoiserCoefficient(double t) => inner.OdeDenoiserCoefficient(t);
    public double TimeAtSigma(double sigma) => inner.TimeAtSigma(sigma);
}
