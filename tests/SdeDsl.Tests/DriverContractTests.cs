using System;
using System.Collections.Generic;
using System.Linq;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Samplers;
using SdeDsl.Schedules;
using SdeDsl.Tests.TestSchedules;
using Xunit;

namespace SdeDsl.Tests;

/// <summary>
/// What the one sampler driver guarantees every sampler: grids ending at sigma = 0, poisoned denoiser outputs, churn
/// beyond TMax, and the identities that pin the samplers to each other.
/// </summary>
public sealed class DriverContractTests
{
    private static readonly double[] Mu = { 0.5, -1.0 };

    private static GaussianDenoiser Data() => new(Mu, 0.7);

    /// <summary>Every sampler by name, on any schedule, with the given options.</summary>
    private static int Run<TSchedule>(string sampler, TSchedule schedule, IDenoiser<double> denoiser, double[] times, double[] x, SamplingOptions? options = null)
        where TSchedule : struct, INoiseSchedule => sampler switch
        {
            "Euler" => EulerSampler.Sample(schedule, denoiser, times, x.AsSpan(), options),
            "Heun" => HeunSampler.Sample(schedule, denoiser, times, x.AsSpan(), options),
            "EdmStochastic" => EdmStochasticSampler.Sample(schedule, denoiser, times, x.AsSpan(), new ChurnSettings(10), options),
            "EulerMaruyama" => EulerMaruyamaSampler.Sample(schedule, denoiser, times, x.AsSpan(), options),
            "Langevin" => LangevinSampler.Sample(schedule, denoiser, times, x.AsSpan(), _ => 0.5, options),
            "EulerAncestral" => EulerAncestralSampler.Sample(schedule, denoiser, times, x.AsSpan(), 1.0, options),
            "Ddim" => DdimSampler.Sample(schedule, denoiser, times, x.AsSpan(), options),
            "DpmSolverPlusPlus2M" => DpmSolverPlusPlus2MSampler.Sample(schedule, denoiser, times, x.AsSpan(), options),
            "PredictorCorrector" => PredictorCorrectorSampler.Sample(schedule, denoiser, times, x.AsSpan(), 2, Predictor.ReverseSde, 1, 0.16, options),
            _ => throw new ArgumentOutOfRangeException(nameof(sampler)),
        };

    public static TheoryData<string> Samplers() => new()
    {
        "Euler", "Heun", "EdmStochastic", "EulerMaruyama", "Langevin", "EulerAncestral", "Ddim", "DpmSolverPlusPlus2M", "PredictorCorrector",
    };

