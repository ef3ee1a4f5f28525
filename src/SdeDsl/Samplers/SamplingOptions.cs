using System;
using System.Threading;
using SdeDsl.Kernels;
using SdeDsl.Noise;

namespace SdeDsl.Samplers;

/// <summary>Settings shared by every sampler.</summary>
public sealed record SamplingOptions
{
    /// <summary>The default options.</summary>
    public static SamplingOptions Default { get; } = new();

    /// <summary>The seed of the counter-based noise (stochastic samplers only). Stream k of step i is (i &lt;&lt; 32) | k (docs/math.md §8).</summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// Sample-keyed noise (docs/math.md §13): when set, x holds whole samples of <see cref="SampleLayout.Dimension"/>
    /// elements and each sample's noise is keyed by (<see cref="Seed"/>, its global index
    /// <see cref="SampleLayout.FirstIndex"/> + i) or by its own seed, so a sample is bitwise the same alone, in any
    /// batch, or in a shard (pass <see cref="SampleLayout.Slice"/> of the whole batch's layout). When null (the
    /// default) element n of the buffer draws element n of the step's single stream (docs/math.md §8.2).
    /// With per-sample seeds <see cref="Seed"/> is not used for the noise.
    /// </summary>
    public SampleLayout? Samples { get; init; }

    /// <summary>
    /// When true (the default) the run ends with the explicit final step into sigma = 0: x = D(y; sigma_last), one
    /// denoiser call and no division. When false the run stops at the last time of the grid, still in the schedule's
    /// scaled space.
    /// </summary>
    public bool DenoiseToZero { get; init; } = true;

    /// <summary>
    /// When true (the default) every denoiser output buffer is filled with NaN before the call and checked for NaN and
    /// infinity after it, so a non-finite value or an element the denoiser did not write stops the run
    /// (<see cref="NonFiniteDenoiserOutputException"/>). Costs one write and one read pass per call.
    /// </summary>
    public bool CheckFinite { get; init; } = true;

    /// <summary>Threads, chunk size and vector width of the kernels (never changes a result).</summary>
    public KernelOptions Kernel { get; init; }

    /// <summary>
    /// Inpainting: when set, the known region is re-imposed, forward-noised to the current noise level, at the start
    /// and after every step (docs/math.md §7.12); its length must equal the state's.
    /// </summary>
    public KnownRegion? KnownRegion { get; init; }

    /// <summary>
    /// The noise of the stochastic samplers of docs/math.md §15 (DPM-Solver++ SDE family, 2S ancestral):
    /// <see cref="SdeNoise.Independent"/> (the default) or <see cref="SdeNoise.BrownianTree"/> increments over sigma
    /// (docs/math.md §15.7). The older samplers always draw independent noise.
    /// </summary>
    public SdeNoise NoiseProcess { get; init; }

    /// <summary>Cancels the run between denoiser calls; the caller's buffer is then left unchanged.</summary>
    public CancellationToken CancellationToken { get; init; }
}
