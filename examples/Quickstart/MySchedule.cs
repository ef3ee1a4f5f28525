using System;
using SdeDsl;

namespace Quickstart;

/// <summary>
/// A schedule you could have written yourself: the cosine schedule of improved DDPM (Nichol and
/// Dhariwal 2021), alpha_bar(t) = cos^2(pi/2 (t + S)/(1 + S)), declared by s(t) = sqrt(alpha_bar) and
/// sigma(t) = sqrt(1 / alpha_bar - 1) = tan(pi/2 (t + S)/(1 + S)) up to the normalisation at t = 0.
/// Everything else (sigma', s', f, g, sigma^-1) is generated.
/// </summary>
[NoiseSchedule(TMin = 1e-3, TMax = 0.95)]
public partial struct MyCosine
{
    const double S = 0.008;

    [Scale] static double ScaleOf(double t) => Math.Cos(0.5 * Math.PI * (t + S) / (1 + S));
    [Sigma] static double SigmaOf(double t) => Math.Tan(0.5 * Math.PI * (t + S) / (1 + S));
}
