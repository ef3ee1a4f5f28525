using System;

namespace SdeDsl.Models;

/// <summary>
/// The per-call scalars of a network call at one sigma (docs/math.md §11): the input coefficient c_i (network input
/// = c_i y), the time input, and the conversion D = c_y y + c_p prediction. Computed in double once per call.
/// </summary>
internal readonly struct ModelCall
{
    private ModelCall(double inputCoefficient, double timeInput, double yCoefficient, double predictionCoefficient)
    {
        InputCoefficient = inputCoefficient;
        TimeInput = timeInput;
        YCoefficient = yCoefficient;
        PredictionCoefficient = predictionCoefficient;
    }

    /// <summary>c_i: the network's input is c_i y (1 for <see cref="NetworkInput.Unscaled"/>).</summary>
    public double InputCoefficient { get; }

    /// <summary>The network's time input.</summary>
    public double TimeInput { get; }

    /// <summary>c_y in D = c_y y + c_p prediction.</summary>
    public double YCoefficient { get; }

    /// <summary>c_p in D = c_y y + c_p prediction.</summary>
    public double PredictionCoefficient { get; }

    /// <summary>The scalars for <paramref name="convention"/> at <paramref name="sigma"/> (docs/math.md §11.2-§11.4).</summary>
    public static ModelCall At<TTraining>(ModelConvention convention, in TTraining training, double sigma)
        where TTraining : struct, INoiseSchedule
    {
        if (!(sigma > 0) || !double.IsFinite(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "A network is called at a finite sigma > 0.");
        }

        bool needsScale = convention.Input == NetworkInput.TrainingScaled || convention.Prediction == PredictionType.V;
        double t = needsScale || convention.Time.NeedsTrainingTime ? training.TimeAtSigma(sigma) : double.NaN;
        double s = needsScale ? (training.IsScaleIdentity ? 1.0 : training.Scale(t)) : double.NaN;
        double sd = convention.SigmaData;
        double edmNorm = Math.Sqrt(sigma * sigma + sd * sd);

        double inputCoefficient = convention.Input switch
        {
            NetworkInput.TrainingScaled => s,
            NetworkInput.EdmPreconditioned => 1 / edmNorm,
            _ => 1,
        };

        double onePlusSigmaSquared = 1 + sigma * sigma;
        (double cy, double cp) = convention.Prediction switch
        {
            PredictionType.Epsilon => (1.0, -sigma),
            PredictionType.V => (1 / onePlusSigmaSquared, -sigma / (s * onePlusSigmaSquared)),
            PredictionType.Sample => (0.0, 1.0),
            PredictionType.FlowVelocity => (1 / (1 + sigma), -sigma / (1 + sigma)),
            _ => (sd * sd / (edmNorm * edmNorm), sigma * sd / edmNorm),
        };

        return new ModelCall(inputCoefficient, convention.Time.Evaluate(sigma, t), cy, cp);
    }
}
