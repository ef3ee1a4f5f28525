using SdeDsl;

namespace Consumer;

/// <summary>sigma(TMin) / sigma(TMax) = 0.5 &gt; 1%: SDE205, suppressed by #pragma around the declaring method.</summary>
[NoiseSchedule(TMin = 0.5, TMax = 1)]
public partial struct PragmaSuppressed
{
#pragma warning disable SDE205 // the short range is intended
    [Sigma] static double SigmaOf(double t) => 2 * t;
#pragma warning restore SDE205
}
