using System;

namespace SdeDsl.Tests.Accuracy;

/// <summary>
/// A user's cosine path x_t = cos(pi t/2) x_0 + sin(pi t/2) eps written the obvious way: s(t) = a(t) = cos(pi t/2),
/// sigma(t) = tan(pi t/2), t in [1e-4, 0.9999]. Near TMax cos(pi t/2) is small, so evaluating it as written
/// loses about 1e-12 relative (the argument's rounding divided by a value near 1.6e-4): the accuracy test holds
/// the generated members to a few ulp there (docs/math.md §10.8).
/// </summary>
[NoiseSchedule(TMin = 1e-4, TMax = 0.9999)]
public partial struct UserCosine
{
    [Scale] private static double ScaleOf(double t) => Math.Cos(Math.PI * t / 2);

    [Sigma] private static double SigmaOf(double t) => Math.Tan(Math.PI * t / 2);
}
