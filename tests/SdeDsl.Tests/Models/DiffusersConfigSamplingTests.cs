using System;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Models;
using SdeDsl.Samplers;
using SdeDsl.Schedules;
using SdeDsl.Tests.Schedules.Discrete;
using Xunit;

namespace SdeDsl.Tests.Models;

/// <summary>
/// From a diffusers scheduler_config.json to samples: the config gives the training schedule, the network's
/// convention and diffusers' grid; an exact mixture denoiser dressed as that network samples, through the adapter,
/// to the denoiser's own endpoints (docs/math.md §11, §12).
/// </summary>
public sealed class DiffusersConfigSamplingTests
{
    private const int Length = 2 * 64;

    [Theory]
    [InlineData("sd15", PredictionType.Epsilon)]
    [InlineData("sdxl", PredictionType.Epsilon)]
    [InlineData("sd2_v_zero_snr", PredictionType.V)]
    public void A_discrete_config_samples_through_its_network_on_its_own_grid(string name, PredictionType expected)
    {
        SchedulerConfig config = SchedulerConfig.Load(DiffusersReference.ConfigPath(name));
        ModelConvention convention = ModelConvention.FromDiffusers(config);
        Assert.Equal(expected, convention.Prediction);
        DiscreteSchedule schedule = config.CreateDiscreteSchedule();
        double[] times = config.DiscreteGrid(schedule, 30);
        Compare(schedule, schedule, convention, times);
    }

    [Fact]
    public void A_flow_config_samples_through_its_velocity_network_on_the_shifted_grid()
    {
        SchedulerConfig config = SchedulerConfig.Load(DiffusersReference.ConfigPath("sd3"));
        ModelConvention convention = ModelConvention.FromDiffusers(config);
        Assert.Equal(PredictionType.FlowVelocity, convention.Prediction);
        FlowMatchSchedule schedule = config.CreateFlowMatchSchedule();
        Compare(schedule, default(RectifiedFlow), convention, schedule.DiffusersGrid(30));
    }

    [Fact]
    public void An_unknown_prediction_type_names_the_field()
    {
        SchedulerConfig config = SchedulerConfig.Parse("""{ "_class_name": "EulerDiscreteScheduler", "prediction_type": "mystery" }""");
        var e = Assert.Throws<SchedulerConfigException>(() => ModelConvention.FromDiffusers(config));
        Assert.Equal("prediction_type", e.Field);
        Assert.Equal("mystery", e.Value);
    }

    /// <summary>
    /// Euler in float through the adapter against Euler in float on the mixture itself; the tolerance is the one
    /// NetworkSamplingTests derives (a few float roundings per call, 30 calls, contracted by the flow): 3e-5 max.
    /// </summary>
    private static void Compare<TSchedule, TTraining>(TSchedule schedule, TTraining training, ModelConvention convention, double[] times)
        where TSchedule : struct, INoiseSchedule
        where TTraining : struct, INoiseSchedule
    {
        var mixture = NetworkSamplingTests.Mixture();
        var network = new DenoiserAsNetwork<TTraining>(mixture, training, convention, Length);
        var adapter = new NetworkDenoiser<float, DenoiserAsNetwork<TTraining>, TTraining>(network, training, convention, Length)
        {
            Kernel = new KernelOptions { MaxDegreeOfParallelism = 1 },
        };
        var direct = new float[Length];
        Prior.Sample(schedule, times[0], direct.AsSpan(), seed: 3);
        var viaNetwork = (float[])direct.Clone();
        var options = new SamplingOptions { Kernel = new KernelOptions { MaxDegreeOfParallelism = 1 } };
        EulerSampler.Sample(schedule, mixture, times, direct.AsSpan(), options);
        EulerSampler.Sample(schedule, adapter, times, viaNetwork.AsSpan(), options);
        double max = 0;
        for (int i = 0; i < Length; i++)
        {
            Assert.True(float.IsFinite(viaNetwork[i]));
            max = Math.Max(max, Math.Abs(direct[i] - viaNetwork[i]));
        }

        Assert.True(max <= 3e-5, $"max endpoint difference {max:E3}");
    }
}
