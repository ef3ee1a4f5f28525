using System;
using System.Numerics;
using SdeDsl.Kernels;
using SdeDsl.Noise;

namespace SdeDsl.Samplers;

/// <summary>
/// img2img: sampling that starts from a given image part-way down the grid (docs/math.md §7.11), with diffusers'
/// strength semantics: for N grid times and strength a, init = min(floor(N a), N) steps are taken, from grid index
/// max(N - init, 0), and the image is forward-noised to that index's noise level with the prior's noise.
/// </summary>
/// <example>
/// <code>
/// ReadOnlySpan&lt;double&gt; grid = ImageToImage.Prepare(schedule, times, strength: 0.6, image, x, seed: 7);
/// if (!grid.IsEmpty) EulerSampler.Sample(schedule, denoiser, grid, x.AsSpan());
/// </code>
/// </example>
public static class ImageToImage
{
    /// <summary>
    /// The grid index the run starts at: max(N - min(floor(N strength), N), 0) for N grid times (diffusers'
    /// <c>get_timesteps</c>). N means no step at all (strength 0: the image is returned as it is).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="strength"/> is outside [0, 1] or <paramref name="gridTimes"/> is not positive.</exception>
    public static int StartIndex(int gridTimes, double strength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gridTimes);
        if (!(strength >= 0 && strength <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(strength), strength, "The img2img strength must lie in [0, 1].");
        }

        int init = (int)Math.Min(Math.Floor(gridTimes * strength), gridTimes);
        return Math.Max(gridTimes - init, 0);
    }

    /// <summary>
    /// Writes the starting state into <paramref name="x"/> and returns the part of <paramref name="times"/> to
    /// sample over: from grid index i = <see cref="StartIndex"/>, x = s(t_i) (image + sigma(t_i) z) with z the
    /// normals <c>Prior.Sample</c> draws for <paramref name="seed"/>. At strength 1 (i = 0) the run is
    /// text-to-image: x is exactly the prior draw s(t_0) sigma(t_0) z and the image is not used (diffusers keeps a
    /// residual sqrt(alpha_bar_0) image there). At strength 0 x is the image and the returned grid is empty: skip
    /// the sampler.
    /// </summary>
    /// <param name="schedule">The schedule the sampler will use.</param>
    /// <param name="times">The full grid t_0 &gt; ... &gt; t_{N-1} a text-to-image run would use.</param>
    /// <param name="strength">How far to noise the image, in [0, 1].</param>
    /// <param name="image">The clean input in data space (for a latent model: its latents).</param>
    /// <param name="x">Receives the starting state; the same length as <paramref name="image"/>.</param>
    /// <param name="seed">The seed of the prior noise.</param>
    /// <param name="options">Kernel settings (never change the result).</param>
    /// <returns>The grid to pass to a sampler (empty at strength 0).</returns>
    /// <exception cref="ArgumentException">Lengths differ, the grid is empty or a grid time is outside the schedule's range.</exception>
    public static ReadOnlySpan<double> Prepare<TSchedule, T>(
        in TSchedule schedule, ReadOnlySpan<double> times, double strength, ReadOnlySpan<T> image, Span<T> x, ulong seed,
        KernelOptions options = default)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Start(schedule, times, strength, image, x, Prior.Key(seed, null), options);

    /// <summary>
    /// <see cref="Prepare{TSchedule, T}(in TSchedule, ReadOnlySpan{double}, double, ReadOnlySpan{T}, Span{T}, ulong, KernelOptions)"/>
    /// for a run with <paramref name="options"/>: the noise is the prior's for <see cref="SamplingOptions.Seed"/>,
    /// sample-keyed when <see cref="SamplingOptions.Samples"/> is set (docs/math.md §13), so a sample's start is the
    /// same alone, in any batch and in any shard.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">Lengths differ, the grid is empty, a grid time is outside the schedule's range or x does not match the layout.</exception>
    public static ReadOnlySpan<double> Prepare<TSchedule, T>(
        in TSchedule schedule, ReadOnlySpan<double> times, double strength, ReadOnlySpan<T> image, Span<T> x, SamplingOptions options)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Samples?.Validate(x.Length, nameof(options));
        return Start(schedule, times, strength, image, x, Prior.Key(options.Seed, options.Samples), options.Kernel);
    }

    private static ReadOnlySpan<double> Start<TSchedule, T>(
        in TSchedule schedule, ReadOnlySpan<double> times, double strength, ReadOnlySpan<T> image, Span<T> x, scoped in NoiseKey noise,
        KernelOptions options)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (times.IsEmpty)
        {
            throw new ArgumentException("The time grid is empty.", nameof(times));
        }

        if (image.Length != x.Length)
        {
            throw new ArgumentException($"x has {x.Length} elements but the image has {image.Length}.", nameof(x));
        }

        int start = StartIndex(times.Length, strength);
        if (start == times.Length)
        {
            image.CopyTo(x);
            return ReadOnlySpan<double>.Empty;
        }

        double t = times[start];
        if (!(t >= schedule.TMin && t <= schedule.TMax))
        {
            throw new ArgumentOutOfRangeException(nameof(times), t, $"times[{start}] = {t:R} lies outside [{schedule.TMin:R}, {schedule.TMax:R}].");
        }

        if (start == 0)
        {
            Prior.Draw(schedule, t, x, noise, options);
        }
        else
        {
            double s = schedule.Scale(t);
            FusedPass.CombineWithNoise(s, image, s * schedule.Sigma(t), noise, x, default, 0, options);
        }

        return times[start..];
    }
}
