using System;
using SdeDsl.Models;
using SdeDsl.Schedules;
using Xunit;

namespace SdeDsl.Tests.Models;

/// <summary>The one-line builders pick the documented conventions (docs/math.md §11.2-§11.4).</summary>
public sealed class ModelAdapterTests
{
    private const int Length = 8;

    [Fact]
    public void Builders_pick_their_conventions()
    {
        var network = new TargetNetwork<float>(Length);
        TimeInput time = TimeInput.ScaledTrainingTime(1000);
        Assert.Equal(ModelConvention.Epsilon(time), ModelAdapter.Epsilon(network, default(Vp), time, Length).Convention);
        Assert.Equal(new ModelConvention(PredictionType.V, NetworkInput.TrainingScaled, time), ModelAdapter.V(network, default(Cosine), time, Length).Convention);
        Assert.Equal(PredictionType.Sample, ModelAdapter.Sample(network, default(DiscreteLikeVp), TimeInput.NearestTimestep, Length).Convention.Prediction);
        Assert.Equal(PredictionType.FlowVelocity, ModelAdapter.Flow(network, time, Length).Convention.Prediction);
        ModelConvention edm = ModelAdapter.Edm(network, 0.25, Length).Convention;
        Assert.Equal((PredictionType.EdmPreconditioned, NetworkInput.EdmPreconditioned, TimeInputKind.EdmNoise, 0.25),
            (edm.Prediction, edm.Input, edm.Time.Kind, edm.SigmaData));
        var guided = ModelAdapter.Guided(
            new TestGuidedNetwork(GuidedCallMode.BatchDoubled, 4), default(Vp), ModelConvention.Epsilon(time), new ClassifierFreeGuidance(5), Length, 4);
        Assert.Equal((5.0, 4, Length), (guided.Guidance.Scale, guided.SampleDimension, guided.BatchLength));
    }

    [Fact]
    public void The_flow_builder_feeds_one_minus_t_times_y_and_recovers_x0()
    {
        // x_0 = 0.5, eps = -1, sigma = 3: y = -2.5, t = 3/4, x_t = (1 - t) y = -0.625, v = eps - x_0 = -1.5,
        // D = (y - sigma v)/(1 + sigma) = (-2.5 + 4.5)/4 = 0.5. Every value is a dyadic rational: exact in float.
        var network = new TargetNetwork<float>(1);
        network.SetTarget(new[] { -1.5 });
        var denoiser = ModelAdapter.Flow(network, TimeInput.TrainingTime, 1);
        var d = new float[1];
        denoiser.Denoise(new[] { -2.5f }, 3.0, d);
        Assert.Equal(0.75, network.LastTime);
        Assert.Equal(-0.625f, network.LastInput[0]);
        Assert.Equal(0.5f, d[0]);
    }
}
