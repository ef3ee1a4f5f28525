using System;
using System.Linq;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Models;
using SdeDsl.Samplers;
using SdeDsl.Schedules;
using SdeDsl.Training;
using Shouldly;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SdeDsl.TorchSharp.Tests;

public sealed class TorchNetworkTests
{
    private const double Mu = 0.3, C = 0.8;

    // A TorchSharp module behind the model adapter samples like the exact denoiser it computes. The module returns
    // float32 eps; the adapter's D = y - sigma eps then differs from the exact D by float32 rounding of eps
    // (2^-24 relative, |eps| <= 6 here) times sigma: below 1e-5 at sigma <= 80 after the input scaling, and the
    // ODE steps (contractive for Gaussian data) do not amplify it; 1e-4 absolute bounds it with room.
    [Theory]
    [InlineData("euler")]
    [InlineData("dpm")]
    public void Torch_network_samples_like_the_exact_denoiser(string sampler)
    {
        const int batch = 16, dimension = 8, length = batch * dimension;
        using var module = new GaussianEpsilonModule(Mu, C);
        using var network = new TorchNetwork(module, batch, dimension);
        var denoiser = ModelAdapter.Epsilon(network, default(Vp), TimeInput.TrainingTime, length);
        var exact = new GaussianDenoiser(Enumerable.Repeat(Mu, dimension).ToArray(), C);
        double[] times = TimeSteps.Karras(default(Edm), 20);
        float[] x = new float[length], reference = new float[length];
        Prior.Sample(default(Edm), times[0], x.AsSpan(), seed: 3);
        x.CopyTo(reference, 0);
        if (sampler == "euler")
        {
            EulerSampler.Sample(default(Edm), denoiser, times, x.AsSpan());
            EulerSampler.Sample(default(Edm), exact, times, reference.AsSpan());
        }
        else
        {
            DpmSolverPlusPlus2MSampler.Sample(default(Edm), denoiser, times, x.AsSpan());
            DpmSolverPlusPlus2MSampler.Sample(default(Edm), exact, times, reference.AsSpan());
        }

        for (int k = 0; k < length; k++) x[k].ShouldBe(reference[k], 1e-4);
    }

    [Fact]
    public void Wrong_lengths_are_named()
    {
        using var module = new GaussianEpsilonModule(Mu, C);
        using var network = new TorchNetwork(module, 2, 3);
        Should.Throw<ArgumentException>(() => network.Predict(new float[5], 0.5, new float[6])).ParamName.ShouldBe("input");
        Should.Throw<ArgumentException>(() => network.Predict(new float[6], 0.5, new float[5])).ParamName.ShouldBe("output");
    }

    // The batch's tensors are views of its arrays: what Prepare writes is what the tensors hold, with no copy.
    [Fact]
    public void Training_batch_tensors_share_the_batch_memory()
    {
        var objective = new DenoisingObjective<Vp>(default, ModelConvention.V(TimeInput.ScaledTrainingTime(1000)), NoiseLevelDistribution.UniformTime(), LossWeighting.MinSnr());
        var batch = new TrainingBatch<float>(4, 6);
        using var tensors = new TorchTrainingBatch(batch, 2, 3);
        float[] x0 = new float[batch.Length];
        for (int k = 0; k < x0.Length; k++) x0[k] = MathF.Cos(k);
        objective.Prepare<float>(x0, batch, seed: 1, iteration: 0);
        tensors.NetworkInput.shape.ShouldBe(new long[] { 4, 2, 3 });
        tensors.NetworkInput.data<float>().ToArray().ShouldBe(batch.NetworkInput.ToArray());
        tensors.Target.data<float>().ToArray().ShouldBe(batch.Target.ToArray());
        tensors.TimeInput.data<double>().ToArray().ShouldBe(batch.TimeInput.ToArray());
        objective.Prepare<float>(x0, batch, seed: 1, iteration: 1);
        tensors.Weight.data<double>().ToArray().ShouldBe(batch.Weight.ToArray());
        tensors.NetworkInput.data<float>().ToArray().ShouldBe(batch.NetworkInput.ToArray());
    }

    // The TorchSharp loss is (19.1) of docs/math.md §19: equal to the span loss in double up to float32 rounding of
    // the squared errors and their sums (relative 1e-6 for 96 elements).
    [Fact]
    public void Torch_loss_equals_the_span_loss()
    {
        var objective = new DenoisingObjective<Edm>(default, ModelConvention.Edm(), NoiseLevelDistribution.LogNormal(), LossWeighting.Edm());
        var batch = new TrainingBatch<float>(8, 12);
        using var tensors = new TorchTrainingBatch(batch, 12);
        float[] x0 = new float[batch.Length], prediction = new float[batch.Length];
        for (int k = 0; k < x0.Length; k++)
        {
            x0[k] = MathF.Sin(k);
            prediction[k] = 0.3f * MathF.Cos(3 * k);
        }

        objective.Prepare<float>(x0, batch, seed: 4, iteration: 9);
        using Tensor p = torch.tensor(prediction, new long[] { 8, 12 });
        using Tensor loss = TorchDenoisingLoss.Compute(p, tensors);
        double expected = DenoisingObjective<Edm>.Loss<float>(prediction, batch);
        loss.item<float>().ShouldBe((float)expected, 1e-6 * expected);
    }
}
