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
/// Issue 18 item 5: an Euler step on a converting network (epsilon, v, flow, x_0, EDM's F) folds D = c_y y + c_p P
/// into its own pass (x and P read, x written) instead of materialising D; the endpoints equal the unfused path's
/// within the roundings of D, a NaN in the raw prediction still names the step and sigma, and the form (0, 1) gives
/// the bits of the plain pass.
/// </summary>
public sealed class FusedModelOutputTests
{
    private const int Dimension = 2, Batch = 64, Length = Batch * Dimension;

    public static TheoryData<string> Models() => new() { "VpEpsilon", "VpV", "FlowVelocity1000", "DiscreteSample", "Edm" };

    /// <summary>
    /// Tolerance: the unfused step rounds D = c_y y + c_p P to float (|error| at most u_f (|c_y y| + |c_p P|) +
    /// u_f |D|, u_f = 2^-24) before x + c_D D; the fused one rounds c_x + c_D c_y / s and c_D c_p once each instead. Both
    /// enter x with weight |c_D| = Delta sigma / sigma below 1, the terms are below about 5 in size on this problem
    /// (the bound argued in <see cref="NetworkSamplingTests"/>), so a step differs by at most about 4 u_f x 5 = 1.2e-6
    /// and 16 steps by 1.9e-5: the neighbouring test's 2e-5.
    /// </summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void An_Euler_run_on_a_converting_network_matches_the_unfused_run(string model)
    {
        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 16, sigmaMin: 0.02, sigmaMax: 80);
        var fused = new float[Length];
        Prior.Sample(schedule, times[0], fused.AsSpan(), seed: 3);
        var unfused = (float[])fused.Clone();
        var options = new SamplingOptions { Seed = 5, Kernel = new KernelOptions { MaxDegreeOfParallelism = 1 } };
        int stepsSeen = 0;
        EulerSampler.Sample(schedule, Adapter(model), times, fused.AsSpan(), options);
        EulerSampler.Sample(schedule, Adapter(model), times, unfused.AsSpan(), options, onStep: _ => stepsSeen++); // a callback needs D: unfused

        double max = 0;
        for (int i = 0; i < Length; i++)
        {
            max = Math.Max(max, Math.Abs(fused[i] - unfused[i]));
        }

        Assert.True(stepsSeen > 0);
        Assert.True(max <= 2e-5, $"{model}: max endpoint difference {max:E3}");
        Assert.True(fused.AsSpan().IndexOfAnyExcept(0f) >= 0, $"{model}: the fused run produced zeros");
    }

    [Fact]
    public void A_non_finite_raw_prediction_names_the_step_and_sigma_on_the_fused_path()
    {
        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 6, sigmaMin: 0.02, sigmaMax: 80);
        float[] x = new float[Length];
        Prior.Sample(schedule, times[0], x.AsSpan(), seed: 3);
        float[] original = (float[])x.Clone();
        var network = new NaNAtCall(new DenoiserAsNetwork<Vp>(NetworkSamplingTests.Mixture(), default, ModelConvention.Epsilon(TimeInput.TrainingTime), Length), failingCall: 2);
        var adapter = new NetworkDenoiser<float, NaNAtCall, Vp>(network, default, ModelConvention.Epsilon(TimeInput.TrainingTime), Length);
        var e = Assert.Throws<NonFiniteDenoiserOutputException>(() => EulerSampler.Sample(schedule, adapter, times, x.AsSpan()));
        Assert.Equal(2, e.StepIndex);
        Assert.Equal(schedule.Sigma(times[2]), e.Sigma, 12);
        Assert.Equal(Length - 1, e.ElementIndex);
        Assert.False(e.Unwritten);
        Assert.Equal(original, x);
    }

    [Fact]
    public void The_identity_form_gives_the_bits_of_the_plain_pass()
    {
        Vp schedule = default;
        float[] x = new float[1031], d = new float[1031], plain = new float[1031], viaForm = new float[1031], yPlain = new float[1031], yForm = new float[1031];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = MathF.Sin(i * 0.37f) * 3;
            d[i] = MathF.Cos(i * 0.11f);
        }

        EulerSampler.Step<Vp, float>.Pass(schedule, 0.5, 0.4, x, d, plain, yPlain, default);
        EulerSampler.Step<Vp, float>.Pass(schedule, 0.5, 0.4, x, d, AffineOutput.Identity, viaForm, yForm, default);
        Assert.Equal(plain, viaForm);
        Assert.Equal(yPlain, yForm);
    }

    private static IDenoiser<float> Adapter(string model)
    {
        GaussianMixtureDenoiser mixture = NetworkSamplingTests.Mixture();
        return model switch
        {
            "VpEpsilon" => Adapter<Vp>(mixture, ModelConvention.Epsilon(TimeInput.TrainingTime)),
            "VpV" => Adapter<Vp>(mixture, ModelConvention.V(TimeInput.TrainingTime)),
            "FlowVelocity1000" => Adapter<RectifiedFlow>(mixture, ModelConvention.Flow(TimeInput.ScaledTrainingTime(1000))),
            "DiscreteSample" => Adapter<DiscreteLikeVp>(mixture, ModelConvention.Sample(TimeInput.FractionalTimestep)),
            _ => Adapter<Edm>(mixture, ModelConvention.Edm(0.5)),
        };
    }

    private static IDenoiser<float> Adapter<TTraining>(GaussianMixtureDenoiser mixture, ModelConvention convention)
        where TTraining : struct, INoiseSchedule =>
        new NetworkDenoiser<float, DenoiserAsNetwork<TTraining>, TTraining>(new DenoiserAsNetwork<TTraining>(mixture, default, convention, Length), default, convention, Length)
        {
            Kernel = new KernelOptions { MaxDegreeOfParallelism = 1 },
        };

    /// <summary>A network that returns NaN in its last element at one call.</summary>
    private sealed class NaNAtCall(INetwork<float> inner, int failingCall) : INetwork<float>
    {
        private int _calls;

        public void Predict(ReadOnlySpan<float> input, double timeInput, Span<float> output)
        {
            inner.Predict(input, timeInput, output);
            if (_calls++ == failingCall)
            {
                output[^1] = float.NaN;
            }
        }
    }
}
