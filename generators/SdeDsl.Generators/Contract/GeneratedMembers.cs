namespace SdeDsl.Generators.Contract;

/// <summary>The names of the members the generator emits (a user member with one of them is SDE012).</summary>
internal static class GeneratedMembers
{
    public const string TMin = nameof(TMin);
    public const string TMax = nameof(TMax);
    public const string IsScaleIdentity = nameof(IsScaleIdentity);
    public const string Sigma = nameof(Sigma);
    public const string SigmaDerivative = nameof(SigmaDerivative);
    public const string Scale = nameof(Scale);
    public const string ScaleDerivative = nameof(ScaleDerivative);
    public const string Drift = nameof(Drift);
    public const string Diffusion = nameof(Diffusion);
    public const string DiffusionSquared = nameof(DiffusionSquared);
    public const string OdeStateCoefficient = nameof(OdeStateCoefficient);
    public const string OdeDenoiserCoefficient = nameof(OdeDenoiserCoefficient);
    public const string TimeAtSigma = nameof(TimeAtSigma);
    public const string HasStepCoefficients = nameof(HasStepCoefficients);
    public const string EulerStepCoefficients = nameof(EulerStepCoefficients);
    public const string HeunCorrectionCoefficients = nameof(HeunCorrectionCoefficients);
    public const string ReverseSdeStepCoefficients = nameof(ReverseSdeStepCoefficients);
    public const string LangevinStepCoefficients = nameof(LangevinStepCoefficients);
    public const string LangevinCorrectorCoefficients = nameof(LangevinCorrectorCoefficients);

    public static readonly string[] All =
    {
        TMin, TMax, IsScaleIdentity, Sigma, SigmaDerivative, Scale, ScaleDerivative, Drift, Diffusion,
        DiffusionSquared, OdeStateCoefficient, OdeDenoiserCoefficient, TimeAtSigma,
        HasStepCoefficients, EulerStepCoefficients, HeunCorrectionCoefficients, ReverseSdeStepCoefficients,
        LangevinStepCoefficients, LangevinCorrectorCoefficients,
    };
}
