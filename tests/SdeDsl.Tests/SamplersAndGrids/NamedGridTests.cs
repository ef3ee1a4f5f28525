using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using SdeDsl.Discretisation;
using SdeDsl.Schedules;
using SdeDsl.Tests.TestSchedules;
using Xunit;

namespace SdeDsl.Tests.SamplersAndGrids;

/// <summary>
/// The named grids (docs/math.md §15.6) against golden values from grids_reference.py beside this file: independent
/// numpy/scipy re-implementations of k-diffusion's and ComfyUI's grid formulas and NVIDIA's Align-Your-Steps tables,
/// on VP and on a 1000-step linear-beta discrete table.
/// </summary>
public sealed class NamedGridTests
{
    // Relative tolerance 1e-10: both sides evaluate the same closed forms in double; the differences are the
    // sigma -> t -> sigma round trip (about 1e-14 relative) and numpy's linspace rounding (1 ulp), far below it; the
    // beta grid's quantiles are rounded to integer timesteps on both sides.
    private const double Tolerance = 1e-10;

    private static Dictionary<string, double[]> Golden([CallerFilePath] string here = "")
    {
        string path = Path.Combine(Path.GetDirectoryName(here)!, "grids_golden.txt");
        return File.ReadAllLines(path).Where(l => l.Length > 0).ToDictionary(
            l => string.Join(' ', l.Split(' ').Take(3)),
            l => l.Split(' ').Skip(3).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    private static DiscreteSchedule LinearBetaTable()
    {
        double[] alphas = new double[1000];
        double p = 1;
        for (int i = 0; i < 1000; i++)
        {
            p *= 1 - (1e-4 + i * (0.02 - 1e-4) / 999);
            alphas[i] = p;
        }

        return DiscreteSchedule.FromAlphasCumprod(alphas);
    }

    private static SamplingGrid Grid<TS>(TS s, string name, int n) where TS : struct, INoiseSchedule => name switch
    {
        "karras" => NamedGrids.Karras(s, n),
        "exponential" => NamedGrids.Exponential(s, n),
        "polyexponential2" => NamedGrids.PolyExponential(s, n, 2),
        "sgm_uniform" => NamedGrids.SgmUniform(s, n),
        "simple" => NamedGrids.Simple(s, n),
        "ddim_uniform" => NamedGrids.DdimUniform(s, n),
        "beta" => NamedGrids.Beta(s, n),
        "linear_quadratic" => NamedGrids.LinearQuadratic(s, n),
        "kl_optimal" => NamedGrids.KlOptimal(s, n),
        _ => throw new ArgumentException(name),
    };

    private static void AssertClose(double[] expected, double[] actual, string context)
    {
        Assert.True(expected.Length == actual.Length, $"{context}: {actual.Length} sigmas, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= Tolerance * expected[i], $"{context}: sigma_{i} = {actual[i]:R}, expected {expected[i]:R}");
        }
    }

    [Theory]
    [InlineData("karras")]
    [InlineData("exponential")]
    [InlineData("polyexponential2")]
    [InlineData("sgm_uniform")]
    [InlineData("simple")]
    [InlineData("ddim_uniform")]
    [InlineData("beta")]
    [InlineData("linear_quadratic")]
    [InlineData("kl_optimal")]
    public void Grids_match_the_reference_implementation_on_VP_and_a_discrete_table(string name)
    {
        var golden = Golden();
        DiscreteSchedule discrete = LinearBetaTable();
        foreach (int n in new[] { 10, 7 })
        {
            SamplingGrid vp = Grid(default(Vp), name, n);
            AssertClose(golden[$"vp {name} {n}"], vp.Sigmas, $"vp {name} {n}");
            SamplingGrid table = Grid(discrete, name, n);
            AssertClose(golden[$"discrete {name} {n}"], table.Sigmas, $"discrete {name} {n}");
            Assert.True(vp.DenoiseToZero && table.DenoiseToZero);
            for (int i = 0; i < vp.Times.Length; i++)
            {
                Assert.Equal(default(Vp).Sigma(vp.Times[i]), vp.Sigmas[i], 1e-12 * vp.Sigmas[i]);
            }
        }
    }

    [Theory]
    [InlineData(AlignYourStepsModel.StableDiffusion15, "SD1")]
    [InlineData(AlignYourStepsModel.StableDiffusionXL, "SDXL")]
    [InlineData(AlignYourStepsModel.StableVideoDiffusion, "SVD")]
    public void Align_your_steps_tables_and_their_log_linear_interpolation_match_NVIDIAs(AlignYourStepsModel model, string key)
    {
        var golden = Golden();
        foreach (int n in new[] { 10, 25, 4 })
        {
            double[] levels = AlignYourSteps.Interpolate(model, n + 1);
            AssertClose(golden[$"ays {key} {n}"], levels.Take(n).ToArray(), $"ays {key} {n}");
        }

        Assert.Equal(14.6146412293, AlignYourSteps.Table(AlignYourStepsModel.StableDiffusion15)[0]);
    }

    [Fact]
    public void Align_your_steps_on_a_schedule_keeps_the_first_N_levels_and_maps_them_to_times()
    {
        HandEdm edm = default; // sigma = t on [0.002, 80] covers the SD 1.5 levels 14.6 .. 0.029
        SamplingGrid grid = NamedGrids.AlignYourSteps(edm, AlignYourStepsModel.StableDiffusion15, 10);
        Assert.Equal(AlignYourSteps.Table(AlignYourStepsModel.StableDiffusion15)[..10].ToArray(), grid.Sigmas);
        Assert.Equal(grid.Sigmas, grid.Times);
        Assert.Equal(10, grid.Steps);
        Assert.Throws<ArgumentOutOfRangeException>(() => NamedGrids.AlignYourSteps(edm, AlignYourStepsModel.StableVideoDiffusion, 10));
    }

    [Fact]
    public void Final_sigma_schedule_minimum_appends_TMin_and_stops_there()
    {
        Vp vp = default;
        SamplingGrid zero = NamedGrids.SgmUniform(vp, 8);
        SamplingGrid minimum = NamedGrids.SgmUniform(vp, 8, FinalSigma.ScheduleMinimum);
        Assert.True(zero.DenoiseToZero);
        Assert.False(minimum.DenoiseToZero);
        Assert.Equal(zero.Times.Append(vp.TMin).ToArray(), minimum.Times);
        Assert.Equal(vp.Sigma(vp.TMin), minimum.Sigmas[^1]);
        Assert.Equal(8, zero.Steps);
        Assert.Equal(8, minimum.Steps);
        Assert.Equal(0, zero.SigmasWithFinal()[^1]);

        // Karras already ends at sigma_min: nothing is appended.
        Assert.Equal(NamedGrids.Karras(vp, 8).Times, NamedGrids.Karras(vp, 8, final: FinalSigma.ScheduleMinimum).Times);
    }

    [Fact]
    public void Bad_arguments_name_themselves()
    {
        Vp vp = default;
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => NamedGrids.KlOptimal(vp, 0)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => NamedGrids.Beta(vp, 5, alpha: 0)).ParamName);
        Assert.Equal("rho", Assert.Throws<ArgumentOutOfRangeException>(() => NamedGrids.PolyExponential(vp, 5, -1)).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => NamedGrids.Simple(vp, 2000)).ParamName);
    }
}