    private static double[] Start<TSchedule>(TSchedule schedule, double t, int n = 64)
        where TSchedule : struct, INoiseSchedule
    {
        double[] x = new double[n];
        Prior.Sample(schedule, t, x.AsSpan(), 3);
        return x;
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public void A_grid_ending_at_sigma_zero_ends_with_the_final_step_and_equals_the_grid_without_it(string sampler)
    {
        EdmFromZero schedule = default;
        double[] withZero = TimeSteps.UniformTime(schedule, 9);          // 80, 70, ..., 10, 0
        Assert.Equal(0, schedule.Sigma(withZero[^1]));
        double[] withoutZero = withZero[..^1];
        foreach (bool denoiseToZero in new[] { true, false })
        {
            var counting = new CountingDenoiser<double>(Data());
            double[] x = Start(schedule, withZero[0]), reference = Start(schedule, withZero[0]);
            int calls = Run(sampler, schedule, counting, withZero, x, new SamplingOptions { Seed = 4, DenoiseToZero = denoiseToZero });
            Assert.All(x, v => Assert.True(double.IsFinite(v), $"{sampler}: {v}"));
            Assert.All(counting.Sigmas, s => Assert.True(s > 0, $"{sampler} called the denoiser at sigma = {s}"));
            Assert.Equal(counting.Calls, calls);

            // sigma = 0 at the grid's end is the final step: the same run as the grid without it plus the final step.
            Run(sampler, schedule, Data(), withoutZero, reference, new SamplingOptions { Seed = 4, DenoiseToZero = true });
            Assert.Equal(reference, x);
        }
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public void A_scaled_schedule_from_t_zero_samples_finite_values_without_calling_at_sigma_zero(string sampler)
    {
        VpLikeFromZero schedule = default;
        double[] times = TimeSteps.UniformTime(schedule, 12);
        var counting = new CountingDenoiser<double>(Data());
        double[] x = Start(schedule, times[0]);
        Run(sampler, schedule, counting, times, x, new SamplingOptions { DenoiseToZero = false });
        Assert.All(x, v => Assert.True(double.IsFinite(v), $"{sampler}: {v}"));
        Assert.All(counting.Sigmas, s => Assert.True(s > 0, $"{sampler} called the denoiser at sigma = {s}"));
    }

    [Fact]
    public void Sigma_zero_before_the_last_time_is_rejected_with_the_index()
    {
        double[] times = { 40, 0, 0 };
        var e = Assert.Throws<ArgumentException>(() => EulerSampler.Sample(default(EdmFromZero), Data(), times, new double[4].AsSpan()));
        Assert.Contains("times[1]", e.Message);
        Assert.Contains("only the last may have sigma = 0", e.Message);
        var only = Assert.Throws<ArgumentException>(() => EulerSampler.Sample(default(EdmFromZero), Data(), new double[] { 0 }, new double[4].AsSpan()));
        Assert.Contains("nothing to sample", only.Message);
    }

    /// <summary>Writes D into only the first <c>written</c> elements of its output, from a given call on.</summary>
    private sealed class PartialDenoiser(int written, int fromCall) : IDenoiser<double>
    {
        private readonly GaussianDenoiser _inner = Data();
        private int _calls;

        public void Denoise(ReadOnlySpan<double> input, double sigma, Span<double> output)
        {
            if (_calls++ < fromCall)
            {
                _inner.Denoise(input, sigma, output);
                return;
            }

            double[] full = new double[output.Length];
            _inner.Denoise(input, sigma, full);
            full.AsSpan(0, written).CopyTo(output);
        }
    }

    [Theory]
    [InlineData(0, 0)]   // writes nothing in its first call
    [InlineData(32, 0)]  // writes half in its first call
    [InlineData(32, 3)]  // writes half in its fourth call, after three complete ones (the buffer holds the last call's values)
    public void A_denoiser_that_leaves_output_unwritten_is_caught_with_the_step_and_x_is_unchanged(int written, int fromCall)
    {
        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 8);
        // A complete run first, so the pool hands the next run buffers full of finite numbers from this one.
        double[] warm = Start(schedule, times[0]);
        EulerSampler.Sample(schedule, Data(), times, warm.AsSpan());

        double[] x = Start(schedule, times[0]), original = (double[])x.Clone();
        var e = Assert.Throws<NonFiniteDenoiserOutputException>(() => EulerSampler.Sample(schedule, new PartialDenoiser(written, fromCall), times, x.AsSpan()));
        Assert.True(e.Unwritten);
        Assert.Equal(fromCall, e.StepIndex);
        Assert.Equal(written, e.ElementIndex);
        Assert.Contains("did not write element", e.Message);
        Assert.Contains($"step {fromCall}", e.Message);
        Assert.Equal(original, x);
    }

    [Fact]
    public void A_NaN_the_denoiser_computes_is_not_reported_as_unwritten()
    {
        double[] times = TimeSteps.Karras(default(Edm), 4);
        var e = Assert.Throws<NonFiniteDenoiserOutputException>(() =>
            EulerSampler.Sample(default(Edm), new FaultyDenoiser<double>(Data(), 0, double.NaN), times, Start(default(Edm), times[0]).AsSpan()));
        Assert.False(e.Unwritten);
        Assert.Contains("returned NaN", e.Message);
    }

    [Fact]
    public void Churn_at_TMax_with_unbounded_S_tmax_raises_sigma_beyond_TMax_where_the_schedule_allows()
    {
        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 10);
        var seen = new List<(double Time, double Sigma)>();
        EdmStochasticSampler.Sample(schedule, Data(), times, Start(schedule, times[0]).AsSpan(), new ChurnSettings(40),
            onStep: s => seen.Add((s.Time, s.Sigma)));
        double gamma = Math.Min(40.0 / 10, Math.Sqrt(2) - 1);
        Assert.Equal(80 * (1 + gamma), seen[0].Sigma, 12);
        Assert.True(seen[0].Time > schedule.TMax);
    }

