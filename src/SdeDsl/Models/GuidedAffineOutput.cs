namespace SdeDsl.Models;

/// <summary>
/// The affine form of a guided denoiser's output in its two raw predictions (docs/math.md §11.6, §11.9):
/// D = <see cref="InputCoefficient"/> y + <see cref="UnconditionalCoefficient"/> P_u + <see cref="ConditionalCoefficient"/> P_c
/// when <see cref="IsGuided"/>; otherwise one prediction, D = c_y y + c_p P (<see cref="Single"/>).
/// </summary>
internal readonly record struct GuidedAffineOutput(double InputCoefficient, double UnconditionalCoefficient, double ConditionalCoefficient, bool IsGuided)
{
    /// <summary>The form of one prediction (an unguided call, guidance inactive at this sigma, or D itself).</summary>
    public static GuidedAffineOutput OnePrediction(AffineOutput form) => new(form.InputCoefficient, 0, form.PredictionCoefficient, false);

    /// <summary>The one-prediction form (c_y, c_p); meaningful when not <see cref="IsGuided"/>.</summary>
    public AffineOutput Single => new(InputCoefficient, ConditionalCoefficient);
}
