namespace SdeDsl;

/// <summary>
/// A diffusion noise schedule: the perturbation kernel p(x_t | x_0) = N(s(t) x_0, s(t)^2 sigma(t)^2 I)
/// of the forward SDE dx = f(t) x dt + g(t) dw (docs/math.md §1).
/// </summary>
/// <remarks>
/// Implementations are normally generated from a <see cref="NoiseScheduleAttribute"/> declaration.
/// Samplers are generic over <c>TSchedule : struct, INoiseSchedule</c> so the JIT specialises and
/// inlines every call.
/// </remarks>
public interface INoiseSchedule
{
    /// <summary>The smallest time of the schedule's range.</summary>
    double TMin { get; }

    /// <summary>The largest time of the schedule's range.</summary>
    double TMax { get; }

    /// <summary>True when s(t) is identically 1, so kernels may skip every x/s pass.</summary>
    bool IsScaleIdentity { get; }

    /// <summary>sigma(t).</summary>
    double Sigma(double t);

    /// <summary>sigma'(t).</summary>
    double SigmaDerivative(double t);

    /// <summary>s(t).</summary>
    double Scale(double t);

    /// <summary>s'(t).</summary>
    double ScaleDerivative(double t);

    /// <summary>f(t) = s'(t) / s(t).</summary>
    double Drift(double t);

    /// <summary>g(t) = s(t) sqrt(2 sigma'(t) sigma(t)).</summary>
    double Diffusion(double t);

    /// <summary>g(t)^2 = 2 s(t)^2 sigma'(t) sigma(t).</summary>
    double DiffusionSquared(double t);

    /// <summary>
    /// a(t) = sigma'/sigma + s'/s, the coefficient of x in the probability-flow ODE
    /// dx/dt = a(t) x - b(t) D(x/s; sigma) (docs/math.md §3.1), simplified symbolically.
    /// </summary>
    double OdeStateCoefficient(double t);

    /// <summary>
    /// b(t) = sigma' s / sigma, the coefficient of the denoiser output in the probability-flow ODE
    /// dx/dt = a(t) x - b(t) D(x/s; sigma) (docs/math.md §3.1), simplified symbolically.
    /// </summary>
    double OdeDenoiserCoefficient(double t);

    /// <summary>sigma^-1: the time t at which sigma(t) equals <paramref name="sigma"/>.</summary>
    double TimeAtSigma(double sigma);
}
