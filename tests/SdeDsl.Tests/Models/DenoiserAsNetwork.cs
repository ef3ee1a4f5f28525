using System;
using SdeDsl.Denoisers;
using SdeDsl.Models;

namespace SdeDsl.Tests.Models;

/// <summary>
/// An exact denoiser dressed up as a trained network (docs/math.md §11.2 backwards): given x_t and the training time t
/// of <typeparamref name="TTraining"/>, it recovers sigma = sigma(t), y = x_t / s(t), D = D(y; sigma) and returns the
/// prediction a perfect network of the type would: eps = (y - D)/sigma, v = s eps - s sigma D, x_0 = D, or the flow
/// velocity eps - D. All in double; buffers allocated once.
/// </summary>
public sealed class DenoiserAsNetwork<TTraining> : INetwork<float>
    where TTraining : struct, INoiseSchedule
{
    private readonly IDenoiser<double> _denoiser;
    private readonly TTraining _training;
    private readonly PredictionType _prediction;
    private readonly double[] _y, _d;

    public DenoiserAsNetwork(IDenoiser<double> denoiser, TTraining training, PredictionType prediction, int length)
    {
        _denoiser = denoiser;
        _training = training;
        _prediction = prediction;
        _y = new double[length];
        _d = new double[length];
    }

    public void Predict(ReadOnlySpan<float> input, double timeInput, Span<float> output)
    {
        double sigma = _training.Sigma(timeInput), s = _training.Scale(timeInput);
        for (int i = 0; i < input.Length; i++) _y[i] = input[i] / s;
        _denoiser.Denoise(_y, sigma, _d);
        for (int i = 0; i < input.Length; i++)
        {
            double eps = (_y[i] - _d[i]) / sigma;
            output[i] = (float)(_prediction switch
            {
                PredictionType.Epsilon => eps,
                PredictionType.V => s * eps - s * sigma * _d[i],
                PredictionType.Sample => _d[i],
                _ => eps - _d[i],
            });
        }
    }
}
