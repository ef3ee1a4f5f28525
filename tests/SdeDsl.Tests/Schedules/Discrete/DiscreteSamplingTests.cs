using System;
using System.Linq;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Schedules;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests.Schedules.Discrete;

/// <summary>
/// Every sampler on a runtime-built schedule (SD 1.5's table, and SD3's shifted flow) with the analytic Gaussian denoiser
/// (docs/math.md §9.1), on a Karras grid and on a diffusers-spacing grid.
/// </summary>
public sealed class DiscreteSamplingTests
{
    private static readonly double[] Mu = { 0.5, -1.0 };
    private const double C = 0.7;
    private const int Samples = 10_000;
    private static readonly DiscreteSchedule Sd15 = DiscreteSchedule.Create(BetaSchedule.ScaledLinear, 1000, 0.00085, 0.012);
    private readonly ITestOutputHelper _output;

    public DiscreteSamplingTests(ITestOutputHelper output) => _output = output;

    /// <summary>x = s (x_0 + sigma eps) with x_0 ~ N(mu, c^2): the exact marginal at t, so only the sampler's error remains.</summary>
    private static float[] ExactMarginalStart<TS>(TS schedule, double t, ulong seed) where TS : struct, INoiseSchedule
    {
        double sigma = schedule.Sigma(t), s = schedule.Scale(t);
        double[] z = new double[Samples * 2];
        new GaussianNoise(seed).Fill(1, 0, z);
        return z.Select((v, i) => (float)(s * (Mu[i % 2] + Math.Sqrt(C * C + sigma * sigma) * v))).ToArray();
    }

    private static void Run<TS>(string sampler, TS schedule, double[] times, float[] x) where TS : struct, INoiseSchedule
    {
        var denoiser = new GaussianDenoiser(Mu, C);
        var options = new SamplingOptions { Seed = 7 };
        switch (sampler)
        {
            case "Euler": EulerSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
            case "Heun": HeunSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
            case "Ddim": DdimSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
            case "DpmSolverPlusPlus2M": DpmSolverPlusPlus2MSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
            case "EulerMaruyama": EulerMaruyamaSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
            case "Langevin":
                // beta(t) = 2 sigma'/sigma: twice the reverse SDE's noise injection and cancellation (as StochasticSamplerTests).
                LangevinSampler.Sample(schedule, denoiser, times, x.AsSpan(), t => 2 * schedule.SigmaDerivative(t) / schedule.Sigma(t), options);
                break;
            case "EdmStochastic": EdmStochasticSampler.Sample(schedule, denoiser, times, x.AsSpan(), new ChurnSettings(40, 0.05, 50, 1.0), options); break;
            case "EulerAncestral": EulerAncestralSampler.Sample(schedule, denoiser, times, x.AsSpan(), 1.0, options); break;
            default: PredictorCorrectorSampler.Sample(schedule, denoiser, times, x.AsSpan(), x.Length, Predictor.ReverseSde, 1, 0.16, options); break;
        }
    }

    private void AssertGaussianAfter(string label, float[] x, double sigmaLast) =>
        AssertGaussian(label, x, C * C * C * C / (C * C + sigmaLast * sigmaLast));

    private void AssertGaussian(string label, float[] x, double expectedVariance)
    {
        // N(mu, c^2 I), c = 0.7, 10 000 samples of 2 coordinates: standard errors c/100 = 0.007 (mean) and
        // c^2 sqrt(2/10^4) = 0.0069 (variance); bound 5 standard errors (as StochasticSamplerTests). The exact process
        // to the grid's last sigma followed by the final step x = D gives variance c^4/(c^2 + sigma_last^2) (trailing
        // grids stop at t = N/n - 1, e.g. sigma(9) = 0.094 for n = 100: 0.481), the expected value here.
        for (int j = 0; j < 2; j++)
        {
            double[] coordinate = Enumerable.Range(0, Samples).Select(k => (double)x[k * 2 + j]).ToArray();
            (double mean, double variance) = Stats.MeanVariance(coordinate);
            _output.WriteLine($"{label} coordinate {j}: mean {mean:F4} (mu {Mu[j]}), variance {variance:F4} (expected {expectedVariance:F4})");
            Assert.InRange(mean - Mu[j], -5 * C / 100, 5 * C / 100);
            Assert.InRange(variance - expectedVariance, -5 * C * C * Math.Sqrt(2.0 / Samples), 5 * C * C * Math.Sqrt(2.0 / Samples));
        }
    }

    /// <summary>
    /// Steps per sampler: first-order samplers need many (Euler ancestral's variance deficit is first order; DDIM's on a
    /// uniform-in-t grid, from its linear recursion, is 0.013 at 100 trailing steps and 0.002 (0.3 SE) at 1000).
    /// </summary>
    private static int StepsFor(string sampler) => sampler switch
    {
        "EulerAncestral" or "EulerMaruyama" or "Langevin" or "PredictorCorrector" or "Ddim" => 1000,
        "EdmStochastic" => 64,
        _ => 100,
    };

