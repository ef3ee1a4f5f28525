using System;
using SdeDsl;

namespace Consumer;

/// <summary>VP declared by sigma and s (README "Declaring a schedule").</summary>
[NoiseSchedule(TMin = 1e-3, TMax = 1)]
public partial struct MyVp
{
    const double BetaMin = 0.1, BetaD = 19.9;

    [Sigma] static double SigmaOf(double t) => Math.Sqrt(Math.Exp(0.5 * BetaD * t * t + BetaMin * t) - 1);
    [Scale] static double ScaleOf(double t) => 1 / Math.Sqrt(Math.Exp(0.5 * BetaD * t * t + BetaMin * t));
}

/// <summary>The same schedule declared by drift and diffusion (README "Declaring by drift and diffusion").</summary>
[NoiseSchedule(TMin = 1e-3, TMax = 1)]
public partial struct VpBySde
{
    const double BetaMin = 0.1, BetaD = 19.9;

    [Drift] static double F(double t) => -0.5 * (BetaMin + BetaD * t);
    [Diffusion] static double G(double t) => Math.Sqrt(BetaMin + BetaD * t);
}

/// <summary>A (f, g) declaration whose sigma integral has no closed form here: quadrature at run time.</summary>
[NoiseSchedule(TMin = 1e-6, TMax = 1)]
public partial struct QuadratureSde
{
    [Drift] static double F(double t) => 0 * t;
    [Diffusion] static double G(double t) => Math.Sqrt(1 + Math.Sin(t) * t);
}
