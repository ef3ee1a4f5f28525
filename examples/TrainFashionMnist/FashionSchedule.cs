using System;
using SdeDsl;

namespace TrainFashionMnist;

/// <summary>
/// The schedule the network is trained and sampled with, declared in a few lines: sigma grows geometrically from
/// 0.002 to 80 and s keeps unit variance (VP-like), so x_t = s (x_0 + sigma eps). Uniform t is then log-uniform sigma.
/// </summary>
[NoiseSchedule(TMin = 0, TMax = 1)]
public partial struct FashionSchedule
{
    const double SigmaMin = 0.002, SigmaMax = 80;

    [Sigma] static double SigmaOf(double t) => SigmaMin * Math.Pow(SigmaMax / SigmaMin, t);
    [Scale] static double ScaleOf(double t) => 1 / Math.Sqrt(1 + SigmaMin * SigmaMin * Math.Pow(SigmaMax / SigmaMin, 2 * t));
}
