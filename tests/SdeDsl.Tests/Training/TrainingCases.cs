using System;
using SdeDsl.Models;
using SdeDsl.Noise;
using SdeDsl.Schedules;
using SdeDsl.Training;

namespace SdeDsl.Tests.Training;

/// <summary>Shared pieces of the training tests: Gaussian data N(mu, c^2 I) and its exact denoiser (docs/math.md §9.1).</summary>
internal static class TrainingCases
{
    public const double Mu = 0.3, C = 0.8;

    // Stable Diffusion 1.5's training table (scaled_linear 0.00085..0.012, 1000 steps).
    public static readonly DiscreteSchedule Sd15 = DiscreteSchedule.Create(BetaSchedule.ScaledLinear, 1000, 0.00085, 0.012);

    /// <summary>x_0 ~ N(mu, c^2 I), drawn from a seed of its own.</summary>
    public static double[] GaussianData(int length, ulong seed)
    {
        var x0 = new double[length];
        new GaussianNoise(seed).Fill(0, 0, x0.AsSpan());
        for (int i = 0; i < length; i++) x0[i] = Mu + C * x0[i];
        return x0;
    }

    /// <summary>D(y; sigma) = mu + c^2/(c^2 + sigma^2) (y - mu), the exact denoiser of the Gaussian data.</summary>
    public static double ExactDenoiser(double y, double sigma) => Mu + C * C / (C * C + sigma * sigma) * (y - Mu);

    /// <summary>E|D - x_0|^2 per element at sigma: the posterior variance c^2 sigma^2/(c^2 + sigma^2).</summary>
    public static double PosteriorVariance(double sigma) => C * C * sigma * sigma / (C * C + sigma * sigma);

    public static ModelConvention Convention(PredictionType type) => type switch
    {
        PredictionType.Epsilon => ModelConvention.Epsilon(TimeInput.TrainingTime),
        PredictionType.V => ModelConvention.V(TimeInput.TrainingTime),
        PredictionType.Sample => ModelConvention.Sample(TimeInput.TrainingTime),
        PredictionType.FlowVelocity => ModelConvention.Flow(TimeInput.ScaledTrainingTime(1000)),
        _ => ModelConvention.Edm(C),
    };

    /// <summary>
    /// The exact network of the convention: p* = (D*(y) - c_y y)/c_p, y = x_0 + sigma eps rebuilt from the batch
    /// (docs/math.md §11.2), written into <paramref name="prediction"/>.
    /// </summary>
    public static void ExactPrediction<TTraining>(
        TTraining training, ModelConvention convention, ReadOnlySpan<double> x0, TrainingBatch<double> batch, Span<double> prediction)
        where TTraining : struct, INoiseSchedule
    {
        int d = batch.Dimension;
        ReadOnlySpan<double> eps = batch.Noise.Span, sigmas = batch.Sigma.Span;
        for (int i = 0; i < batch.Samples; i++)
        {
            double sigma = sigmas[i];
            ModelCall call = ModelCall.At(convention, training, sigma);
            for (int j = i * d; j < (i + 1) * d; j++)
            {
                double y = x0[j] + sigma * eps[j];
                prediction[j] = (ExactDenoiser(y, sigma) - call.YCoefficient * y) / call.PredictionCoefficient;
            }
        }
    }
}
