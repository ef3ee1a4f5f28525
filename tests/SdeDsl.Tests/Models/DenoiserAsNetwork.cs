using System;
using SdeDsl.Denoisers;
using SdeDsl.Models;

namespace SdeDsl.Tests.Models;

/// <summary>
/// An exact denoiser dressed up as a trained network of the given convention (docs/math.md §11 backwards): from its
/// time input it recovers sigma (t through sigma_train(t), k t through sigma_train(t/k), sigma, or exp(4 c_noise)),
/// from its input y (x_t / s, input / c_in, or the input), then D = D(y; sigma), and returns the prediction a perfect
/// network of the type would: eps = (y - D)/sigma, v = s eps - s sigma D, x_0 = D, the flow velocity eps - D, or the
/// EDM F = (D - c_skip y)/c_out. All in double; buffers allocated once.
/// </summary>
public sealed class DenoiserAsNetwork<TTraining> : INetwork<float>
    where TTraining : struct, INoiseSchedule
{
    private readonly IDenoiser<double> _denoiser;
    private readonly TTraining _training;
    private readonly ModelConvention _convention;
    private readonly double[] _y, _d;

    public DenoiserAsNetwork(IDenoiser<double> denoiser, TTraining training, ModelConvention convention, int length)
    {
        _denoiser = denoiser;
        _training = training;
        _convention = convention;
        _y = new double[length];
        _d = new double[length];
    }

    public void Predict(ReadOnlySpan<float> input, double timeInput, Span<float> output)
    {
        double sigma = _convention.Time.Kind switch
        {
            TimeInputKind.TrainingTime => _training.Sigma(timeInput),
            TimeInputKind.ScaledTrainingTime => _training.Sigma(timeInput / _convention.Time.Factor),
            TimeInputKind.Sigma => timeInput,
            TimeInputKind.EdmNoise => Math.Exp(4 * timeInput),
            _ => throw new NotSupportedException("A rounded timestep does not determine sigma."),
        };
        double s = _training.Scale(_training.TimeAtSigma(sigma)), sd = _convention.SigmaData;
        double norm = Math.Sqrt(sigma * sigma + sd * sd), cSkip = sd * sd / (norm * norm), cOut = sigma * sd / norm;
        double inputToY = _convention.Input switch
        {
            NetworkInput.TrainingScaled => 1 / s,
            NetworkInput.EdmPreconditioned => norm,
            _ => 1,
        };
        for (int i = 0; i < input.Length; i++) _y[i] = input[i] * inputToY;
        _denoiser.Denoise(_y, sigma, _d);
        for (int i = 0; i < input.Length; i++)
        {
            double eps = (_y[i] - _d[i]) / sigma;
            output[i] = (float)(_convention.Prediction switch
            {
                PredictionType.Epsilon => eps,
                PredictionType.V => s * eps - s * sigma * _d[i],
                PredictionType.Sample => _d[i],
                PredictionType.FlowVelocity => eps - _d[i],
                _ => (_d[i] - cSkip * _y[i]) / cOut,
            });
        }
    }
}
