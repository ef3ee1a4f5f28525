using System;
using System.Linq;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Tests.TestSchedules;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests;

/// <summary>
/// Deterministic samplers on Gaussian data N(mu, c^2 I), whose PF-ODE is solved exactly (docs/math.md §9.1):
/// y(sigma) = mu + sqrt((c^2 + sigma^2)/(c^2 + sigma_0^2)) (y_0 - mu).
/// </summary>
public sealed class OdeSamplerTests
{
    private const int Dimension = 4;
    private const int Batch = 16;
    private static readonly double[] Mu = { 0.5, -1.0, 2.0, 0.0 };
    private const double C = 0.7;
    private readonly ITestOutputHelper _output;

    public OdeSamplerTests(ITestOutputHelper output) => _output = output;

    private delegate int Sampler<TSchedule>(TSchedule schedule, GaussianDenoiser denoiser, double[] times, Span<double> x, SamplingOptions options)
        where TSchedule : struct, INoiseSchedule;

    private static int Euler<TS>(TS s, GaussianDenoiser d, double[] t, Span<double> x, SamplingOptions o) where TS : struct, INoiseSchedule
        => EulerSampler.Sample(s, d, t, x, o);

    private static int Heun<TS>(TS s, GaussianDenoiser d, double[] t, Span<double> x, SamplingOptions o) where TS : struct, INoiseSchedule
        => HeunSampler.Sample(s, d, t, x, o);

    private static int Dpm<TS>(TS s, GaussianDenoiser d, double[] t, Span<double> x, SamplingOptions o) where TS : struct, INoiseSchedule
        => DpmSolverPlusPlus2MSampler.Sample(s, d, t, x, o);

    private static int Ddim<TS>(TS s, GaussianDenoiser d, double[] t, Span<double> x, SamplingOptions o) where TS : struct, INoiseSchedule
        => DdimSampler.Sample(s, d, t, x, o);

    /// <summary>Starting points y_T on the exact marginal N(mu, (c^2 + sigma_T^2) I), as x_T = s(T) y_T.</summary>
    private static double[] Start<TS>(TS schedule, double tStart, ulong seed) where TS : struct, INoiseSchedule
    {
        double sigma = schedule.Sigma(tStart), s = schedule.Scale(tStart);
        double[] z = new double[Batch * Dimension];
        new GaussianNoise(seed).Fill(0, 0, z);
        return z.Select((v, i) => s * (Mu[i % Dimension] + Math.Sqrt(C * C + sigma * sigma) * v)).ToArray();
    }

    /// <summary>Max error at the last grid time (no final denoise) against the exact flow, for each step count.</summary>
    private static double[] Errors<TS>(TS schedule, Sampler<TS> sampler, int[] counts, Func<TS, int, double[]> grid) where TS : struct, INoiseSchedule
    {
        var denoiser = new GaussianDenoiser(Mu, C);
        var options = new SamplingOptions { DenoiseToZero = false };
        return counts.Select(n =>
        {
            double[] times = grid(schedule, n);
            double[] x = Start(schedule, times[0], 1);
            double[] y0 = x.Select(v => v / schedule.Scale(times[0])).ToArray();
            double[] exact = new double[x.Length];
            denoiser.ExactFlow(y0, schedule.Sigma(times[0]), schedule.Sigma(times[^1]), exact);
            sampler(schedule, denoiser, times, x, options);
            double sEnd = schedule.Scale(times[^1]);
            return x.Select((v, i) => Math.Abs(v - sEnd * exact[i])).Max();
        }).ToArray();
    }

