using SdeDsl.Schedules;

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

    /// <summary>
    /// True when the type implements the step-coefficient members below with its own closed forms; the generator
    /// emits them, and true, for every <see cref="NoiseScheduleAttribute"/> type (docs/math.md §17). False, the default
    /// for schedules built at run time, sends the samplers to the generic path, which computes the same coefficients
    /// from a(t), b(t), f, g^2, s and sigma (docs/math.md §17.1). A hand-written schedule that implements the members
    /// must say true here for the samplers to call them.
    /// </summary>
    static virtual bool HasStepCoefficients => false;

    /// <summary>
    /// Euler on the probability-flow ODE from t to <paramref name="tNext"/> (docs/math.md §7.1):
    /// x_next = X x + D D(x/s; sigma(t)) with X = 1 + h a(t), D = -h b(t), h = t_next - t (Z = 0).
    /// </summary>
    /// <param name="t">The step's start time.</param>
    /// <param name="tNext">The step's end time (below <paramref name="t"/> when sampling).</param>
    /// <returns>X, D and Z = 0.</returns>
    StepCoefficients EulerStepCoefficients(double t, double tNext) => GenericStepCoefficients.EulerOde(this, t, tNext);

    /// <summary>
    /// Heun's trapezoidal correction from t to <paramref name="tNext"/> (docs/math.md §7.2):
    /// x_next = x + h/2 [(a x - b D)(t) + (a x' - b D')(t_next)], x' the Euler prediction and D' the denoiser there.
    /// </summary>
    /// <param name="t">The step's start time.</param>
    /// <param name="tNext">The step's end time.</param>
    /// <returns>The coefficients of x, D, x' and D'.</returns>
    HeunStepCoefficients HeunCorrectionCoefficients(double t, double tNext) => GenericStepCoefficients.HeunCorrection(this, t, tNext);

    /// <summary>
    /// Euler-Maruyama on the reverse SDE from t to <paramref name="tNext"/> &lt; t (docs/math.md §7.4):
    /// X = 1 + h (f + g^2/(s^2 sigma^2)), D = -h g^2/(s sigma^2), Z = g sqrt(t - t_next).
    /// </summary>
    /// <param name="t">The step's start time.</param>
    /// <param name="tNext">The step's end time, below <paramref name="t"/>.</param>
    /// <returns>X, D and the noise coefficient Z.</returns>
    StepCoefficients ReverseSdeStepCoefficients(double t, double tNext) => GenericStepCoefficients.ReverseSde(this, t, tNext);

    /// <summary>
    /// One Euler-Maruyama step of the Langevin family from t to <paramref name="tNext"/> &lt; t (docs/math.md §7.5):
    /// X = 1 + h (a + beta), D = -h (b + beta s), Z = s sigma sqrt(2 beta (t - t_next)).
    /// </summary>
    /// <param name="t">The step's start time.</param>
    /// <param name="tNext">The step's end time, below <paramref name="t"/>.</param>
    /// <param name="beta">beta(t) &gt;= 0.</param>
    /// <returns>X, D and the noise coefficient Z.</returns>
    StepCoefficients LangevinStepCoefficients(double t, double tNext, double beta) => GenericStepCoefficients.Langevin(this, t, tNext, beta);

    /// <summary>
    /// One Langevin corrector step of size eps at time t (docs/math.md §7.9):
    /// X = 1 - eps/(s sigma)^2, D = eps/(s sigma^2), Z = sqrt(2 eps).
    /// </summary>
    /// <param name="t">The time.</param>
    /// <param name="stepSize">eps &gt; 0.</param>
    /// <returns>X, D and the noise coefficient Z.</returns>
    StepCoefficients LangevinCorrectorCoefficients(double t, double stepSize) => GenericStepCoefficients.LangevinCorrector(this, t, stepSize);
}
