using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using SdeDsl.Denoisers;
using SdeDsl.Samplers;
using SdeDsl.Tests.TestSchedules;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests.SamplersAndGrids;

/// <summary>
/// DPM-Solver++(3M) SDE's second-difference weight (docs/math.md §15.2): <see cref="DpmSolver3MWeight.KDiffusion"/> against
/// dpmpp_3m_sde_reference.py, a numpy re-implementation of k-diffusion's sample_dpmpp_3m_sde (golden values in
/// dpmpp_3m_sde_golden.txt; regenerate with /usr/bin/python3 dpmpp_3m_sde_reference.py).
/// </summary>
public sealed class DpmSolver3MWeightTests
{
    // The script's case: EDM form (HandEdm, sigma = t, s = 1), Gaussian data N(mu, 0.7^2 I), eta = 0, these sigmas and starts.
    private static readonly double[] Sigmas = { 10.0, 6.0, 3.5, 2.0, 1.1, 0.6, 0.3, 0.15 };
    private static readonly double[] Start = { 7.1, -3.2, -12.5, 4.4, 0.3, 9.9 };
    private static readonly double[] Mu = { 0.5, -1.0 };

    // 1e-12 absolute on values of order 1: both sides evaluate the same update in double; they differ only in the order of
    // the additions (the C# side folds the divided differences into three coefficients of D, D_1, D_2) and in expm1/log
    // rounding, a few ulps per step over 7 steps.
    private const double Tolerance = 1e-12;

    private readonly ITestOutputHelper _output;

    public DpmSolver3MWeightTests(ITestOutputHelper output) => _output = output;

    private static Dictionary<string, double[]> Golden([CallerFilePath] string here = "") =>
        File.ReadAllLines(Path.Combine(Path.GetDirectoryName(here)!, "dpmpp_3m_sde_golden.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToDictionary(l => l.Split(' ')[0], l => l.Split(' ').Skip(1).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray());

    private static double[] Run(DpmSolver3MWeight weight, bool toZero)
    {
        double[] x = (double[])Start.Clone();
        var denoiser = new GaussianDenoiser(Mu, 0.7);
        int calls = DpmSolverPlusPlus3MSdeSampler.Sample(
            default(HandEdm), denoiser, Sigmas, x.AsSpan(), 0.0, new SamplingOptions { DenoiseToZero = toZero }, weight: weight);
        Assert.Equal(toZero ? Sigmas.Length : Sigmas.Length - 1, calls);
        return x;
    }

    [Theory]
    [InlineData("end_at_last_sigma", false)]
    [InlineData("denoise_to_zero", true)]
    public void The_KDiffusion_weight_matches_k_diffusions_sample_dpmpp_3m_sde(string name, bool toZero)
    {
        double[] expected = Golden()[name];
        double[] kDiffusion = Run(DpmSolver3MWeight.KDiffusion, toZero);
        double[] thirdOrder = Run(DpmSolver3MWeight.ThirdOrder, toZero);
        double worst = expected.Zip(kDiffusion, (e, a) => Math.Abs(e - a)).Max();
        double apart = expected.Zip(thirdOrder, (e, a) => Math.Abs(e - a)).Max();
        _output.WriteLine($"{name}: KDiffusion max |diff| {worst:E2}; ThirdOrder differs from k-diffusion by {apart:E2}");
        Assert.Equal(expected.Length, kDiffusion.Length);
        Assert.True(worst <= Tolerance, $"KDiffusion differs from the reference by {worst:E3}");
        Assert.True(apart > 1e-6, $"ThirdOrder should differ from k-diffusion's weight (by {apart:E3}), or the check is vacuous");
    }

    [Fact]
    public void ThirdOrder_is_the_default_and_KDiffusion_is_lower_order()
    {
        // The default equals ThirdOrder bit for bit. Orders (eta = 0, exact Gaussian-data endpoint, Karras grids under EDM
        // and uniform log-SNR under VP, as the family's order test): with phi_3 the quadratic term's local error is
        // O(h^3), so KDiffusion is second order; ThirdOrder is third (asserted in the family's test). On EDM the
        // KDiffusion slope is still rising at N = 32..256 (local slopes 1.0, 1.7, 1.9: fitted 1.57), so the fit is over
        // N = 64..512. Asserted: KDiffusion in [1.75, 2.35] (2 +- the pre-asymptotic drift seen) and ThirdOrder steeper
        // by at least 0.4 on both schedules.
        double[] byDefault = (double[])Start.Clone();
        DpmSolverPlusPlus3MSdeSampler.Sample(default(HandEdm), new GaussianDenoiser(Mu, 0.7), Sigmas, byDefault.AsSpan(), 0.0);
        double[] third = (double[])Start.Clone();
        DpmSolverPlusPlus3MSdeSampler.Sample(default(HandEdm), new GaussianDenoiser(Mu, 0.7), Sigmas, third.AsSpan(), 0.0, weight: DpmSolver3MWeight.ThirdOrder);
        Assert.Equal(third.Select(BitConverter.DoubleToInt64Bits), byDefault.Select(BitConverter.DoubleToInt64Bits));

        int[] counts = { 64, 128, 256, 512 };
        var k = SamplerHarness.Orders(
            (s, d, t, x, o) => DpmSolverPlusPlus3MSdeSampler.Sample(s, d, t, x, 0.0, o, weight: DpmSolver3MWeight.KDiffusion),
            (s, d, t, x, o) => DpmSolverPlusPlus3MSdeSampler.Sample(s, d, t, x, 0.0, o, weight: DpmSolver3MWeight.KDiffusion), counts);
        var third3 = SamplerHarness.Orders(
            (s, d, t, x, o) => DpmSolverPlusPlus3MSdeSampler.Sample(s, d, t, x, 0.0, o),
            (s, d, t, x, o) => DpmSolverPlusPlus3MSdeSampler.Sample(s, d, t, x, 0.0, o), counts);
        _output.WriteLine($"orders: KDiffusion EDM {k.Edm:F3}, VP {k.Vp:F3}; ThirdOrder EDM {third3.Edm:F3}, VP {third3.Vp:F3}");
        _output.WriteLine($"KDiffusion errors EDM {string.Join(", ", k.EdmErrors.Select(e => e.ToString("E2")))}; VP {string.Join(", ", k.VpErrors.Select(e => e.ToString("E2")))}");
        Assert.InRange(k.Edm, 1.75, 2.35);
        Assert.InRange(k.Vp, 1.75, 2.35);
        Assert.True(third3.Edm - k.Edm >= 0.4 && third3.Vp - k.Vp >= 0.4, "ThirdOrder should converge faster");
    }

    [Fact]
    public void An_undefined_weight_names_the_argument()
    {
        double[] x = (double[])Start.Clone();
        Assert.Equal("weight", Assert.Throws<ArgumentOutOfRangeException>(() => DpmSolverPlusPlus3MSdeSampler.Sample(
            default(HandEdm), new GaussianDenoiser(Mu, 0.7), Sigmas, x.AsSpan(), 0.0, weight: (DpmSolver3MWeight)7)).ParamName);
    }
}