    [Theory]
    // Orders of docs/math.md §9.5: Euler 1, Heun 2, DPM-Solver++(2M) 2 (DDIM, Euler in sigma, 1).
    // Bounds: +-0.2 around the order (the fitted slope over N = 16..128 is already asymptotic; see the output).
    [InlineData("Euler", 1.0)]
    [InlineData("Heun", 2.0)]
    [InlineData("DpmSolverPlusPlus2M", 2.0)]
    [InlineData("Ddim", 1.0)]
    public void Error_falls_at_the_methods_order_under_EDM_and_VP(string method, double order)
    {
        int[] counts = { 16, 32, 64, 128 };
        double[] edm = method switch
        {
            "Euler" => Errors<HandEdm>(default, Euler, counts, (s, n) => TimeSteps.Karras(s, n)),
            "Heun" => Errors<HandEdm>(default, Heun, counts, (s, n) => TimeSteps.Karras(s, n)),
            "Ddim" => Errors<HandEdm>(default, Ddim, counts, (s, n) => TimeSteps.Karras(s, n)),
            _ => Errors<HandEdm>(default, Dpm, counts, (s, n) => TimeSteps.Karras(s, n)),
        };
        double[] vp = method switch
        {
            "Euler" => Errors<HandVp>(default, Euler, counts, (s, n) => TimeSteps.VpLinear(s, n)),
            "Heun" => Errors<HandVp>(default, Heun, counts, (s, n) => TimeSteps.VpLinear(s, n)),
            "Ddim" => Errors<HandVp>(default, Ddim, counts, (s, n) => TimeSteps.UniformLogSnr(s, n)),
            _ => Errors<HandVp>(default, Dpm, counts, (s, n) => TimeSteps.UniformLogSnr(s, n)),
        };
        double slopeEdm = -Stats.LogLogSlope(counts, edm), slopeVp = -Stats.LogLogSlope(counts, vp);
        _output.WriteLine($"{method}: EDM errors {string.Join(", ", edm.Select(e => e.ToString("E2")))} slope {slopeEdm:F3}");
        _output.WriteLine($"{method}: VP  errors {string.Join(", ", vp.Select(e => e.ToString("E2")))} slope {slopeVp:F3}");
        Assert.InRange(slopeEdm, order - 0.2, order + 0.2);
        Assert.InRange(slopeVp, order - 0.2, order + 0.2);
    }

