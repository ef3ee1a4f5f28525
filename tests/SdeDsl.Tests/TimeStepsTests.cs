using System;
using System.Linq;
using SdeDsl.Discretisation;
using SdeDsl.Tests.TestSchedules;
using Xunit;

namespace SdeDsl.Tests;

/// <summary>The discretisations of docs/math.md §6.</summary>
public sealed class TimeStepsTests
{
    private static void AssertDecreasingInRange<TS>(TS schedule, double[] times) where TS : struct, INoiseSchedule
    {
        for (int i = 0; i < times.Length; i++)
        {
            Assert.InRange(times[i], schedule.TMin, schedule.TMax);
            if (i > 0) Assert.True(times[i] < times[i - 1]);
        }
    }

    [Fact]
    public void Karras_follows_the_rho_formula_and_maps_through_sigma_inverse()
    {
        HandVp vp = default;
        double[] times = TimeSteps.Karras(vp, 18);
        AssertDecreasingInRange(vp, times);
        double hi = vp.Sigma(vp.TMax), lo = vp.Sigma(vp.TMin);
        for (int i = 0; i < 18; i++)
        {
            double expected = Math.Pow(Math.Pow(hi, 1 / 7.0) + i / 17.0 * (Math.Pow(lo, 1 / 7.0) - Math.Pow(hi, 1 / 7.0)), 7);
            Assert.Equal(expected, vp.Sigma(times[i]), 1e-10 * expected);
        }

        double[] edm = TimeSteps.Karras(default(HandEdm), 1);
        Assert.Equal(new[] { 80.0 }, edm);
    }

    [Fact]
    public void VpLinear_VeGeometric_UniformTime_and_UniformLogSnr_follow_their_formulas()
    {
        HandVp vp = default;
        double[] linear = TimeSteps.VpLinear(vp, 11);
        for (int i = 0; i < 11; i++) Assert.Equal(1 + i / 10.0 * (1e-3 - 1), linear[i], 1e-15);

        HandVe ve = default;
        double[] geometric = TimeSteps.VeGeometric(ve, 9);
        AssertDecreasingInRange(ve, geometric);
        Assert.Equal(100.0, Math.Sqrt(geometric[0]), 1e-12);
        Assert.Equal(0.02, Math.Sqrt(geometric[^1]), 1e-15);
        double ratio = Math.Sqrt(geometric[1] / geometric[0]);
        for (int i = 1; i < 9; i++) Assert.Equal(ratio, Math.Sqrt(geometric[i] / geometric[i - 1]), 1e-12);

        double[] logSnr = TimeSteps.UniformLogSnr(vp, 7);
        double[] lambda = logSnr.Select(t => -Math.Log(vp.Sigma(t))).ToArray();
        for (int i = 2; i < 7; i++) Assert.Equal(lambda[1] - lambda[0], lambda[i] - lambda[i - 1], 1e-9);

        double[] uniform = TimeSteps.UniformTime(default(HandEdm), 5);
        Assert.Equal(new[] { 80, 80 + 0.25 * (0.002 - 80), 80 + 0.5 * (0.002 - 80), 80 + 0.75 * (0.002 - 80), 0.002 }, uniform);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        HandEdm edm = default;
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => TimeSteps.Karras(edm, 0)).ParamName);
        Assert.Equal("sigmaMin", Assert.Throws<ArgumentOutOfRangeException>(() => TimeSteps.Karras(edm, 5, sigmaMin: 0.0001)).ParamName);
        Assert.Equal("sigmaMax", Assert.Throws<ArgumentOutOfRangeException>(() => TimeSteps.VeGeometric(edm, 5, sigmaMax: 100)).ParamName);
        Assert.Equal("epsS", Assert.Throws<ArgumentOutOfRangeException>(() => TimeSteps.VpLinear(default(HandVp), 5, 0)).ParamName);
        Assert.Equal("rho", Assert.Throws<ArgumentOutOfRangeException>(() => TimeSteps.Karras(edm, 5, rho: 0)).ParamName);
    }
}
