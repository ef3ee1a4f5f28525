using SdeDsl;

namespace Consumer;

/// <summary>Compiled only with -p:NegativeControl=true: the SDE205 nobody suppresses.</summary>
[NoiseSchedule(TMin = 0.5, TMax = 1)]
public partial struct Unsuppressed
{
    [Sigma] static double SigmaOf(double t) => 4 * t;
}
