using System;
using System.Linq;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Tests.TestSchedules;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests.SamplersAndGrids;

/// <summary>Restart sampling (docs/math.md §15.11).</summary>
public sealed class RestartTests
{
    private readonly ITestOutputHelper _output;

    public RestartTests(ITestOutputHelper output) => _output = output;

    /// <summary>One segment restarting from grid point <paramref name="min"/> to grid point <paramref name="max"/> of <paramref name="times"/>.</summary>
    private static RestartSegment Between<TS>(TS schedule, double[] times, int max, int min, int points, int repeats)
        where TS : struct, INoiseSchedule =>
        new(points, repeats, schedule.Sigma(times[min]), schedule.Sigma(times[max]));

    [Fact]
    public void With_no_restarts_it_is_the_Heun_run_bit_for_bit()
    {
        // K = 0 (and an empty list) runs exactly HeunSampler.Step's passes in the same order, so equality is exact, in
        // float and double, with and without the final step into sigma = 0, on EDM (s = 1) and VP (s != 1).
        Check<HandEdm>(default);
        Check<HandVp>(default);

        static void Check<TS>(TS schedule) where TS : struct, INoiseSchedule
        {
            var denoiser = new GaussianDenoiser(new[] { 0.5, -1.0, 2.0 }, 0.7);
            double[] times = TimeSteps.Karras(schedule, 12);
            foreach (bool toZero in new[] { true, false })
            {
                var options = new SamplingOptions { Seed = 3, DenoiseToZero = toZero };
                double[] start = new double[3 * 50];
                Prior.Sample(schedule, times[0], start.AsSpan(), 9);
                double[] heun = (double[])start.Clone(), none = (double[])start.Clone(), zero = (double[])start.Clone();
                int heunCalls = HeunSampler.Sample(schedule, denoiser, times, heun.AsSpan(), options);
                Assert.Equal(heunCalls, RestartSampler.Sample(schedule, denoiser, times, none.AsSpan(), ReadOnlySpan<RestartSegment>.Empty, options));
                Assert.Equal(heunCalls, RestartSampler.Sample(schedule, denoiser, times, zero.AsSpan(), new[] { Between(schedule, times, 3, 7, 5, 0) }, options));
                AssertBitwiseEqual(heun, none, $"{typeof(TS).Name} empty list, toZero {toZero}");
                AssertBitwiseEqual(heun, zero, $"{typeof(TS).Name} K = 0, toZero {toZero}");

                float[] heunF = start.Select(v => (float)v).ToArray(), zeroF = (float[])heunF.Clone();
                HeunSampler.Sample(schedule, (IDenoiser<float>)denoiser, times, heunF.AsSpan(), options);
                RestartSampler.Sample(schedule, (IDenoiser<float>)denoiser, times, zeroF.AsSpan(), new[] { Between(schedule, times, 3, 7, 5, 0) }, options);
                NoiseTests.AssertBitwiseEqual(heunF, zeroF, $"{typeof(TS).Name} float K = 0, toZero {toZero}");
            }
        }
    }

