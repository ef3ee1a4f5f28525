using System;
using System.Linq;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Samplers;
using SdeDsl.Tests.TestSchedules;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests.SamplersAndGrids;

/// <summary>
/// <see cref="SamplingOptions.NoiseProcess"/> on the older noise-drawing samplers: Euler ancestral (and DDIM with eta, which
/// is Euler ancestral) honours the Brownian tree; the rest, whose noise is not an increment over [sigma_next, sigma], refuse it.
/// </summary>
public sealed class NoiseProcessTests
{
    private readonly ITestOutputHelper _output;

    public NoiseProcessTests(ITestOutputHelper output) => _output = output;

    private static readonly SamplingOptions Brownian = new() { NoiseProcess = SdeNoise.BrownianTree };

    [Fact]
    public void Samplers_that_cannot_honour_the_Brownian_tree_throw_naming_NoiseProcess_and_the_sampler()
    {
        HandVp schedule = default;
        var d = new GaussianDenoiser(new[] { 0.0, 0.0 }, 1);
        double[] times = TimeSteps.Karras(schedule, 8);
        double[] x = new double[4];
        double lo = schedule.Sigma(times[5]), hi = schedule.Sigma(times[2]);

        void Refused(string sampler, Action run)
        {
            var ex = Assert.Throws<ArgumentException>(run);
            Assert.Equal("options", ex.ParamName);
            Assert.Contains("NoiseProcess", ex.Message);
            Assert.Contains(sampler, ex.Message);
        }

        Refused(nameof(EdmStochasticSampler), () => EdmStochasticSampler.Sample(schedule, d, times, x.AsSpan(), new ChurnSettings(10), Brownian));
        Refused(nameof(EulerMaruyamaSampler), () => EulerMaruyamaSampler.Sample(schedule, d, times, x.AsSpan(), Brownian));
        Refused(nameof(LangevinSampler), () => LangevinSampler.Sample(schedule, d, times, x.AsSpan(), _ => 0.1, Brownian));
        Refused(nameof(PredictorCorrectorSampler), () => PredictorCorrectorSampler.Sample(schedule, d, times, x.AsSpan(), 2, Predictor.ReverseSde, 1, 0.16, Brownian));
        Refused(nameof(LcmSampler), () => LcmSampler.Sample(schedule, d, times, x.AsSpan(), ConsistencyBoundary.None, Brownian));
        Refused(nameof(RestartSampler), () => RestartSampler.Sample(schedule, d, times, x.AsSpan(), new[] { new RestartSegment(3, 1, lo, hi) }, Brownian));

        // With the default (independent) noise they all run.
        EulerMaruyamaSampler.Sample(schedule, d, times, x.AsSpan());
        Assert.All(x, v => Assert.True(double.IsFinite(v)));
    }

    [Theory]
    [InlineData(SdeNoise.Independent)]
    [InlineData(SdeNoise.BrownianTree)]
    public void Euler_ancestral_reproduces_Gaussian_moments_from_a_wrong_start_with_either_noise_process(SdeNoise process)
    {
        // As the DPM++ SDE family's test (4000 samples, 5 standard errors, variance allowance 0.02), on 480 Karras points:
        // Euler ancestral is first order and under-disperses by about 0.1 in the variance at 48 points with either noise
        // (measured: 0.397 independent, 0.380 tree, against c^2 = 0.49), so the grid is 10 times finer to bring that
        // O(1/N) bias to about 0.01. The tree's normalised increments are standard normal and independent across disjoint
        // steps (BrownianTreeTests), so the law of the run is that of independent noise.
        double[] times = TimeSteps.Karras(default(HandVp), 480);
        SamplerHarness.AssertGaussianMoments(
            (s, d, t, x, o) => EulerAncestralSampler.Sample(s, d, t, x, 1.0, o with { NoiseProcess = process }),
            times, 4000, 0.02, _output.WriteLine, $"Euler ancestral ({process})");
    }

    [Fact]
    public void Euler_ancestral_with_the_Brownian_tree_is_bitwise_reproducible_across_threads_and_batch_sizes()
    {
        SamplerHarness.AssertReproducible((s, d, t, x, o) => EulerAncestralSampler.Sample(s, d, t, x, 1.0, o), SdeNoise.BrownianTree);
    }

    [Fact]
    public void Euler_ancestral_with_the_Brownian_tree_changes_smoothly_when_the_grid_is_refined()
    {
        // The point of the tree (docs/math.md §15.7): grids of 40 and 80 Karras points see the same Brownian path, so their
        // samples differ by discretisation error only; with independent noise they are unrelated draws (RMS difference about
        // sqrt(2) c = 1 for Gaussian data with c = 0.7). Asserted: the tree's RMS difference is below a quarter of the
        // independent one's, and the independent one is above 0.5 (the check would otherwise be vacuous).
        HandVp schedule = default;
        var denoiser = new GaussianDenoiser(new[] { 0.5, -1.0 }, SamplerHarness.C);
        float[] start = new float[2 * 2000];
        double[] coarse = TimeSteps.Karras(schedule, 40), fine = TimeSteps.Karras(schedule, 80);
        Prior.Sample(schedule, coarse[0], start.AsSpan(), 2);

        double Rms(SdeNoise process)
        {
            var options = new SamplingOptions { Seed = 6, NoiseProcess = process };
            float[] a = (float[])start.Clone(), b = (float[])start.Clone();
            EulerAncestralSampler.Sample(schedule, (IDenoiser<float>)denoiser, coarse, a.AsSpan(), 1.0, options);
            EulerAncestralSampler.Sample(schedule, (IDenoiser<float>)denoiser, fine, b.AsSpan(), 1.0, options);
            return Math.Sqrt(a.Zip(b, (p, q) => (double)(p - q) * (p - q)).Average());
        }

        double tree = Rms(SdeNoise.BrownianTree), independent = Rms(SdeNoise.Independent);
        _output.WriteLine($"RMS difference 40 vs 80 points: Brownian tree {tree:F4}, independent {independent:F4}");
        Assert.True(independent > 0.5, $"independent {independent}");
        Assert.True(tree < independent / 4, $"tree {tree} vs independent {independent}");
    }
}
