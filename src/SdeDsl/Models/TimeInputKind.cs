namespace SdeDsl.Models;

/// <summary>
/// The time conditioning a network was trained with, as a function of sigma; t = TimeAtSigma(sigma) of the training
/// schedule (docs/math.md §11.4).
/// </summary>
public enum TimeInputKind
{
    /// <summary>t itself: continuous training time, or for a discrete schedule the fractional timestep index.</summary>
    TrainingTime,

    /// <summary>round(t): the nearest discrete timestep index (ties away from zero).</summary>
    NearestTimestep,

    /// <summary>factor t, for instance 1000 t for networks trained on t in [0, 1] with timestep embeddings of 0..1000.</summary>
    ScaledTrainingTime,

    /// <summary>sigma itself.</summary>
    Sigma,

    /// <summary>c_noise = ln(sigma) / 4 (Karras et al. 2022, Table 1).</summary>
    EdmNoise,
}
