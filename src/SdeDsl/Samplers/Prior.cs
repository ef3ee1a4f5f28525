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
        if (!(t >= schedule.TMin && t <= schedule.TMax))
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, $"t must lie in [{schedule.TMin:R}, {schedule.TMax:R}].");
        }

        FusedPass.Noise(x, new NoiseKey(seed, Stream), 0, schedule.Scale(t) * schedule.Sigma(t), options);
    }

    /// <summary>
    /// Fills <paramref name="x"/>, whole samples of <paramref name="samples"/>.Dimension elements, with
    /// s(t) sigma(t) z, z the sample-keyed normals of <see cref="Stream"/> (docs/math.md §13): element j of sample i
    /// depends only on (seed, FirstIndex + i, j) or (Seeds[i], j), so x_T of a sample is the same alone, in any
    /// batch and in any shard.
    /// </summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="t">The starting time, usually the grid's first time (TMax).</param>
    /// <param name="x">Receives x_T, samples × dimension elements.</param>
    /// <param name="seed">The base seed (not used by a per-sample-seed layout).</param>
    /// <param name="samples">The per-sample layout; pass the same one as <see cref="SamplingOptions.Samples"/>.</param>
    /// <param name="options">Kernel settings (never change the result).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> lies outside [TMin, TMax].</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not a whole number of samples or does not match the seeds.</exception>
    public static void Sample<TSchedule, T>(in TSchedule schedule, double t, Span<T> x, ulong seed, SampleLayout samples)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Sample(schedule, t, x, seed, samples, default(KernelOptions));

    /// <inheritdoc cref="Sample{TSchedule, T}(in TSchedule, double, Span{T}, ulong, SampleLayout)"/>
    /// <param name="schedule">The schedule.</param>
    /// <param name="t">The starting time, usually the grid's first time (TMax).</param>
    /// <param name="x">Receives x_T, samples × dimension elements.</param>
    /// <param name="seed">The base seed (not used by a per-sample-seed layout).</param>
    /// <param name="samples">The per-sample layout; pass the same one as <see cref="SamplingOptions.Samples"/>.</param>
    /// <param name="options">Kernel settings (never change the result).</param>
    public static void Sample<TSchedule, T>(
        in TSchedule schedule, double t, Span<T> x, ulong seed, SampleLayout samples, KernelOptions options)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!(t >= schedule.TMin && t <= schedule.TMax))
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, $"t must lie in [{schedule.TMin:R}, {schedule.TMax:R}].");
        }

        samples.Validate(x.Length, nameof(samples));
        FusedPass.Noise(x, new NoiseKey(seed, Stream, samples), 0, schedule.Scale(t) * schedule.Sigma(t), options);
    }
}
