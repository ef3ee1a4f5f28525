using System;

namespace SdeDsl.Models;

/// <summary>
/// A network's training convention as data: what it predicts, what input and what time conditioning it takes, and
/// sigma_d for the EDM parts (docs/math.md §11).
/// </summary>
public sealed record ModelConvention
{
    private readonly double _sigmaData = 0.5;

    /// <summary>A convention from its three parts; <see cref="SigmaData"/> defaults to 0.5 (EDM's choice).</summary>
    /// <param name="prediction">What the network predicts.</param>
    /// <param name="input">What the network receives.</param>
    /// <param name="time">The network's time conditioning.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="prediction"/> or <paramref name="input"/> is not a defined value.</exception>
    public ModelConvention(PredictionType prediction, NetworkInput input, TimeInput time)
    {
        if (!Enum.IsDefined(prediction))
        {
            throw new ArgumentOutOfRangeException(nameof(prediction), prediction, "Unknown prediction type.");
        }

        if (!Enum.IsDefined(input))
        {
            throw new ArgumentOutOfRangeException(nameof(input), input, "Unknown network input.");
        }

        if (!Enum.IsDefined(time.Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(time), time.Kind, "Unknown time input.");
        }

        Prediction = prediction;
        Input = input;
        Time = time;
    }

    /// <summary>What the network predicts.</summary>
    public PredictionType Prediction { get; }

    /// <summary>What the network receives.</summary>
    public NetworkInput Input { get; }

    /// <summary>The network's time conditioning.</summary>
    public TimeInput Time { get; }

    /// <summary>sigma_d, the data's standard deviation, used by the EDM prediction and input (default 0.5).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and positive.</exception>
    public double SigmaData
    {
        get => _sigmaData;
        init
        {
            if (!double.IsFinite(value) || value <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(SigmaData), value, "sigma_data must be finite and positive.");
            }

            _sigmaData = value;
        }
    }

    /// <summary>An epsilon-prediction network fed x_t = s y (DDPM, Stable Diffusion 1.x).</summary>
    /// <param name="time">Its time conditioning, for instance <see cref="TimeInput.NearestTimestep"/>.</param>
    /// <returns>The convention.</returns>
    public static ModelConvention Epsilon(TimeInput time) => new(PredictionType.Epsilon, NetworkInput.TrainingScaled, time);

    /// <summary>A v-prediction network fed x_t = s y (Stable Diffusion 2.x 768).</summary>
    /// <param name="time">Its time conditioning.</param>
    /// <returns>The convention.</returns>
    public static ModelConvention V(TimeInput time) => new(PredictionType.V, NetworkInput.TrainingScaled, time);

    /// <summary>An x_0-prediction network fed x_t = s y.</summary>
    /// <param name="time">Its time conditioning.</param>
    /// <returns>The convention.</returns>
    public static ModelConvention Sample(TimeInput time) => new(PredictionType.Sample, NetworkInput.TrainingScaled, time);

    /// <summary>A rectified-flow velocity network fed x_t = (1 - t) y (Stable Diffusion 3, Flux).</summary>
    /// <param name="time">Its time conditioning, for instance <see cref="TimeInput.ScaledTrainingTime"/>(1000).</param>
    /// <returns>The convention.</returns>
    public static ModelConvention Flow(TimeInput time) => new(PredictionType.FlowVelocity, NetworkInput.TrainingScaled, time);

    /// <summary>
    /// The convention a diffusers pipeline uses with this scheduler config (docs/math.md §11, §12.6): for a discrete
    /// scheduler the config's <c>prediction_type</c> (epsilon, v_prediction or sample) with the fractional training
    /// timestep as time input and x_t = s y as input, to be used with the config's <see cref="Schedules.DiscreteSchedule"/>
    /// as training schedule; for flow matching (SD3, Flux) the flow velocity with time input t * num_train_timesteps
    /// (diffusers' timestep), to be used with <see cref="Schedules.RectifiedFlow"/> as training schedule (a shift
    /// changes the noise levels the grid visits, not the time the network is given for a noise level).
    /// </summary>
    /// <param name="config">The parsed scheduler config.</param>
    /// <returns>The network's convention.</returns>
    /// <exception cref="Schedules.SchedulerConfigException">The prediction type is not one SdeDsl knows.</exception>
    public static ModelConvention FromDiffusers(Schedules.SchedulerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Family == Schedules.ScheduleFamily.FlowMatch)
        {
            return Flow(TimeInput.ScaledTrainingTime(config.NumTrainTimesteps));
        }

        return config.PredictionType switch
        {
            "epsilon" => Epsilon(TimeInput.FractionalTimestep),
            "v_prediction" => V(TimeInput.FractionalTimestep),
            "sample" => Sample(TimeInput.FractionalTimestep),
            _ => throw new Schedules.SchedulerConfigException(
                "prediction_type", config.PredictionType, "SdeDsl knows 'epsilon', 'v_prediction' and 'sample' for discrete schedulers"),
        };
    }

    /// <summary>EDM's preconditioned F, fed c_in y and c_noise = ln(sigma)/4 (Karras et al. 2022, Table 1).</summary>
    /// <param name="sigmaData">sigma_d (0.5 in EDM).</param>
    /// <returns>The convention.</returns>
    public static ModelConvention Edm(double sigmaData = 0.5) =>
        new(PredictionType.EdmPreconditioned, NetworkInput.EdmPreconditioned, TimeInput.EdmNoise) { SigmaData = sigmaData };
}
