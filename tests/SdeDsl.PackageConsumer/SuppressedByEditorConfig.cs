using SdeDsl;

namespace Consumer;

/// <summary>sigma(TMin) / sigma(TMax) = 0.5 &gt; 1%: SDE205, suppressed for this file by .editorconfig.</summary>
[NoiseSchedule(TMin = 0.5, TMax = 1)]
public partial struct EditorConfigSuppressed
{
    [Sigma] static double SigmaOf(double t) => 3 * t;
}
