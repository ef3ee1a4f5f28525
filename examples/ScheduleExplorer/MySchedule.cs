using SdeDsl;

namespace ScheduleExplorer;

/// <summary>
/// A user schedule to explore beside the catalogue: rectified flow with Stable Diffusion 3's timestep shift
/// (Esser et al. 2024), t' = Shift t / (1 + (Shift - 1) t), so s(t) = 1 - t' = (1 - t) / (1 + (Shift - 1) t)
/// and sigma(t) = t' / (1 - t') = Shift t / (1 - t): more of the time range is spent at high noise.
/// </summary>
[NoiseSchedule(TMin = 1e-3, TMax = 0.999)]
public partial struct ShiftedFlow
{
    const double Shift = 3;

    [Scale] static double ScaleOf(double t) => (1 - t) / (1 + (Shift - 1) * t);
    [Sigma] static double SigmaOf(double t) => Shift * t / (1 - t);
}
