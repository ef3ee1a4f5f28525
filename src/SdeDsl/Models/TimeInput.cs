using System;

namespace SdeDsl.Models;

/// <summary>
/// The network's time input as data: a <see cref="TimeInputKind"/> and, for
/// <see cref="TimeInputKind.ScaledTrainingTime"/>, its factor (docs/math.md §11.4).
/// </summary>
public readonly record struct TimeInput
{
    private TimeInput(TimeInputKind kind, double factor)
    {
        Kind = kind;
        Factor = factor;
    }

    /// <summary>Continuous training time t = TimeAtSigma(sigma) of the training schedule.</summary>
    public static TimeInput TrainingTime => new(TimeInputKind.TrainingTime, 1);

    /// <summary>
    /// The fractional timestep of a discrete training schedule: its TimeAtSigma(sigma), the same number as
    /// <see cref="TrainingTime"/> (a discrete schedule's time is its timestep index).
    /// </summary>
    public static TimeInput FractionalTimestep => new(TimeInputKind.TrainingTime, 1);

    /// <summary>The nearest discrete timestep: round(TimeAtSigma(sigma)), ties away from zero.</summary>
    public static TimeInput NearestTimestep => new(TimeInputKind.NearestTimestep, 1);

    /// <summary>sigma itself.</summary>
    public static TimeInput Sigma => new(TimeInputKind.Sigma, 1);

    /// <summary>EDM's c_noise = ln(sigma) / 4 (Karras et al. 2022, Table 1).</summary>
    public static TimeInput EdmNoise => new(TimeInputKind.EdmNoise, 1);

    /// <summary>The kind of time input.</summary>
    public TimeInputKind Kind { get; }

    /// <summary>The factor of <see cref="TimeInputKind.ScaledTrainingTime"/> (1 for every other kind).</summary>
    public double Factor { get; }

    /// <summary>factor t, t = TimeAtSigma(sigma) of the training schedule (for instance 1000 t).</summary>
    /// <param name="factor">The finite, non-zero factor.</param>
    /// <returns>The time input.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is zero, NaN or infinite.</exception>
    public static TimeInput ScaledTrainingTime(double factor)
    {
        if (!double.IsFinite(factor) || factor == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The time factor must be finite and non-zero.");
        }

        return new TimeInput(TimeInputKind.ScaledTrainingTime, factor);
    }

    /// <summary>Whether this time input needs t = TimeAtSigma(sigma) of the training schedule.</summary>
    internal bool NeedsTrainingTime =>
        Kind is TimeInputKind.TrainingTime or TimeInputKind.NearestTimestep or TimeInputKind.ScaledTrainingTime;

    /// <summary>The value passed to the network (docs/math.md §11.4).</summary>
    internal double Evaluate(double sigma, double trainingTime) => Kind switch
    {
        TimeInputKind.TrainingTime => trainingTime,
        TimeInputKind.NearestTimestep => Math.Round(trainingTime, MidpointRounding.AwayFromZero),
        TimeInputKind.ScaledTrainingTime => Factor * trainingTime,
        TimeInputKind.Sigma => sigma,
        _ => 0.25 * Math.Log(sigma),
    };
}
