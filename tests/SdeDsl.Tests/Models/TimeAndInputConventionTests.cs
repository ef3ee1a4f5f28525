using System;
using SdeDsl.Models;
using SdeDsl.Schedules;
using Xunit;

namespace SdeDsl.Tests.Models;

/// <summary>The network's time input and input scaling for each choice (docs/math.md §11.3, §11.4).</summary>
public sealed class TimeAndInputConventionTests
{
    private const int Length = 5;

    private static double TimeSeen<TTraining>(TTraining training, TimeInput time, double sigma)
        where TTraining : struct, INoiseSchedule
    {
        var network = new TargetNetwork<double>(Length);
        var denoiser = new NetworkDenoiser<double, TargetNetwork<double>, TTraining>(network, training, ModelConvention.Epsilon(time), Length);
        denoiser.Denoise(new double[Length], sigma, new double[Length]);
        return network.LastTime;
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(1.0)]
    [InlineData(30.0)]
    public void Training_time_is_the_training_schedules_inverse_sigma(double sigma)
    {
        Assert.Equal(default(Vp).TimeAtSigma(sigma), TimeSeen<Vp>(default, TimeInput.TrainingTime, sigma));
        // Rectified flow: t = sigma/(1 + sigma) (docs/math.md §5); within the inverse's round-off of 2 ulps.
        Assert.Equal(sigma / (1 + sigma), TimeSeen<RectifiedFlow>(default, TimeInput.TrainingTime, sigma), 2 * Math.ScaleB(1, -52));
    }

    [Fact]
    public void Scaled_training_time_multiplies_t()
    {
        double t = default(RectifiedFlow).TimeAtSigma(3.0);
        Assert.Equal(1000 * t, TimeSeen<RectifiedFlow>(default, TimeInput.ScaledTrainingTime(1000), 3.0));
    }

    [Fact]
    public void Discrete_timesteps_are_fractional_or_rounded()
    {
        DiscreteLikeVp discrete = default;
        double onTable = discrete.Sigma(417), between = Math.Sqrt(discrete.Sigma(417) * discrete.Sigma(418));
        // Between two entries log sigma is linear: the geometric mean sits half-way, at 417.5 within Newton-free
        // interpolation round-off (1e-9 of a step, from the log differences of about 2e-3).
        Assert.Equal(417.5, TimeSeen(discrete, TimeInput.FractionalTimestep, between), 1e-9);
        Assert.Equal(417.0, TimeSeen(discrete, TimeInput.NearestTimestep, onTable * 1.0001));
        Assert.Equal(418.0, TimeSeen(discrete, TimeInput.NearestTimestep, discrete.Sigma(417.6)));
    }

    [Theory]
    [InlineData(0.002)]
    [InlineData(2.5)]
    public void Sigma_and_edm_noise(double sigma)
    {
        Assert.Equal(sigma, TimeSeen<Vp>(default, TimeInput.Sigma, sigma));
        Assert.Equal(Math.Log(sigma) / 4, TimeSeen<Vp>(default, TimeInput.EdmNoise, sigma));
    }

    [Fact]
    public void Inputs_are_training_scaled_edm_preconditioned_or_unscaled()
    {
        double sigma = 1.7, sd = 0.6;
        double[] y = { 0.25, -1.5, 3.0, 0.0, -0.125 };
        double s = default(Vp).Scale(default(Vp).TimeAtSigma(sigma)), cIn = 1 / Math.Sqrt(sigma * sigma + sd * sd);
        foreach (NetworkInput input in Enum.GetValues<NetworkInput>())
        {
            var network = new TargetNetwork<double>(Length);
            var convention = new ModelConvention(PredictionType.Sample, input, TimeInput.Sigma) { SigmaData = sd };
            new NetworkDenoiser<double, TargetNetwork<double>, Vp>(network, default, convention, Length).Denoise(y, sigma, new double[Length]);
            double c = input switch { NetworkInput.TrainingScaled => s, NetworkInput.EdmPreconditioned => cIn, _ => 1 };
            for (int i = 0; i < Length; i++)
            {
                // One product of y by the coefficient rounded once: exact for c = 1, else within 1 ulp.
                Assert.Equal(c * y[i], network.LastInput[i], Math.Abs(c * y[i]) * Math.ScaleB(1, -52));
            }
        }
    }

    [Fact]
    public void Edm_builder_uses_c_in_and_c_noise()
    {
        var network = new TargetNetwork<float>(Length);
        var denoiser = ModelAdapter.Edm(network, 0.5, Length);
        denoiser.Denoise(new float[] { 1, 2, 3, 4, 5 }, 2.0, new float[Length]);
        Assert.Equal(Math.Log(2.0) / 4, network.LastTime);
        Assert.Equal((float)(1 / Math.Sqrt(4.25)), network.LastInput[0]);
    }

    [Fact]
    public void Bad_arguments_are_exceptions_naming_them()
    {
        var denoiser = ModelAdapter.Epsilon(new TargetNetwork<float>(Length), default(Vp), TimeInput.TrainingTime, Length);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => denoiser.Denoise(new float[4], 1, new float[Length])).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => denoiser.Denoise(new float[Length], 1, new float[6])).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => denoiser.Denoise(new float[Length], 0, new float[Length])).ParamName);
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => TimeInput.ScaledTrainingTime(0)).ParamName);
        Assert.Equal("SigmaData", Assert.Throws<ArgumentOutOfRangeException>(() => ModelConvention.Edm(-1)).ParamName);
        Assert.Equal("Rescale", Assert.Throws<ArgumentOutOfRangeException>(() => new ClassifierFreeGuidance(2) { Rescale = 1.5 }).ParamName);
    }
}
