using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Samplers;
using SdeDsl.Tests.TestSchedules;
using Xunit;

namespace SdeDsl.Tests;

/// <summary>Denoiser call counts, the final step into sigma = 0, validation, NaN reporting, cancellation, progress.</summary>
public sealed class SamplerContractTests
{
    private static readonly double[] Mu = { 0.5, -1.0 };
    private static readonly HandVp Vp = default;
    private static readonly HandEdm EdmSchedule = default;

    private static CountingDenoiser<float> Counting() => new(new GaussianDenoiser(Mu, 0.7));

    private static float[] Prior(int n = 64)
    {
        float[] x = new float[n];
        Samplers.Prior.Sample(Vp, Vp.TMax, x.AsSpan(), 1);
        return x;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(10)]
    public void Denoiser_call_counts_match_each_algorithm(int n)
    {
        double[] times = TimeSteps.Karras(Vp, n);
        (string Name, Func<CountingDenoiser<float>, int> Run, int Expected)[] cases =
        {
            ("Euler", d => EulerSampler.Sample(Vp, d, times, Prior().AsSpan()), n),
            ("Heun", d => HeunSampler.Sample(Vp, d, times, Prior().AsSpan()), 2 * n - 1),
            ("EdmStochastic", d => EdmStochasticSampler.Sample(Vp, d, times, Prior().AsSpan(), new ChurnSettings(5)), 2 * n - 1),
            ("EulerMaruyama", d => EulerMaruyamaSampler.Sample(Vp, d, times, Prior().AsSpan()), n),
            ("Langevin", d => LangevinSampler.Sample(Vp, d, times, Prior().AsSpan(), _ => 1.0), n),
            ("EulerAncestral", d => EulerAncestralSampler.Sample(Vp, d, times, Prior().AsSpan(), 1.0), n),
            ("Ddim", d => DdimSampler.Sample(Vp, d, times, Prior().AsSpan()), n),
            ("DpmSolverPlusPlus2M", d => DpmSolverPlusPlus2MSampler.Sample(Vp, d, times, Prior().AsSpan()), n),
            ("PredictorCorrector", d => PredictorCorrectorSampler.Sample(Vp, d, times, Prior().AsSpan(), 2, Predictor.ReverseSde, 3, 0.16), 4 * n),
        };
        foreach (var c in cases)
        {
            var denoiser = Counting();
            int reported = c.Run(denoiser);
            Assert.True(c.Expected == denoiser.Calls, $"{c.Name}: {denoiser.Calls} calls, expected {c.Expected}");
            Assert.Equal(denoiser.Calls, reported);
            // The final step into sigma = 0 is explicit: no call is ever made at sigma = 0.
            Assert.All(denoiser.Sigmas, s => Assert.True(s > 0, $"{c.Name} called the denoiser at sigma = {s}"));
        }
    }

    [Fact]
    public void Heun_without_the_final_step_makes_2N_minus_2_calls()
    {
        var denoiser = Counting();
        HeunSampler.Sample(Vp, denoiser, TimeSteps.Karras(Vp, 7), Prior().AsSpan(), new SamplingOptions { DenoiseToZero = false });
        Assert.Equal(12, denoiser.Calls);
    }

