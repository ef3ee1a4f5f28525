using System;
using System.Linq;
using SdeDsl.Discretisation;
using SdeDsl.Samplers;
using SdeDsl.Tests.TestSchedules;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests.SamplersAndGrids;

/// <summary>The DPM-Solver++ SDE family and 2S ancestral (docs/math.md §15.1-§15.4).</summary>
public sealed class DpmSolverSdeFamilyTests
{
    private readonly ITestOutputHelper _output;

    public DpmSolverSdeFamilyTests(ITestOutputHelper output) => _output = output;

    private static AnySampler<TS, T> Of<TS, T>(string name, double eta, SdeNoise process = SdeNoise.Independent)
        where TS : struct, INoiseSchedule
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        => (s, d, t, x, o) =>
        {
            o = o with { NoiseProcess = process };
            return name switch
            {
                "2M SDE midpoint" => DpmSolverPlusPlus2MSdeSampler.Sample(s, d, t, x, eta, DpmSolverSdeVariant.Midpoint, o),
                "2M SDE heun" => DpmSolverPlusPlus2MSdeSampler.Sample(s, d, t, x, eta, DpmSolverSdeVariant.Heun, o),
                "3M SDE" => DpmSolverPlusPlus3MSdeSampler.Sample(s, d, t, x, eta, o),
                "SDE" => DpmSolverPlusPlusSdeSampler.Sample(s, d, t, x, eta, 0.5, o),
                "2S ancestral" => DpmSolverPlusPlus2SAncestralSampler.Sample(s, d, t, x, eta, o),
                _ => throw new ArgumentException(name),
            };
        };

    [Theory]
    // With eta = 0 each is its deterministic solver: DPM-Solver++(2M) (both corrections), (3M), (2S): orders 2, 2, 3,
    // 2, 2 (Lu et al. 2022, Theorems 3.2/4.1). 3M weights its second difference by 2 phi_3 (docs/math.md §15.2; with
    // k-diffusion's phi_3 the fitted order here was 2.1-2.3). Its DDIM and 2M warm-up steps sit at sigma >> c where D
    // barely changes, so the interior order shows (the VP slope is still steep: 4.3 measured). Fitted over N = 32..256;
    // bound +-0.25 around the order, +1.5 above for 3M (pre-asymptotic: the errors fall faster than h^3 at first).
    [InlineData("2M SDE midpoint", 2.0)]
    [InlineData("2M SDE heun", 2.0)]
    [InlineData("3M SDE", 3.0, 1.5)]
    [InlineData("SDE", 2.0)]
    [InlineData("2S ancestral", 2.0)]
    public void With_eta_zero_the_error_falls_at_the_solvers_order(string name, double order, double above = 0.25)
    {
        int[] counts = { 32, 64, 128, 256 };
        var (edm, vp, e, v) = SamplerHarness.Orders(Of<HandEdm, double>(name, 0), Of<HandVp, double>(name, 0), counts);
        _output.WriteLine($"{name}: expected order {order}; EDM errors {string.Join(", ", e.Select(x => x.ToString("E2")))} fitted {edm:F3}");
        _output.WriteLine($"{name}: expected order {order}; VP  errors {string.Join(", ", v.Select(x => x.ToString("E2")))} fitted {vp:F3}");
        Assert.InRange(edm, order - 0.25, order + above);
        Assert.InRange(vp, order - 0.25, order + above);
    }

    [Theory]
    // eta = 1: the reverse SDE. 4000 samples; variance allowance 0.02 (about 4% of c^2) for the discretisation bias of
    // 48 Karras steps (the ancestral noise at coarse steps, documented in the output).
    [InlineData("2M SDE midpoint", SdeNoise.Independent)]
    [InlineData("2M SDE heun", SdeNoise.Independent)]
    [InlineData("3M SDE", SdeNoise.Independent)]
    [InlineData("SDE", SdeNoise.Independent)]
    [InlineData("2S ancestral", SdeNoise.Independent)]
    [InlineData("2M SDE midpoint", SdeNoise.BrownianTree)]
    [InlineData("SDE", SdeNoise.BrownianTree)]
    public void Gaussian_data_mean_and_variance_are_reproduced_from_a_wrong_start(string name, SdeNoise process)
    {
        double[] times = TimeSteps.Karras(default(HandVp), 48);
        SamplerHarness.AssertGaussianMoments(Of<HandVp, float>(name, 1, process), times, 4000, 0.02, _output.WriteLine, $"{name} ({process})");
    }

    [Theory]
    [InlineData("2M SDE midpoint")]
    [InlineData("3M SDE")]
    [InlineData("SDE")]
    [InlineData("2S ancestral")]
    public void Mixture_weights_are_reproduced_from_a_wrong_start(string name)
    {
        SamplerHarness.AssertMixtureWeights(Of<HandEdm, float>(name, 1), TimeSteps.Karras(default(HandEdm), 32), 2000, _output.WriteLine, name);
    }

    [Theory]
    [InlineData("2M SDE midpoint", SdeNoise.Independent)]
    [InlineData("2M SDE heun", SdeNoise.BrownianTree)]
    [InlineData("3M SDE", SdeNoise.Independent)]
    [InlineData("3M SDE", SdeNoise.BrownianTree)]
    [InlineData("SDE", SdeNoise.Independent)]
    [InlineData("SDE", SdeNoise.BrownianTree)]
    [InlineData("2S ancestral", SdeNoise.Independent)]
    [InlineData("2S ancestral", SdeNoise.BrownianTree)]
    public void Bitwise_reproducible_across_threads_chunks_vector_widths_and_batch_sizes(string name, SdeNoise process)
    {
        SamplerHarness.AssertReproducible(Of<HandVp, float>(name, 1, process), process);
    }

    [Fact]
    public void Bad_eta_and_r_are_rejected_naming_the_argument()
    {
        double[] x = new double[4];
        var d = new Denoisers.GaussianDenoiser(new[] { 0.0, 0.0 }, 1.0);
        double[] times = TimeSteps.Karras(default(HandEdm), 4);
        Assert.Equal("eta", Assert.Throws<ArgumentOutOfRangeException>(() => DpmSolverPlusPlus2MSdeSampler.Sample(default(HandEdm), d, times, x.AsSpan(), -1)).ParamName);
        Assert.Equal("r", Assert.Throws<ArgumentOutOfRangeException>(() => DpmSolverPlusPlusSdeSampler.Sample(default(HandEdm), d, times, x.AsSpan(), 1, 1.5)).ParamName);
    }
}
