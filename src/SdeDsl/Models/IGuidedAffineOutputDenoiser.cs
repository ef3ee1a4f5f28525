using System;
using System.Numerics;
using SdeDsl.Denoisers;

namespace SdeDsl.Models;

/// <summary>
/// A guided denoiser whose output is affine in its input and its two raw predictions,
/// D = c_y y + c_p (1 - w) P_u + c_p w P_c (docs/math.md §11.6, §11.9: <see cref="GuidedNetworkDenoiser{T, TNetwork, TTraining}"/>
/// without rescale), so a step can fold the guidance combine and the conversion into its own pass.
/// </summary>
internal interface IGuidedAffineOutputDenoiser<T> : IDenoiser<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>
    /// Predicts for <paramref name="input"/> at <paramref name="sigma"/>. Guided (the form's
    /// <see cref="GuidedAffineOutput.IsGuided"/>): P_c and P_u in the denoiser's own buffers, returned in
    /// <paramref name="conditional"/> and <paramref name="unconditional"/> (valid until the next call; filled with
    /// <paramref name="poison"/> first when it is not null, so an element the network leaves unwritten is seen), and
    /// <paramref name="output"/> is not touched. Otherwise (guidance inactive at sigma, or rescaled guidance, whose
    /// per-sample factor a pass's scalar coefficients cannot carry) one prediction or D itself in
    /// <paramref name="output"/>, returned as <paramref name="conditional"/>, with its one-prediction form (also
    /// poisoned first, the buffers the network writes, when <paramref name="poison"/> is not null).
    /// </summary>
    GuidedAffineOutput PredictGuided(
        ReadOnlySpan<T> input, double sigma, Span<T> output, T? poison, out ReadOnlySpan<T> conditional, out ReadOnlySpan<T> unconditional);
}