    [Fact]
    public void The_final_step_returns_the_denoised_estimate_in_data_space()
    {
        // One Heun grid time with the final step: x = D(x_T / s(T); sigma(T)), with no division by sigma = 0.
        float[] x = Prior();
        float[] y = x.Select(v => (float)(v / Vp.Scale(Vp.TMax))).ToArray();
        float[] expected = new float[x.Length];
        new GaussianDenoiser(Mu, 0.7).Denoise(y, Vp.Sigma(Vp.TMax), expected);
        HeunSampler.Sample(Vp, Counting(), new[] { Vp.TMax }, x.AsSpan());
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(expected[i], x[i], 1e-6f);
        }
    }

    [Fact]
    public void Invalid_time_grids_are_rejected_with_the_argument_named()
    {
        var d = Counting();
        var empty = Assert.Throws<ArgumentException>(() => EulerSampler.Sample(Vp, d, Array.Empty<double>(), Prior().AsSpan()));
        Assert.Equal("times", empty.ParamName);
        var increasing = Assert.Throws<ArgumentException>(() => EulerSampler.Sample(Vp, d, new[] { 0.5, 0.6 }, Prior().AsSpan()));
        Assert.Equal("times", increasing.ParamName);
        Assert.Contains("strictly decreasing", increasing.Message);
        var repeated = Assert.Throws<ArgumentException>(() => HeunSampler.Sample(Vp, d, new[] { 0.5, 0.5, 0.1 }, Prior().AsSpan()));
        Assert.Equal("times", repeated.ParamName);
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => DdimSampler.Sample(Vp, d, new[] { 1.5, 0.5 }, Prior().AsSpan()));
        Assert.Equal("times", outside.ParamName);
        Assert.Contains("sigma", outside.Message);
        var belowRange = Assert.Throws<ArgumentOutOfRangeException>(() => DdimSampler.Sample(EdmSchedule, d, new[] { 1.0, 0.0 }, Prior().AsSpan()));
        Assert.Contains("times[1]", belowRange.Message);
        var nan = Assert.Throws<ArgumentOutOfRangeException>(() => DdimSampler.Sample(Vp, d, new[] { 0.9, double.NaN }, Prior().AsSpan()));
        Assert.Equal("times", nan.ParamName);
        var emptyX = Assert.Throws<ArgumentException>(() => EulerSampler.Sample(Vp, d, new[] { 0.5 }, Span<float>.Empty));
        Assert.Equal("x", emptyX.ParamName);
        var oneTime = Assert.Throws<ArgumentException>(() => EulerSampler.Sample(Vp, d, new[] { 0.5 }, Prior().AsSpan(), new SamplingOptions { DenoiseToZero = false }));
        Assert.Equal("times", oneTime.ParamName);
        Assert.Equal(0, d.Calls);
    }

    [Fact]
    public void Invalid_sampler_parameters_are_rejected_with_the_argument_named()
    {
        var d = Counting();
        double[] times = TimeSteps.Karras(Vp, 4);
        Assert.Equal("eta", Assert.Throws<ArgumentOutOfRangeException>(() => EulerAncestralSampler.Sample(Vp, d, times, Prior().AsSpan(), -1)).ParamName);
        Assert.Equal("SChurn", Assert.Throws<ArgumentOutOfRangeException>(() => EdmStochasticSampler.Sample(Vp, d, times, Prior().AsSpan(), new ChurnSettings(-1))).ParamName);
        Assert.Equal("sampleDimension", Assert.Throws<ArgumentException>(() => PredictorCorrectorSampler.Sample(Vp, d, times, Prior(63).AsSpan(), 2, Predictor.Ddim, 1, 0.1)).ParamName);
        Assert.Equal("signalToNoiseRatio", Assert.Throws<ArgumentOutOfRangeException>(() => PredictorCorrectorSampler.Sample(Vp, d, times, Prior().AsSpan(), 2, Predictor.Ddim, 1, 0)).ParamName);
        Assert.Equal("beta", Assert.Throws<ArgumentOutOfRangeException>(() => LangevinSampler.Sample(Vp, d, times, Prior().AsSpan(), _ => -1.0)).ParamName);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void A_non_finite_denoiser_output_names_the_step_and_sigma_and_leaves_x_unchanged(float bad)
    {
        double[] times = TimeSteps.Karras(Vp, 6);
        float[] x = Prior(), original = (float[])x.Clone();
        // Heun's calls: step 0 makes calls 0 and 1, step 1 calls 2 and 3; call 3 is step 1's second call, at sigma(t_2).
        var denoiser = new FaultyDenoiser<float>(new GaussianDenoiser(Mu, 0.7), 3, bad);
        var e = Assert.Throws<NonFiniteDenoiserOutputException>(() => HeunSampler.Sample(Vp, denoiser, times, x.AsSpan()));
        Assert.Equal(1, e.StepIndex);
        Assert.Equal(Vp.Sigma(times[2]), e.Sigma);
        Assert.Equal(x.Length / 2, e.ElementIndex);
        Assert.Contains("step 1", e.Message);
        Assert.Contains(Vp.Sigma(times[2]).ToString("R"), e.Message);
        Assert.Equal(original, x);
    }

    [Fact]
    public void Cancellation_stops_between_steps_says_so_and_leaves_x_unchanged()
    {
        using var cts = new CancellationTokenSource();
        double[] times = TimeSteps.Karras(Vp, 10);
        float[] x = Prior(), original = (float[])x.Clone();
        var denoiser = Counting();
        var e = Assert.ThrowsAny<OperationCanceledException>(() => EulerMaruyamaSampler.Sample(
            Vp, denoiser, times, x.AsSpan(), new SamplingOptions { CancellationToken = cts.Token },
            step =>
            {
                if (step.StepIndex == 2)
                {
                    cts.Cancel();
                }
            }));
        Assert.Equal(cts.Token, e.CancellationToken);
        Assert.Contains("3 of 10 steps", e.Message);
        Assert.Contains("still holds its input", e.Message);
        Assert.Equal(3, denoiser.Calls);
        Assert.Equal(original, x);

        cts.Dispose();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => HeunSampler.Sample(Vp, denoiser, times, x.AsSpan(), new SamplingOptions { CancellationToken = cancelled.Token }));
        Assert.Equal(original, x);
    }

    [Fact]
    public void The_callback_is_a_plain_lambda_and_sees_every_step_in_order()
    {
        double[] times = TimeSteps.Karras(Vp, 5);
        var steps = new List<(int Index, int Count, double Sigma, double Next, bool Finite)>();
        DpmSolverPlusPlus2MSampler.Sample(Vp, Counting(), times, Prior().AsSpan(), onStep:
            s => steps.Add((s.StepIndex, s.StepCount, s.Sigma, s.NextSigma, s.State.ToArray().All(float.IsFinite))));
        Assert.Equal(Enumerable.Range(0, 5), steps.Select(s => s.Index));
        Assert.All(steps, s => Assert.Equal(5, s.Count));
        Assert.All(steps, s => Assert.True(s.Finite));
        Assert.Equal(0, steps[^1].Next);
        Assert.Equal(times.Select(t => Vp.Sigma(t)), steps.Select(s => s.Sigma));
        Assert.Equal(times.Skip(1).Select(t => Vp.Sigma(t)).Append(0), steps.Select(s => s.Next));
    }
}
