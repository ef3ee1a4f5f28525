using System;
using System.Linq;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Tests.TestSchedules;
using Xunit;

namespace SdeDsl.Tests.SamplersAndGrids;

/// <summary>Every new sampler runs on float and double tensors and the float run tracks the double one.</summary>
public sealed class PrecisionTests
{
    private static int Run<T>(string name, HandVp s, IDenoiser<T> d, double[] t, Span<T> x, SamplingOptions o)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T> => name switch
        {
            "2M SDE" => DpmSolverPlusPlus2MSdeSampler.Sample(s, d, t, x, 0, options: o),
            "3M SDE" => DpmSolverPlusPlus3MSdeSampler.Sample(s, d, t, x, 0, o),
            "SDE" => DpmSolverPlusPlusSdeSampler.Sample(s, d, t, x, 0, options: o),
            "2S ancestral" => DpmSolverPlusPlus2SAncestralSampler.Sample(s, d, t, x, 0, o),
            "UniPC" => UniPcSampler.Sample(s, d, t, x, 3, options: o),
            "LMS" => LmsSampler.Sample(s, d, t, x, 4, o),
            "iPNDM" => IPndmSampler.Sample(s, d, t, x, 4, o),
            "LCM" => LcmSampler.Sample(s, d, t, x, ConsistencyBoundary.None, o),
            _ => throw new ArgumentException(name),
        };

    [Theory]
    [InlineData("2M SDE")]
    [InlineData("3M SDE")]
    [InlineData("SDE")]
    [InlineData("2S ancestral")]
    [InlineData("UniPC")]
    [InlineData("LMS")]
    [InlineData("iPNDM")]
    [InlineData("LCM")]
    public void Float_tensors_track_the_double_result(string name)
    {
        // Deterministic settings (eta = 0; LCM's noise is the same normal stream drawn in float or double precision, so
        // it gets a looser bound). 20 steps on VP with the Gaussian denoiser, data of size 1: float rounding (6e-8
        // relative) accumulated over 20 steps of contractive updates stays below 1e-5; LCM's float and double normals
        // are different constructions (docs/math.md §8.5), so only the sample statistics agree: checked through means.
        HandVp schedule = default;
        var denoiser = new GaussianDenoiser(new[] { 0.5, -1.0 }, 0.7);
        double[] times = TimeSteps.Karras(schedule, 20);
        double[] xd = new double[2000];
        Prior.Sample(schedule, times[0], xd.AsSpan(), 2);
        float[] xf = xd.Select(v => (float)v).ToArray();
        var options = new SamplingOptions { Seed = 1 };
        Run<double>(name, schedule, denoiser, times, xd.AsSpan(), options);
        Run<float>(name, schedule, denoiser, times, xf.AsSpan(), options);
        Assert.All(xf, v => Assert.True(float.IsFinite(v)));
        if (name == "LCM")
        {
            // Means of 1000 samples per coordinate, SE 0.7/sqrt(1000) = 0.022 each: the two runs agree within 5 SE of the difference.
            for (int j = 0; j < 2; j++)
            {
                double md = Enumerable.Range(0, 1000).Average(k => xd[2 * k + j]), mf = Enumerable.Range(0, 1000).Average(k => (double)xf[2 * k + j]);
                Assert.InRange(md - mf, -5 * 0.7 * Math.Sqrt(2.0 / 1000), 5 * 0.7 * Math.Sqrt(2.0 / 1000));
            }
        }
        else
        {
            double worst = xd.Zip(xf, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(worst < 1e-5, $"{name}: float differs from double by {worst:E2}");
        }
    }
}
