using System;
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

/// <summary>
/// The exact Gaussian-mixture denoiser as an ONNX graph (epsilon, v and flow-velocity forms, float32 ONNX ops), run by ONNX
/// Runtime behind the model layer's adapter, samples to the analytic <see cref="GaussianMixtureDenoiser"/>'s endpoints.
/// </summary>
public sealed class MixtureSamplingTests
{
    private const int Batch = 64, Length = Batch * MixtureGraphs.Dimension;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string sampler in new[] { "Euler", "Heun", "DpmSolverPlusPlus2M" })
        foreach (string form in new[] { "Epsilon", "V", "Flow" })
        {
            data.Add(form, sampler);
        }

        return data;
    }

    /// <summary>
    /// Tolerance. Both runs sample in float with the same kernels; they differ only in D. The analytic D is computed in
    /// double and rounded once; the graph computes it in float32: its error is a few u_f = 2^-24 relative in each of
    /// sigma^2 + v, the quadratic forms and the softmax, which moves the posterior weights r_k by at most about
    /// 8 u_f max_k |logit_k| r (1 - r), and D by that times |mu_1 - mu_2| = 2.2, plus a few u_f |y| in the component means;
    /// the epsilon, v and flow forms then divide (y - D) by sigma and the adapter multiplies by sigma again, which
    /// returns D with an absolute error of a few u_f |y| (|y| up to 80 at the first step, where the flow still contracts
    /// any error by the ratio of the endpoint's to the current spread). With 16 grid times the per-call errors add to
    /// about 16 x 8 u_f x 5 = 2.4e-5 in the worst element near the end, where |y| is about 1 to 5; we allow 4e-5 for the
    /// largest element and, the errors being of either sign, 4e-6 for the mean (measured on the machine of
    /// docs/benchmarks.md: at most 7.0e-6 for the largest element, over the nine cases).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void The_mixture_graph_samples_to_the_analytic_denoisers_endpoints(string form, string sampler)
    {
        GaussianMixtureDenoiser mixture = MixtureGraphs.Analytic();
        using InferenceSession session = Sessions.Create(form switch
        {
            "Epsilon" => MixtureGraphs.Epsilon(),
            "V" => MixtureGraphs.V(),
            _ => MixtureGraphs.Flow(),
        });
        using var network = new OnnxNetwork(session, new OnnxNetworkOptions { BatchSize = Batch, Output = "prediction" });
        network.SampleShape.ShouldBe(new long[] { MixtureGraphs.Dimension });
        var kernel = new KernelOptions { MaxDegreeOfParallelism = 1 };
        IDenoiser<float> adapter = form switch
        {
            "Epsilon" => OnnxDenoiser.Create(network, default(Vp), ModelConvention.Epsilon(TimeInput.Sigma)),
            "V" => OnnxDenoiser.Create(network, default(Vp), ModelConvention.V(TimeInput.Sigma)),
            _ => OnnxDenoiser.Create(network, default(RectifiedFlow), ModelConvention.Flow(TimeInput.ScaledTrainingTime(1000))),
        };

        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 16, sigmaMin: 0.02, sigmaMax: 80);
        var direct = new float[Length];
        Prior.Sample(schedule, times[0], direct.AsSpan(), seed: 3);
        var viaOnnx = (float[])direct.Clone();
        var options = new SamplingOptions { Seed = 5, Kernel = kernel };
        Run(sampler, schedule, mixture, times, direct, options);
        Run(sampler, schedule, adapter, times, viaOnnx, options);

        double max = 0, sum = 0;
        for (int i = 0; i < Length; i++)
        {
            float.IsFinite(viaOnnx[i]).ShouldBeTrue();
            double e = Math.Abs(direct[i] - viaOnnx[i]);
            max = Math.Max(max, e);
            sum += e;
        }

        max.ShouldBeLessThanOrEqualTo(4e-5, $"max endpoint difference {max:E3}");
        (sum / Length).ShouldBeLessThanOrEqualTo(4e-6, $"mean endpoint difference {sum / Length:E3}");
    }

    private static void Run<TDenoiser>(string sampler, Edm schedule, TDenoiser denoiser, double[] times, float[] x, SamplingOptions options)
        where TDenoiser : IDenoiser<float>
    {
        switch (sampler)
        {
            case "Euler": EulerSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
            case "Heun": HeunSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
            default: DpmSolverPlusPlus2MSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
        }
    }
}
