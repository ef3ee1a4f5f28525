using System;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Models;
using SdeDsl.Schedules;
using Xunit;

namespace SdeDsl.Tests.Models;

/// <summary>A warm adapter call allocates nothing: its scratch buffers were allocated in the constructor.</summary>
[Collection(AllocationMeasurement.Name)]
public sealed class ModelAllocationTests
{
    private const int Dimension = 16, Length = 4 * Dimension;
    private static readonly KernelOptions SingleThreaded = new() { MaxDegreeOfParallelism = 1 };

    private static long AllocatedByWarmCall(IDenoiser<float> denoiser, double sigma)
    {
        var y = new float[Length];
        var d = new float[Length];
        for (int i = 0; i < Length; i++) y[i] = MathF.Sin(i);
        denoiser.Denoise(y, sigma, d);
        long before = GC.GetAllocatedBytesForCurrentThread();
        denoiser.Denoise(y, sigma, d);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Theory]
    [InlineData(PredictionType.Epsilon, NetworkInput.TrainingScaled)]
    [InlineData(PredictionType.V, NetworkInput.TrainingScaled)]
    [InlineData(PredictionType.EdmPreconditioned, NetworkInput.EdmPreconditioned)]
    [InlineData(PredictionType.FlowVelocity, NetworkInput.Unscaled)]
    public void Unguided(PredictionType type, NetworkInput input)
    {
        var convention = new ModelConvention(type, input, TimeInput.NearestTimestep);
        var denoiser = new NetworkDenoiser<float, TargetNetwork<float>, DiscreteLikeVp>(new TargetNetwork<float>(Length), default, convention, Length)
        {
            Kernel = SingleThreaded,
        };
        Assert.Equal(0, AllocatedByWarmCall(denoiser, 2.0));
    }

    [Theory]
    [InlineData(GuidedCallMode.TwoCalls, 0.0)]
    [InlineData(GuidedCallMode.TwoCalls, 0.7)]
    [InlineData(GuidedCallMode.BatchDoubled, 0.0)]
    [InlineData(GuidedCallMode.BatchDoubled, 0.7)]
    public void Guided(GuidedCallMode mode, double rescale)
    {
        var denoiser = new GuidedNetworkDenoiser<float, TestGuidedNetwork, Vp>(
            new TestGuidedNetwork(mode, Dimension), default, ModelConvention.Epsilon(TimeInput.TrainingTime),
            new ClassifierFreeGuidance(7.5) { Rescale = rescale }, Length, Dimension)
        {
            Kernel = SingleThreaded,
        };
        Assert.Equal(0, AllocatedByWarmCall(denoiser, 2.0));
    }
}
