using System;
using SdeDsl;

namespace Quickstart;

/// <summary>
/// A schedule you could have written yourself, and that is not in the catalogue: the noise level grows
/// geometrically from 0.002 to 80 (log-SNR linear in t, like EDM's range) and the signal is scaled so the
/// marginal variance of unit data stays 1 (variance preserving): s(t) = 1 / sqrt(1 + sigma(t)^2).
/// The generator derives sigma', s', f, g, the probability-flow ODE coefficients and sigma^-1.
/// </summary>
[NoiseSchedule(TMin = 0, TMax = 1)]
public partial struct MyLogLinearVp
{
    const double SigmaMin = 0.002, SigmaMax = 80;

    [Sigma] static double SigmaOf(double t) => SigmaMin * Math.Pow(SigmaMax / SigmaMin, t);
    [Scale] static double ScaleOf(double t) => 1 / Math.Sqrt(1 + SigmaMin * SigmaMin * Math.Pow(SigmaMax / SigmaMin, 2 * t));
}