    private static void AssertBitwiseEqual(double[] expected, double[] actual, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]), $"{context}: element {i} {expected[i]:R} != {actual[i]:R}");
        }
    }

    [Fact]
    public void The_ODE_part_converges_at_second_order_to_the_exact_endpoint_given_the_restart_noise()
    {
        // Gaussian data N(mu, c^2 I): the PF-ODE flow is exact in closed form (docs/math.md §9.2), so the exact endpoint of
        // a restart run given its noise is: flow sigma_T -> sigma_min, then per restart y += sqrt(sigma_max^2 - sigma_min^2) z_r
        // (z_r the run's own counter-based stream (i << 32) | r) and flow sigma_max -> sigma_min, then flow to the grid's
        // end. Karras grids of N = 9, 17, 33, 65 points share the points at fractions 1/4 and 1/2 (sigma_max, sigma_min),
        // and the restart sub-grid of (N - 1)/4 + 1 points is the main grid's own segment there, so the whole run is a
        // Heun discretisation with step ~ 1/N: expected order 2 (Heun, EDM Alg. 1). Asserted within [1.8, 2.3].
        int[] counts = { 9, 17, 33, 65 };
        double edm = Slope<HandEdm>(default, counts), vp = Slope<HandVp>(default, counts);
        _output.WriteLine($"Restart (K = 2) ODE order: EDM {edm:F3}, VP {vp:F3} (expected 2)");
        Assert.InRange(edm, 1.8, 2.3);
        Assert.InRange(vp, 1.8, 2.3);
    }

    private double Slope<TS>(TS schedule, int[] counts) where TS : struct, INoiseSchedule
    {
        const ulong seed = 17;
        const int repeats = 2;
        double[] mu = SamplerHarness.Mu;
        double c = SamplerHarness.C;
        var denoiser = new GaussianDenoiser(mu, c);
        var options = new SamplingOptions { Seed = seed, DenoiseToZero = false };
        double[] errors = counts.Select(n =>
        {
            double[] times = TimeSteps.Karras(schedule, n);
            int max = (n - 1) / 4, min = (n - 1) / 2;
            double sigmaT = schedule.Sigma(times[0]), sT = schedule.Scale(times[0]);
            double sigmaMin = schedule.Sigma(times[min]), sigmaMax = schedule.Sigma(times[max]);
            int length = SamplerHarness.Batch * mu.Length;
            double[] z = new double[length];
            new GaussianNoise(1).Fill(0, 0, z);
            double[] x = z.Select((v, i) => sT * (mu[i % mu.Length] + Math.Sqrt(c * c + sigmaT * sigmaT) * v)).ToArray();

            double[] exact = new double[length], jump = new double[length];
            denoiser.ExactFlow(x.Select(v => v / sT).ToArray(), sigmaT, sigmaMin, exact);
            for (int r = 0; r < repeats; r++)
            {
                new GaussianNoise(seed).Fill(((ulong)(min - 1) << 32) | (uint)r, 0, jump.AsSpan());
                double[] raised = exact.Select((v, i) => v + Math.Sqrt(sigmaMax * sigmaMax - sigmaMin * sigmaMin) * jump[i]).ToArray();
                denoiser.ExactFlow(raised, sigmaMax, sigmaMin, exact);
            }

            double[] end = new double[length];
            denoiser.ExactFlow(exact, sigmaMin, schedule.Sigma(times[^1]), end);
            var segment = new RestartSegment((n - 1) / 4 + 1, repeats, sigmaMin, sigmaMax);
            int calls = RestartSampler.Sample(schedule, denoiser, times, x.AsSpan(), new[] { segment }, options);
            Assert.Equal(2 * (n - 1) + repeats * 2 * ((n - 1) / 4), calls);
            double sEnd = schedule.Scale(times[^1]);
            return x.Select((v, i) => Math.Abs(v - sEnd * end[i])).Max();
        }).ToArray();
        _output.WriteLine($"{typeof(TS).Name} errors: {string.Join(", ", errors.Select(e => e.ToString("E3")))}");
        return -Stats.LogLogSlope(counts, errors);
    }

    [Fact]
    public void Restarts_recover_the_data_mean_and_variance_from_a_wrong_start_where_Heun_alone_does_not()
    {
        // 4000 2-D samples of N(mu, c^2 I), c = 0.7, on VP from sigma_T = 5 with y_T ~ N(mu + 10, sigma_T^2): the exact flow
        // keeps the start's offset scaled by c / sqrt(c^2 + sigma_T^2), i.e. 10 * 0.7 / 5.05 = 1.39 in the mean, so Heun alone
        // fails. Each restart [0.3, 4] multiplies the offset by sqrt(c^2 + 0.3^2) / sqrt(c^2 + 4^2) = 0.19 and moves the variance
        // deficit by its square (docs/math.md §15.11); 6 restarts leave < 1e-3 of both. Bounds: 5 standard errors (c/sqrt(n) for
        // the mean, c^2 sqrt(2/n) for the variance) plus a variance allowance of 0.01 for the float Heun discretisation of 40
        // grid points and 9-point restart sub-grids (its ODE error at this resolution is below 1e-3, see the order test).
        HandVp schedule = default;
        double[] times = TimeSteps.Karras(schedule, 40, sigmaMax: 5);
        RestartSegment[] restarts = { new(9, 6, 0.3, 4) };
        SamplerHarness.AssertGaussianMoments(
            (s, d, t, x, o) => RestartSampler.Sample(s, d, t, x, restarts, o), times, 4000, 0.01, _output.WriteLine, "Restart K = 6");

        double[] mu = { 0.5, -1.0 };
        var denoiser = new GaussianDenoiser(mu, SamplerHarness.C);
        float[] x = new float[4000 * 2];
        new GaussianNoise(21).Fill(0, 0, x.AsSpan());
        double sigma = schedule.Sigma(times[0]), s0 = schedule.Scale(times[0]);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(s0 * (mu[i % 2] + 10 + sigma * x[i]));
        }

        HeunSampler.Sample(schedule, (IDenoiser<float>)denoiser, times, x.AsSpan());
        double heunOffset = Enumerable.Range(0, 4000).Average(k => (double)x[2 * k]) - mu[0];
        _output.WriteLine($"Heun alone: mean offset {heunOffset:F4}");
        Assert.True(heunOffset > 1, $"Heun alone should keep the wrong start's offset (~1.39), got {heunOffset}");
    }

    [Fact]
    public void Restart_runs_are_bitwise_reproducible_across_threads_and_batch_sizes()
    {
        SamplerHarness.AssertReproducible(
            (s, d, t, x, o) => RestartSampler.Sample(s, d, t, x, new[] { Between(s, t, 3, 6, 4, 2), Between(s, t, 2, 6, 3, 1) }, o),
            SdeNoise.Independent);
    }

    [Fact]
    public void Bad_arguments_name_the_argument()
    {
        HandEdm schedule = default;
        var d = new GaussianDenoiser(new[] { 0.0 }, 1);
        double[] times = TimeSteps.Karras(schedule, 10);
        double[] x = new double[4];
        double lo = schedule.Sigma(times[6]), hi = schedule.Sigma(times[3]);

        string Name(RestartSegment segment) =>
            Assert.Throws<ArgumentException>(() => RestartSampler.Sample(schedule, d, times, x.AsSpan(), new[] { segment })).ParamName!;

        Assert.Equal("restarts", Name(new RestartSegment(1, 1, lo, hi)));
        Assert.Equal("restarts", Name(new RestartSegment(4, -1, lo, hi)));
        Assert.Equal("restarts", Name(new RestartSegment(4, 1, hi, lo)));
        Assert.Equal("restarts", Name(new RestartSegment(4, 1, double.NaN, hi)));
        Assert.Equal("restarts", Name(new RestartSegment(4, 1, lo, double.PositiveInfinity)));
        Assert.Equal("restarts", Name(new RestartSegment(4, 1, lo, lo * 1.0001))); // both snap to the same grid point
        var ex = Assert.Throws<ArgumentException>(() => RestartSampler.Sample(schedule, d, times, x.AsSpan(), new[] { new RestartSegment(4, 1, lo, lo * 1.0001) }));
        Assert.Contains("snaps", ex.Message);
        Assert.Equal("sNoise", Assert.Throws<ArgumentOutOfRangeException>(
            () => RestartSampler.Sample(schedule, d, times, x.AsSpan(), new[] { new RestartSegment(4, 1, lo, hi) }, sNoise: -1)).ParamName);
        var brownian = Assert.Throws<ArgumentException>(() => RestartSampler.Sample(
            schedule, d, times, x.AsSpan(), new[] { new RestartSegment(4, 1, lo, hi) }, new SamplingOptions { NoiseProcess = SdeNoise.BrownianTree }));
        Assert.Equal("options", brownian.ParamName);
        Assert.Contains("NoiseProcess", brownian.Message);
        Assert.Contains(nameof(RestartSampler), brownian.Message);
        Assert.Equal("times", Assert.Throws<ArgumentException>(
            () => RestartSampler.Sample(schedule, d, times.Reverse().ToArray(), x.AsSpan(), new[] { new RestartSegment(4, 1, lo, hi) })).ParamName);
    }
}