    [Fact]
    public void Churn_beyond_what_the_schedule_can_reach_is_capped_at_sigma_of_TMax()
    {
        SaturatingSigma schedule = default;
        double[] times = TimeSteps.Karras(schedule, 10);
        var seen = new List<(double Time, double Sigma)>();
        double[] x = Start(schedule, times[0]);
        EdmStochasticSampler.Sample(schedule, Data(), times, x.AsSpan(), new ChurnSettings(40), onStep: s => seen.Add((s.Time, s.Sigma)));
        // sigma_hat = (1 + gamma) 38.0 > 40 = sup sigma: no t_hat exists, so the step at TMax takes no churn.
        Assert.Equal(schedule.TMax, seen[0].Time);
        Assert.True(seen[1].Time > times[1], "the next step churns inside the range");
        Assert.All(x, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Ancestral_with_eta_zero_is_DDIM()
    {
        Vp schedule = default;
        double[] times = Vp.DefaultTimes(12);
        double[] ancestral = Start(schedule, times[0]), ddim = Start(schedule, times[0]);
        EulerAncestralSampler.Sample(schedule, Data(), times, ancestral.AsSpan(), 0.0);
        DdimSampler.Sample(schedule, Data(), times, ddim.AsSpan());
        // eta = 0: sigma_up = 0 and sigma_down = sqrt(sigma_next^2) = sigma_next exactly (a correctly rounded square
        // root of a rounded square returns the number), so both compute the same coefficients and the noise term is 0 z.
        Assert.Equal(ddim, ancestral);
    }

    [Fact]
    public void EDM_stochastic_with_no_churn_is_Heun()
    {
        Cosine schedule = default;
        double[] times = Cosine.DefaultTimes(10);
        double[] heun = Start(schedule, times[0]), edm = Start(schedule, times[0]);
        HeunSampler.Sample(schedule, Data(), times, heun.AsSpan());
        EdmStochasticSampler.Sample(schedule, Data(), times, edm.AsSpan(), new ChurnSettings(0));
        Assert.Equal(heun, edm);
    }

    [Theory]
    [InlineData(Predictor.ReverseSde)]
    [InlineData(Predictor.ProbabilityFlowEuler)]
    [InlineData(Predictor.Ddim)]
    public void Predictor_corrector_without_corrector_steps_is_its_predictor(Predictor predictor)
    {
        Vp schedule = default;
        double[] times = Vp.DefaultTimes(15);
        var options = new SamplingOptions { Seed = 8 };
        double[] pc = Start(schedule, times[0]), alone = Start(schedule, times[0]);
        PredictorCorrectorSampler.Sample(schedule, Data(), times, pc.AsSpan(), 2, predictor, 0, 0.16, options);
        _ = predictor switch
        {
            Predictor.ReverseSde => EulerMaruyamaSampler.Sample(schedule, Data(), times, alone.AsSpan(), options),
            Predictor.ProbabilityFlowEuler => EulerSampler.Sample(schedule, Data(), times, alone.AsSpan(), options),
            _ => DdimSampler.Sample(schedule, Data(), times, alone.AsSpan(), options),
        };
        Assert.Equal(alone, pc);
    }

    [Theory]
    [InlineData("EdmStochastic")]
    [InlineData("EulerMaruyama")]
    [InlineData("Langevin")]
    [InlineData("EulerAncestral")]
    [InlineData("PredictorCorrector")]
    public void Stochastic_samplers_inject_noise_a_sampler_following_the_ODE_would_not(string sampler)
    {
        // Every sample starts at the same point: the PF-ODE maps them all to one point (spread 0); a sampler that
        // injects the right noise reaches the data's spread c^2 = 0.49 (loosely: one point per sample, 512 samples).
        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 40);
        double[] x = new double[1024];
        Array.Fill(x, 1.0);
        Run(sampler, schedule, Data(), times, x, new SamplingOptions { Seed = 12 });
        double variance = Enumerable.Range(0, 512).Select(i => x[2 * i]).ToArray() is var first
            ? first.Select(v => (v - first.Average()) * (v - first.Average())).Sum() / (first.Length - 1) : 0;
        Assert.True(variance > 0.2, $"{sampler}: spread {variance} of samples from one starting point");
    }

    [Fact]
    public void Ancestral_spread_from_one_point_grows_with_eta()
    {
        // eta scales the injected noise: none follows the ODE (all samples stay together); a little noise spreads
        // them less than the full ancestral noise does (0.036 at eta = 0.1 against 0.40 at eta = 1 here: the gap is
        // many standard errors of a 512-sample variance, about 0.03 at 0.4).
        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 40);
        double Spread(double eta)
        {
            double[] x = new double[1024];
            Array.Fill(x, 1.0);
            EulerAncestralSampler.Sample(schedule, Data(), times, x.AsSpan(), eta, new SamplingOptions { Seed = 2 });
            double[] first = Enumerable.Range(0, 512).Select(i => x[2 * i]).ToArray();
            double mean = first.Average();
            return first.Select(v => (v - mean) * (v - mean)).Average();
        }

        double none = Spread(0), little = Spread(0.1), full = Spread(1);
        Assert.True(none < 1e-20, $"eta = 0 follows the ODE: spread {none}");
        Assert.True(little > 0.01, $"eta = 0.1: spread {little}");
        Assert.True(full > little + 0.1, $"eta = 1: spread {full} against {little} at eta = 0.1");
    }
}
