using System;
using Microsoft.ML.OnnxRuntime;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Models;
using SdeDsl.Samplers;
using SdeDsl.Schedules;
using Shouldly;
using Xunit;

namespace SdeDsl.OnnxRuntime.Tests;

/// <summary>A warm denoiser call and a warm whole sampling run through ONNX Runtime allocate nothing on the managed heap.</summary>
[Collection(AllocationMeasurement.Name)]
public sealed class AllocationTests
{
    [Theory]
    [InlineData("Float", false)]
    [InlineData("Float16", true)]
    [InlineData("BFloat16", true)]
    public void A_warm_step_allocates_zero_bytes(string type, bool guided)
    {
        var io = type switch { "Float" => GraphBuilder.Float, "Float16" => GraphBuilder.Float16, _ => GraphBuilder.BFloat16 };
        using InferenceSession session = Sessions.Create(ConvNet.Build(io, fixedBatch: guided ? 2 : -1));
        using OnnxNetwork network = ConvNetTests.Create(session, guided);
        IDenoiser<float> denoiser = guided
            ? OnnxDenoiser.Guided(network, default(Edm), ModelConvention.Epsilon(TimeInput.Sigma), new ClassifierFreeGuidance(5))
            : OnnxDenoiser.Create(network, default(Edm), ModelConvention.Epsilon(TimeInput.Sigma));
        float[] y = ConvNetTests.Latents(seed: 1, scale: 1);
        var d = new float[y.Length];
        denoiser.Denoise(y, 2.0, d);                              // warm: JIT and ONNX Runtime's first run

        long before = GC.GetAllocatedBytesForCurrentThread();
        denoiser.Denoise(y, 1.5, d);
        long perCall = GC.GetAllocatedBytesForCurrentThread() - before;
        perCall.ShouldBe(0);

        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 4, sigmaMin: 0.1, sigmaMax: 10);
        var x = new float[y.Length];
        EulerSampler.Sample(schedule, denoiser, times, x.AsSpan());  // warm the sampler
        before = GC.GetAllocatedBytesForCurrentThread();
        EulerSampler.Sample(schedule, denoiser, times, x.AsSpan());
        long perRun = GC.GetAllocatedBytesForCurrentThread() - before;
        perRun.ShouldBe(0);
    }
}
