using System;
using System.Numerics;
using SdeDsl.Kernels;
using SdeDsl.Noise;

namespace SdeDsl.Samplers;

/// <summary>
/// Inpainting: the part of the sample that is known. After the run's start and after every step the sampler
/// re-imposes it, forward-noised to the noise level the state has reached (docs/math.md §7.12):
/// x = (1 - m) x + m s(t) (image + sigma(t) z), with z the prior's normals for <see cref="Seed"/> (the same z at
/// every step, as diffusers' inpainting does) and, after the final step into sigma = 0, x = (1 - m) x + m image.
/// </summary>
/// <remarks>
/// Pass it as <see cref="SamplingOptions.KnownRegion"/> to any sampler. The mask is per element, in [0, 1]: 1 keeps
/// the image, 0 lets the sampler generate, values between blend. The image is in data space (for a latent model, the
/// latents of the image). Using the same seed as <c>Prior.Sample</c> or <c>ImageToImage.Prepare</c>
/// makes the re-imposed noise the noise the run started from.
/// </remarks>
public sealed class KnownRegion
{
    private readonly double[] _image;
    private readonly double[] _mask;

    /// <summary>Creates the known region from the clean image and the mask (both copied).</summary>
    /// <exception cref="ArgumentException">The lengths differ or are 0, an image value is not finite, or a mask value is outside [0, 1].</exception>
    public KnownRegion(ReadOnlySpan<double> image, ReadOnlySpan<double> mask, ulong seed)
    {
        if (image.IsEmpty || image.Length != mask.Length)
        {
            throw new ArgumentException($"The image has {image.Length} elements and the mask {mask.Length}; they must match and not be empty.", nameof(mask));
        }

        for (int i = 0; i < image.Length; i++)
        {
            if (!double.IsFinite(image[i]))
            {
                throw new ArgumentException($"image[{i}] = {image[i]} is not finite.", nameof(image));
            }

            if (!(mask[i] >= 0 && mask[i] <= 1))
            {
                throw new ArgumentException($"mask[{i}] = {mask[i]} is outside [0, 1].", nameof(mask));
            }
        }

        _image = image.ToArray();
        _mask = mask.ToArray();
        Seed = seed;
    }

    /// <summary>The seed of the prior noise the known region is forward-noised with.</summary>
    public ulong Seed { get; }

    /// <summary>The number of elements (the length of the state it applies to).</summary>
    public int Length => _image.Length;

    /// <summary>
    /// z: the prior's normals for <see cref="Seed"/>, sample-keyed with the run's layout when it has one (docs/math.md
    /// §13), drawn once per run into <paramref name="noise"/>.
    /// </summary>
    internal void DrawNoise<T>(Span<T> noise, SampleLayout? samples, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        DirectNoiseFill.Fill(noise, Prior.Key(Seed, samples), 0, options);

    /// <summary>
    /// Re-imposes the known region at noise level <paramref name="sigma"/> and scale <paramref name="s"/> (sigma = 0,
    /// s = 1 after the final step) on <paramref name="state"/>, and writes y = x/s into <paramref name="y"/> unless it
    /// is empty (s = 1 schedules).
    /// </summary>
    internal void Apply<T>(double s, double sigma, ReadOnlySpan<T> noise, Span<T> state, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double inverse = 1 / s;
        for (int i = 0; i < state.Length; i++)
        {
            double m = _mask[i];
            if (m == 0)
            {
                continue;
            }

            double known = s * (_image[i] + sigma * double.CreateTruncating(noise[i]));
            double x = m == 1 ? known : (1 - m) * double.CreateTruncating(state[i]) + m * known;
            state[i] = T.CreateTruncating(x);
            if (!y.IsEmpty)
            {
                y[i] = T.CreateTruncating(x * inverse);
            }
        }
    }
}