    public static TheoryData<string> Samplers => new()
    {
        "Euler", "Heun", "Ddim", "DpmSolverPlusPlus2M", "EulerMaruyama", "Langevin", "EdmStochastic", "EulerAncestral", "PredictorCorrector",
    };

    [Theory]
    [MemberData(nameof(Samplers))]
    public void Every_sampler_reaches_the_gaussian_on_a_karras_grid(string sampler)
    {
        double[] times = TimeSteps.Karras(Sd15, StepsFor(sampler));
        float[] x = ExactMarginalStart(Sd15, times[0], 1);
        Run(sampler, Sd15, times, x);
        AssertGaussianAfter($"{sampler} Karras {times.Length}", x, Sd15.Sigma(times[^1]));
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public void Every_sampler_reaches_the_gaussian_on_the_trailing_diffusers_grid(string sampler)
    {
        double[] times = DiffusersTimesteps.Grid(Sd15, TimestepSpacing.Trailing, StepsFor(sampler));
        float[] x = ExactMarginalStart(Sd15, times[0], 1);
        Run(sampler, Sd15, times, x);
        AssertGaussianAfter($"{sampler} trailing {times.Length}", x, Sd15.Sigma(times[^1]));
    }

    [Theory]
    [InlineData("DpmSolverPlusPlus2M")]
    [InlineData("Heun")]
    public void Sd15_leading_50_steps_reach_the_gaussian(string sampler)
    {
        double[] times = DiffusersTimesteps.Grid(Sd15, TimestepSpacing.Leading, 50, 1);
        float[] x = ExactMarginalStart(Sd15, times[0], 1);
        Run(sampler, Sd15, times, x);
        AssertGaussianAfter($"{sampler} leading 50", x, Sd15.Sigma(times[^1]));
    }

    [Fact]
    public void Ddim_on_sd15_leading_50_steps_has_the_variance_of_its_own_linear_recursion()
    {
        // DDIM is first order, so 50 uniform-in-t steps miss c^2 by a discretisation error; for Gaussian data it is
        // exactly computable: with e = y - mu, D - mu = k e, k = c^2/(c^2 + sigma^2), each step is
        // e <- (q + (1 - q) k) e, q = sigma_next/sigma (docs/math.md §7.6), and the final step multiplies by k.
        double[] times = DiffusersTimesteps.Grid(Sd15, TimestepSpacing.Leading, 50, 1);
        double factor = Math.Sqrt(C * C + Math.Pow(Sd15.Sigma(times[0]), 2));
        for (int i = 0; i < times.Length; i++)
        {
            double sigma = Sd15.Sigma(times[i]), k = C * C / (C * C + sigma * sigma);
            double q = i + 1 < times.Length ? Sd15.Sigma(times[i + 1]) / sigma : 0;
            factor *= q + (1 - q) * k;
        }

        float[] x = ExactMarginalStart(Sd15, times[0], 1);
        Run("Ddim", Sd15, times, x);
        AssertGaussian("Ddim leading 50", x, factor * factor);
    }

    [Theory]
    [InlineData("DpmSolverPlusPlus2M")]
    [InlineData("Heun")]
    [InlineData("EulerAncestral")]
    public void Zero_terminal_snr_table_samples_from_pure_noise_at_timestep_999(string sampler)
    {
        // SD2-style: the rescaled table (sigma_999 = 4096, docs/math.md §12.3), a trailing grid from t = 999, and the
        // start drawn from the prior N(0, s^2 sigma^2) rather than the exact marginal: at sigma = 4096 the prior's
        // mean error mu/4096 and variance error c^2/4096^2 are far below the 5-SE bound.
        var schedule = DiscreteSchedule.Create(BetaSchedule.ScaledLinear, 1000, 0.00085, 0.012, rescaleZeroTerminalSnr: true);
        double[] times = DiffusersTimesteps.Grid(schedule, TimestepSpacing.Trailing, sampler == "EulerAncestral" ? 1000 : 100);
        Assert.Equal(999.0, times[0]);
        float[] x = new float[Samples * 2];
        Prior.Sample(schedule, times[0], x.AsSpan(), 3);
        Run(sampler, schedule, times, x);
        AssertGaussianAfter($"{sampler} zero SNR trailing {times.Length}", x, schedule.Sigma(times[^1]));
    }

    [Theory]
    [InlineData("Euler")]
    [InlineData("Heun")]
    [InlineData("DpmSolverPlusPlus2M")]
    public void Flow_match_schedule_samples_the_gaussian_on_the_diffusers_grid(string sampler)
    {
        var schedule = new FlowMatchSchedule(3.0);
        // DPM-Solver++(2M) at 50 steps overshoots on this grid (its first log-sigma step, 3.0, is 4 times the next;
        // its linear recursion predicts variance 0.523); at 200 steps the bias is below 1 SE. Euler is first order.
        double[] times = schedule.DiffusersGrid(sampler == "Heun" ? 50 : 200);
        float[] x = ExactMarginalStart(schedule, times[0], 1);
        Run(sampler, schedule, times, x);
        AssertGaussianAfter($"{sampler} flow shift 3", x, schedule.Sigma(times[^1]));
    }
}
