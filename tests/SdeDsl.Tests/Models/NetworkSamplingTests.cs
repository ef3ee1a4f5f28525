using System;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Kernels;
using SdeDsl.Models;
using SdeDsl.Samplers;
using SdeDsl.Schedules;
using Xunit;

namespace SdeDsl.Tests.Models;

/// <summary>
/// An exact Gaussian-mixture denoiser (docs/math.md §9.2) dressed as an epsilon-, v-, x_0- or flow-prediction network
/// (or EDM's preconditioned F) on its own training schedule samples, through the adapter, to the same endpoints as the denoiser itself.
/// </summary>
public sealed class NetworkSamplingTests
{
    private const int Dimension = 2, Batch = 64, Length = Batch * Dimension;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string sampler in new[] { "Euler", "Heun", "DpmSolverPlusPlus2M" })
        foreach (string model in new[] { "VpEpsilon", "VpV", "DiscreteEpsilonFractional", "DiscreteSample", "FlowVelocity1000", "Edm" })
        {
            data.Add(model, sampler);
        }

        return data;
    }

    /// <summary>
    /// Tolerance: both runs are in float. Per call the adapter's D differs from the float D by the float roundings of
    /// x_t = s y, of the prediction and of c_y y + c_p p: at most about 4 u_f (|y| + sigma |eps|), u_f = 2^-24. A step
    /// passes D's error into y with weight Delta sigma / sigma below 1, and the flow of data of variance at most 0.16
    /// contracts y's error by sqrt((v + sigma_end^2)/(v + sigma^2)) afterwards, so what reaches the endpoint is the last
    /// steps' error, where |y| + sigma |eps| is below about 5: 16 calls x 4 u_f x 5 = 1.9e-5 (Heun's second calls enter with half weight) for the
    /// largest element and, the errors being of either sign, the mean stays below 1e-6 (measured: 3e-6 and 1.2e-7).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void A_perfect_network_samples_to_the_denoisers_endpoints(string model, string sampler)
    {
        var mixture = Mixture();
        IDenoiser<float> adapter = model switch
        {
            "VpEpsilon" => Adapter<Vp>(mixture, ModelConvention.Epsilon(TimeInput.TrainingTime)),
            "VpV" => Adapter<Vp>(mixture, ModelConvention.V(TimeInput.TrainingTime)),
            "DiscreteEpsilonFractional" => Adapter<DiscreteLikeVp>(mixture, ModelConvention.Epsilon(TimeInput.FractionalTimestep)),
            "DiscreteSample" => Adapter<DiscreteLikeVp>(mixture, ModelConvention.Sample(TimeInput.FractionalTimestep)),
            "FlowVelocity1000" => Adapter<RectifiedFlow>(mixture, ModelConvention.Flow(TimeInput.ScaledTrainingTime(1000))),
            _ => Adapter<Edm>(mixture, ModelConvention.Edm(0.5)),
        };

        Edm schedule = default;
        // sigma in [0.02, 80]: inside every training schedule's table (the discrete one starts at sigma_0 = 0.01).
        double[] times = TimeSteps.Karras(schedule, 16, sigmaMin: 0.02, sigmaMax: 80);
        var direct = new float[Length];
        Prior.Sample(schedule, times[0], direct.AsSpan(), seed: 3);
        var viaNetwork = (float[])direct.Clone();
        var options = new SamplingOptions { Seed = 5, Kernel = new KernelOptions { MaxDegreeOfParallelism = 1 } };
        Run(sampler, schedule, mixture, times, direct, options);
        Run(sampler, schedule, adapter, times, viaNetwork, options);

        double max = 0, sum = 0;
        for (int i = 0; i < Length; i++)
        {
            double e = Math.Abs(direct[i] - viaNetwork[i]);
            max = Math.Max(max, e);
            sum += e;
        }

        Assert.True(max <= 2e-5, $"max endpoint difference {max:E3}");
        Assert.True(sum / Length <= 1e-6, $"mean endpoint difference {sum / Length:E3}");
    }

    /// <summary>The two-component 2-D mixture both sampling tests dress as a network (one thread: deterministic sums).</summary>
    internal static GaussianMixtureDenoiser Mixture() => new(
        new[] { 0.3, 0.7 }, new[] { new[] { -1.0, 0.5 }, new[] { 1.0, -0.5 } }, new[] { new[] { 0.04, 0.09 }, new[] { 0.16, 0.01 } })
    { MaxDegreeOfParallelism = 1 };

    private static IDenoiser<float> Adapter<TTraining>(GaussianMixtureDenoiser mixture, ModelConvention convention)
        where TTraining : struct, INoiseSchedule
    {
        var network = new DenoiserAsNetwork<TTraining>(mixture, default, convention, Length);
        return new NetworkDenoiser<float, DenoiserAsNetwork<TTraining>, TTraining>(network, default, convention, Length)
        {
            Kernel = new KernelOptions { MaxDegreeOfParallelism = 1 },
        };
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
