using System;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Kernels;
using SdeDsl.Models;
using SdeDsl.Samplers;
using SdeDsl.Schedules;
using Shouldly;
using Xunit;

namespace SdeDsl.OnnxRuntime.Tests;

/// <summary>An ONNX network behind every sampler: the mixture graph reaches the analytic denoiser's samples, and the guided float16 conv net runs.</summary>
public sealed class EverySamplerTests
{
    public static TheoryData<string> Samplers() => new()
    {
        "Euler", "Heun", "Ddim", "DpmSolverPlusPlus2M", "EulerAncestral", "EdmStochastic", "EulerMaruyama", "Langevin", "PredictorCorrector",
    };

    /// <summary>
    /// The stochastic samplers draw the same counter-based noise in both runs (same seed, same kernels), so the runs again
    /// differ only by the graph's float32 D against the analytic one; the reverse-SDE steps weight D twice as much as the
    /// ODE steps (g^2 = 2 sigma sigma'), so the bound of MixtureSamplingTests is doubled: 8e-5 for the largest element
    /// (measured: at most 6.7e-6, the predictor-corrector). Langevin runs with beta = sigma'/(2 sigma), half of Euler-Maruyama's;
    /// with a constant beta = 1 the 16-step chain is so sensitive that one sample near the boundary between the components
    /// changed component on a float-rounding difference (an endpoint 5 apart), a property of that chain, not of D.
    /// </summary>
    [Theory]
    [MemberData(nameof(Samplers))]
    public void The_mixture_graph_matches_the_analytic_denoiser_behind_every_sampler(string sampler)
    {
        const int batch = 64, length = batch * MixtureGraphs.Dimension;
        using InferenceSession session = Sessions.Create(MixtureGraphs.Epsilon());
        using var network = new OnnxNetwork(session, new OnnxNetworkOptions { BatchSize = batch });
        var adapter = OnnxDenoiser.Create(network, default(Vp), ModelConvention.Epsilon(TimeInput.Sigma));
        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 16, sigmaMin: 0.02, sigmaMax: 80);
        var direct = new float[length];
        Prior.Sample(schedule, times[0], direct.AsSpan(), seed: 3);
        float[] viaOnnx = (float[])direct.Clone();
        var options = new SamplingOptions { Seed = 9, Kernel = new KernelOptions { MaxDegreeOfParallelism = 1 } };
        Run(sampler, schedule, MixtureGraphs.Analytic(), times, direct, MixtureGraphs.Dimension, options);
        Run(sampler, schedule, adapter, times, viaOnnx, MixtureGraphs.Dimension, options);
        double max = direct.Zip(viaOnnx, (a, b) => Math.Abs((double)a - b)).Max();
        max.ShouldBeLessThanOrEqualTo(8e-5, $"max endpoint difference {max:E3}");
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public void The_guided_float16_conv_net_samples_with_every_sampler(string sampler)
    {
        using InferenceSession session = Sessions.Create(ConvNet.Build(GraphBuilder.Float16));
        using OnnxNetwork network = ConvNetTests.Create(session, guided: true);
        var denoiser = OnnxDenoiser.Guided(network, default(Edm), ModelConvention.Epsilon(TimeInput.Sigma), new ClassifierFreeGuidance(3));
        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 5, sigmaMin: 0.05, sigmaMax: 10);
        var x = new float[network.BatchLength];
        Prior.Sample(schedule, times[0], x.AsSpan(), seed: 4);
        float[] start = (float[])x.Clone();
        Run(sampler, schedule, denoiser, times, x, ConvNet.SampleLength, new SamplingOptions { Seed = 2 });
        x.All(float.IsFinite).ShouldBeTrue();
        x.ShouldNotBe(start);
    }

    private static void Run<TDenoiser>(string sampler, Edm schedule, TDenoiser d, double[] times, float[] x, int dimension, SamplingOptions options)
        where TDenoiser : IDenoiser<float>
    {
        Span<float> s = x.AsSpan();
        switch (sampler)
        {
            case "Euler": EulerSampler.Sample(schedule, d, times, s, options); break;
            case "Heun": HeunSampler.Sample(schedule, d, times, s, options); break;
            case "Ddim": DdimSampler.Sample(schedule, d, times, s, options); break;
            case "DpmSolverPlusPlus2M": DpmSolverPlusPlus2MSampler.Sample(schedule, d, times, s, options); break;
            case "EulerAncestral": EulerAncestralSampler.Sample(schedule, d, times, s, eta: 1.0, options); break;
            case "EdmStochastic": EdmStochasticSampler.Sample(schedule, d, times, s, new ChurnSettings(40, 0.05, 50), options); break;
            case "EulerMaruyama": EulerMaruyamaSampler.Sample(schedule, d, times, s, options); break;
            case "Langevin": LangevinSampler.Sample(schedule, d, times, s, t => 0.5 / t, options); break;
            default: PredictorCorrectorSampler.Sample(schedule, d, times, s, dimension, Predictor.ReverseSde, 1, 0.16, options); break;
        }
    }
}
