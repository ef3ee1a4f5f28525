using System;
using System.Numerics;
using SdeDsl.Kernels;
using SdeDsl.Noise;

namespace SdeDsl.Samplers;

/// <summary>Draws the initial state x_T ~ N(0, s(T)^2 sigma(T)^2 I) from the counter-based noise.</summary>
public static class Prior
{
    /// <summary>The noise stream used for the prior (distinct from every sampler step's streams).</summary>
    public static ulong Stream => ulong.MaxValue;

    /// <summary>Fills <paramref name="x"/> with s(t) sigma(t) z, z the normals of <see cref="Stream"/> for <paramref name="seed"/>.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="t">The starting time, usually the grid's first time (TMax).</param>
    /// <param name="x">Receives x_T.</param>
    /// <param name="seed">The noise seed.</param>
    /// <param name="options">Kernel settings (never change the result).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> lies outside [TMin, TMax].</exception>
    public static void Sample<TSchedule, T>(in TSchedule schedule, double t, Span<T> x, ulong seed, KernelOptions options = default)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        TimeRange.Require(schedule, t, nameof(t));
        Draw(schedule, t, x, Key(seed, null), options);
    }

    /// <summary>
    /// Fills <paramref name="x"/> with x_T for a run with <paramref name="options"/>: s(t) sigma(t) z, z the normals of
    /// <see cref="Stream"/> for <see cref="SamplingOptions.Seed"/>, sample-keyed when
    /// <see cref="SamplingOptions.Samples"/> is set (docs/math.md §13: element j of sample i then depends only on
    /// (seed, FirstIndex + i, j) or (Seeds[i], j), so x_T of a sample is the same alone, in any batch and in any
    /// shard). Without a layout it is <c>Sample(schedule, t, x, options.Seed, options.Kernel)</c>.
    /// </summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="t">The starting time, usually the grid's first time (TMax).</param>
    /// <param name="x">Receives x_T (with a layout: samples × dimension elements).</param>
    /// <param name="options">The run's options: seed, per-sample layout and kernel settings (the latter never change the result).</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> lies outside [TMin, TMax].</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not a whole number of samples or does not match the layout's seeds.</exception>
    public static void Sample<TSchedule, T>(in TSchedule schedule, double t, Span<T> x, SamplingOptions options)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        TimeRange.Require(schedule, t, nameof(t));
        options.Samples?.Validate(x.Length, nameof(options));
        Draw(schedule, t, x, Key(options.Seed, options.Samples), options.Kernel);
    }

    /// <summary>The prior's noise stream for <paramref name="seed"/>, sample-keyed when <paramref name="samples"/> is set.</summary>
    internal static NoiseKey Key(ulong seed, SampleLayout? samples) => new(seed, Stream, samples ?? default);

    /// <summary>x = s(t) sigma(t) z for z of <paramref name="key"/>; t already checked.</summary>
    internal static void Draw<TSchedule, T>(in TSchedule schedule, double t, Span<T> x, in NoiseKey key, KernelOptions options)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        DirectNoiseFill.Fill(x, key, 0, schedule.Scale(t) * schedule.Sigma(t), options);
}
