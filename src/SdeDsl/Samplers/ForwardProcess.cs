using System;
using System.Numerics;
using SdeDsl.Kernels;
using SdeDsl.Noise;

namespace SdeDsl.Samplers;

/// <summary>
/// The forward (noising) process a training loop needs (docs/math.md §1): x_t = s(t) (x_0 + sigma(t) epsilon),
/// epsilon ~ N(0, I).
/// </summary>
public static class ForwardProcess
{
    /// <summary>Perturbs <paramref name="x0"/> to time <paramref name="t"/> with the given standard-normal noise.</summary>
    /// <exception cref="ArgumentException">Lengths differ or t is outside the schedule's range.</exception>
    public static void Perturb<TSchedule, T>(
        in TSchedule schedule, double t, ReadOnlySpan<T> x0, ReadOnlySpan<T> epsilon, Span<T> xt, KernelOptions options = default)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        TimeRange.Require(schedule, t, nameof(t));
        RequireSameLength(x0.Length, epsilon.Length, nameof(epsilon));
        RequireSameLength(x0.Length, xt.Length, nameof(xt));
        double s = schedule.Scale(t);
        FusedPass.Combine(s, x0, s * schedule.Sigma(t), epsilon, xt, default, 0, options);
    }

    /// <summary>
    /// Samples x_t ~ p(x_t | x_0) = N(s x_0, s^2 sigma^2 I) at time <paramref name="t"/>, with the noise drawn in the
    /// same pass from (seed, step).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or t is outside the schedule's range.</exception>
    public static void Sample<TSchedule, T>(
        in TSchedule schedule, double t, ReadOnlySpan<T> x0, GaussianNoise noise, ulong step, Span<T> xt, KernelOptions options = default)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        TimeRange.Require(schedule, t, nameof(t));
        RequireSameLength(x0.Length, xt.Length, nameof(xt));
        double s = schedule.Scale(t);
        FusedPass.CombineWithNoise(s, x0, s * schedule.Sigma(t), new NoiseKey(noise.Seed, step), xt, default, 0, options);
    }

    private static void RequireSameLength(int expected, int actual, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"'{name}' has {actual} elements but x0 has {expected}.", name);
        }
    }
}
