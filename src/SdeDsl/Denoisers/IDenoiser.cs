using System;
using System.Numerics;

namespace SdeDsl.Denoisers;

/// <summary>
/// The user's model behind one call over a batch: writes D(y; sigma), the estimate of the clean data E[x_0 | y],
/// for every sample of the batch (docs/math.md §2).
/// </summary>
/// <typeparam name="T">The tensor element type (<see cref="float"/> or <see cref="double"/>).</typeparam>
/// <remarks>
/// The input is always the <em>unscaled</em> y = x / s(t) at noise level sigma(t); the samplers do the scaling. The
/// batch is flattened: a batch of B samples of dimension d is a span of B d elements, sample after sample, and the
/// output has the same layout. Implementations must not keep the spans beyond the call.
/// </remarks>
public interface IDenoiser<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Writes D(<paramref name="input"/>; <paramref name="sigma"/>) into <paramref name="output"/>.</summary>
    /// <param name="input">The unscaled noisy batch y = x / s, flattened.</param>
    /// <param name="sigma">The noise level sigma &gt; 0 of every sample of the batch.</param>
    /// <param name="output">Receives the denoised batch; the same length as <paramref name="input"/>.</param>
    void Denoise(ReadOnlySpan<T> input, double sigma, Span<T> output);
}
