using System;

namespace SdeDsl.Tests.TestSchedules;

/// <summary>EDM declared from t = 0, where sigma = 0: a uniform grid over its range ends at sigma = 0.</summary>
[NoiseSchedule(TMin = 0, TMax = 80)]
public partial struct EdmFromZero
{
    [Sigma] private static double SigmaOf(double t) => t;
}

/// <summary>A variance-preserving schedule with sigma = t from t = 0: s = 1/sqrt(1 + t^2), so sigma(0) = 0 and s(0) = 1.</summary>
[NoiseSchedule(TMin = 0, TMax = 80)]
public partial struct VpLikeFromZero
{
    [Sigma] private static double SigmaOf(double t) => t;

    [Scale] private static double ScaleOf(double t) => 1 / Math.Sqrt(1 + t * t);
}

/// <summary>
/// A noise level that saturates: sigma = 40 (1 - e^-t) never exceeds 40, so EDM's churn at TMax = 3
/// (sigma(3) = 38) asks for a sigma_hat the schedule cannot reach beyond TMax.
/// </summary>
[NoiseSchedule(TMin = 0.001, TMax = 3)]
public partial struct SaturatingSigma
{
    [Sigma] private static double SigmaOf(double t) => 40 * (1 - Math.Exp(-t));
}
