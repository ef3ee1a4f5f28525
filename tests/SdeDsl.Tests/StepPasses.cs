using System;
using System.Numerics;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Schedules;

namespace SdeDsl.Tests;

/// <summary>Each sampler step's fused pass alone, under one name per pass, for the kernel tests.</summary>
internal static class StepPasses
{
    public static void EulerOde<TS, T>(in TS schedule, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> d, Span<T> xNext, Span<T> yNext, KernelOptions options = default)
        where TS : struct, INoiseSchedule where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        EulerSampler.Step<TS, T>.Pass(schedule, t, tNext, x, d, xNext, yNext, options);

    public static void HeunCorrection<TS, T>(
        in TS schedule, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> d, ReadOnlySpan<T> xp, ReadOnlySpan<T> dp,
        Span<T> xNext, Span<T> yNext, KernelOptions options = default)
        where TS : struct, INoiseSchedule where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        HeunSampler.Step<TS, T>.Correction(schedule, t, tNext, x, d, xp, dp, xNext, yNext, options);

    public static void ReverseSdeEulerMaruyama<TS, T>(
        in TS schedule, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> d, GaussianNoise noise, ulong step,
        Span<T> xNext, Span<T> yNext, KernelOptions options = default)
        where TS : struct, INoiseSchedule where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        EulerMaruyamaSampler.Step<TS, T>.Pass(schedule, t, tNext, x, d, new NoiseKey(noise.Seed, step), xNext, yNext, options);

    public static void Langevin<TS, T>(
        in TS schedule, double t, double tNext, double beta, ReadOnlySpan<T> x, ReadOnlySpan<T> d, GaussianNoise noise, ulong step,
        Span<T> xNext, Span<T> yNext, KernelOptions options = default)
        where TS : struct, INoiseSchedule where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        LangevinSampler.Step<TS, T>.Pass(schedule, t, tNext, beta, x, d, new NoiseKey(noise.Seed, step), xNext, yNext, options);

    public static void Churn<TS, T>(
        in TS schedule, double t, double tHat, double sNoise, ReadOnlySpan<T> x, GaussianNoise noise, ulong step,
        Span<T> xHat, Span<T> yHat, KernelOptions options = default)
        where TS : struct, INoiseSchedule where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        HeunSampler.Step<TS, T>.ChurnPass(schedule, t, tHat, sNoise, x, new NoiseKey(noise.Seed, step), xHat, yHat, options);

    public static void Ancestral<TS, T>(
        in TS schedule, double t, double tNext, double eta, ReadOnlySpan<T> x, ReadOnlySpan<T> d, GaussianNoise noise, ulong step,
        Span<T> xNext, Span<T> yNext, KernelOptions options = default)
        where TS : struct, INoiseSchedule where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        EulerAncestralSampler.Step<TS, T>.Pass(schedule, t, tNext, eta, x, d, new NoiseKey(noise.Seed, step), xNext, yNext, options);

    public static void Ddim<TS, T>(in TS schedule, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> d, Span<T> xNext, Span<T> yNext, KernelOptions options = default)
        where TS : struct, INoiseSchedule where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        DdimSampler.Step<TS, T>.Pass(schedule, t, tNext, x, d, xNext, yNext, options);

    public static void DpmSolverPlusPlus2M<TS, T>(
        in TS schedule, double tPrevious, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> d, ReadOnlySpan<T> dPrevious,
        Span<T> xNext, Span<T> yNext, KernelOptions options = default)
        where TS : struct, INoiseSchedule where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        DpmSolverPlusPlus2MSampler.Step<TS, T>.Pass(schedule, tPrevious, t, tNext, x, d, dPrevious, xNext, yNext, options);

    public static void LangevinCorrector<TS, T>(
        in TS schedule, double t, double stepSize, ReadOnlySpan<T> x, ReadOnlySpan<T> d, GaussianNoise noise, ulong step, long noiseOffset,
        Span<T> xNext, Span<T> yNext, KernelOptions options = default)
        where TS : struct, INoiseSchedule where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (double cx, double cd, double cz) = ScheduleStepCoefficients.LangevinCorrector(schedule, t, stepSize);
        FusedPass.CombineWithNoise(cx, x, cd, d, cz, new NoiseKey(noise.Seed, step), noiseOffset, xNext, yNext, 1 / schedule.Scale(t), options);
    }

    public static void ForwardSample<TS, T>(in TS schedule, double t, ReadOnlySpan<T> x0, GaussianNoise noise, ulong step, Span<T> xt, KernelOptions options = default)
        where TS : struct, INoiseSchedule where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        ForwardProcess.Sample(schedule, t, x0, noise, step, xt, options);

    public static void Perturb<TS, T>(in TS schedule, double t, ReadOnlySpan<T> x0, ReadOnlySpan<T> epsilon, Span<T> xt, KernelOptions options = default)
        where TS : struct, INoiseSchedule where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        ForwardProcess.Perturb(schedule, t, x0, epsilon, xt, options);

    public static void Scale<T>(ReadOnlySpan<T> x, double factor, Span<T> y, KernelOptions options = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        FusedPass.Combine(factor, x, y, options);
}