    [Theory]
    [InlineData("Euler", 3e-2)]
    [InlineData("Heun", 1e-3)]
    [InlineData("DpmSolverPlusPlus2M", 1e-3)]
    public void With_the_final_step_every_ODE_sampler_approaches_the_closed_form_endpoint(string method, double tolerance)
    {
        // Endpoint: x = D(y_exact(sigma_min); sigma_min), i.e. the exact flow then the exact final step into sigma = 0.
        // At N = 256 the convergence test's errors extrapolate to ~8e-3 (Euler) and ~3e-4 (Heun, DPM-Solver++(2M))
        // on trajectories of size ~80 (the prior's scale); the tolerances leave a margin of about 3.
        HandEdm schedule = default;
        var denoiser = new GaussianDenoiser(Mu, C);
        double[] times = TimeSteps.Karras(schedule, 256);
        double[] x = Start(schedule, times[0], 2);
        double[] exact = new double[x.Length], endpoint = new double[x.Length];
        denoiser.ExactFlow(x, times[0], times[^1], exact);
        denoiser.Denoise(exact, times[^1], endpoint);
        int calls = method switch
        {
            "Euler" => EulerSampler.Sample(schedule, denoiser, times, x.AsSpan()),
            "Heun" => HeunSampler.Sample(schedule, denoiser, times, x.AsSpan()),
            _ => DpmSolverPlusPlus2MSampler.Sample(schedule, denoiser, times, x.AsSpan()),
        };
        double error = x.Zip(endpoint, (a, b) => Math.Abs(a - b)).Max();
        _output.WriteLine($"{method}: max error {error:E3} after {calls} calls");
        Assert.True(error < tolerance, $"error {error}");
        Assert.All(x, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Point_mass_under_EDM_one_Euler_step_is_exact()
    {
        // c = 0: D = mu everywhere, trajectories are straight lines x(t) = mu + (t/t0)(x0 - mu), so Euler is exact.
        HandEdm schedule = default;
        var denoiser = new GaussianDenoiser(Mu, 0.0);
        double[] x = Start(schedule, 80, 3), x0 = (double[])x.Clone();
        EulerSampler.Sample(schedule, denoiser, new[] { 80.0, 0.5 }, x.AsSpan(), new SamplingOptions { DenoiseToZero = false });
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Mu[i % Dimension] + 0.5 / 80 * (x0[i] - Mu[i % Dimension]);
            Assert.Equal(expected, x[i], 1e-13);
        }

        // And with the final step: one Euler step from t = 80 straight into sigma = 0 lands on mu.
        double[] y = (double[])x0.Clone();
        Assert.Equal(1, EulerSampler.Sample(schedule, denoiser, new[] { 80.0 }, y.AsSpan()));
        for (int i = 0; i < y.Length; i++)
        {
            Assert.Equal(Mu[i % Dimension], y[i], 1e-15);
        }
    }

    [Fact]
    public void Point_mass_DDIM_is_exact_under_VP_too()
    {
        HandVp schedule = default;
        var denoiser = new GaussianDenoiser(Mu, 0.0);
        double[] times = TimeSteps.VpLinear(schedule, 5);
        double[] x = Start(schedule, times[0], 4), x0 = (double[])x.Clone();
        DdimSampler.Sample(schedule, denoiser, times, x.AsSpan(), new SamplingOptions { DenoiseToZero = false });
        double ratio = schedule.Sigma(times[^1]) / schedule.Sigma(times[0]);
        for (int i = 0; i < x.Length; i++)
        {
            double mu = Mu[i % Dimension];
            double expected = schedule.Scale(times[^1]) * (mu + ratio * (x0[i] / schedule.Scale(times[0]) - mu));
            Assert.Equal(expected, x[i], 1e-12);
        }
    }

    [Fact]
    public void Schedule_independence_EDM_VP_and_VE_map_the_same_noise_to_the_same_data()
    {
        // The PF-ODE in y = x/s depends on the schedule only through sigma, and starting each schedule on the exact
        // marginal y_T = mu + sqrt(c^2 + sigma_T^2) z with the same z, the exact endpoint is mu + c z for all three.
        // Heun with 128 Karras steps gets within 3e-2 of it for every schedule (observed 2e-3 EDM, 5e-4 VP, 2e-2 VE:
        // in VE's time t = sigma^2 the same sigma grid is a harder ODE for Heun), so the three sample sets
        // agree point by point, and their mean and variance match N(mu, c^2) (n = 4096 per coordinate:
        // 5 standard errors are 5 c/sqrt(n) = 0.055 for the mean and 5 c^2 sqrt(2/n) = 0.054 for the variance).
        const int n = 4096;
        double[] z = new double[n * Dimension];
        new GaussianNoise(77).Fill(0, 0, z);
        double[] target = z.Select((v, i) => Mu[i % Dimension] + C * v).ToArray();
        var denoiser = new GaussianDenoiser(Mu, C);

        double[] Run<TS>(TS schedule, double[] times) where TS : struct, INoiseSchedule
        {
            double sigma = schedule.Sigma(times[0]), s = schedule.Scale(times[0]);
            double[] x = z.Select((v, i) => s * (Mu[i % Dimension] + Math.Sqrt(C * C + sigma * sigma) * v)).ToArray();
            HeunSampler.Sample(schedule, denoiser, times, x.AsSpan());
            return x;
        }

        double[] edm = Run<HandEdm>(default, TimeSteps.Karras(default(HandEdm), 128));
        double[] vp = Run<HandVp>(default, TimeSteps.Karras(default(HandVp), 128));
        double[] ve = Run<HandVe>(default, TimeSteps.Karras(default(HandVe), 128));
        foreach ((string name, double[] result) in new[] { ("EDM", edm), ("VP", vp), ("VE", ve) })
        {
            double error = result.Zip(target, (a, b) => Math.Abs(a - b)).Max();
            _output.WriteLine($"{name}: max |x - (mu + c z)| = {error:E3}");
            Assert.True(error < 3e-2, $"{name}: {error}");
            for (int j = 0; j < Dimension; j++)
            {
                double[] coordinate = Enumerable.Range(0, n).Select(k => result[k * Dimension + j]).ToArray();
                (double mean, double variance) = Stats.MeanVariance(coordinate);
                Assert.InRange(mean - Mu[j], -5 * C / Math.Sqrt(n), 5 * C / Math.Sqrt(n));
                Assert.InRange(variance - C * C, -5 * C * C * Math.Sqrt(2.0 / n), 5 * C * C * Math.Sqrt(2.0 / n));
            }
        }
    }

    [Fact]
    public void Float_tensors_track_the_double_result()
    {
        HandVp schedule = default;
        var denoiser = new GaussianDenoiser(Mu, C);
        double[] times = TimeSteps.Karras(schedule, 32);
        double[] x = Start(schedule, times[0], 5);
        float[] xf = x.Select(v => (float)v).ToArray();
        HeunSampler.Sample(schedule, denoiser, times, x.AsSpan());
        HeunSampler.Sample(schedule, denoiser, times, xf.AsSpan());
        // float round-off ~6e-8 relative per operation over 63 steps of contracting dynamics: 1e-4 absolute is ample.
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(x[i], xf[i], 1e-4);
        }
    }
}
