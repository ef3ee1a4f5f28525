using System;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Samplers;
using SdeDsl.Schedules;
using Xunit;

namespace SdeDsl.Tests.Schedules;

/// <summary>VP declared by drift and diffusion (design.md), generated in this test assembly.</summary>
[NoiseSchedule(TMin = 1e-3, TMax = 1)]
public partial struct VpBySde
{
    private const double BetaMin = 0.1, BetaD = 19.9;

    [Drift] private static double F(double t) => -0.5 * (BetaMin + BetaD * t);

    [Diffusion] private static double G(double t) => Math.Sqrt(BetaMin + BetaD * t);
}

public sealed class DeclaredBothWaysTests
{
    [Fact]
    public void VP_declared_by_f_and_g_gives_the_same_samples_as_VP_declared_by_s_and_sigma()
    {
        var denoiser = GaussianMixtureDenoiser.Isotropic(
            new[] { 0.3, 0.7 }, new[] { new[] { -1.0, 0.5 }, new[] { 2.0, -1.0 } }, new[] { 0.3, 0.5 });
        const int Count = 256 * 2;

        float[] bySigma = Sample(default(Vp), denoiser, Count);
        float[] bySde = Sample(default(VpBySde), denoiser, Count);

        // The generator integrates VpBySde to exactly Vp's closed forms, so every step computes the same bits.
        Assert.Equal(bySigma, bySde);
        Assert.All(bySigma, v => Assert.True(float.IsFinite(v)));
    }

    private static float[] Sample<TSchedule>(TSchedule schedule, GaussianMixtureDenoiser denoiser, int count)
        where TSchedule : struct, INoiseSchedule
    {
        var x = new float[count];
        double[] times = TimeSteps.VpLinear(schedule, 32);
        Prior.Sample(schedule, times[0], x, seed: 7);
        EulerMaruyamaSampler.Sample(schedule, denoiser, times, x.AsSpan(), new SamplingOptions { Seed = 11 });
        return x;
    }
}
