using System;
using System.Numerics;

namespace SdeDsl.Models;

/// <summary>
/// A raw trained network over one batch: it maps its own input (x_t, c_in y or y, per its
/// <see cref="NetworkInput"/>) and its own time input (per its <see cref="TimeInput"/>) to its prediction (epsilon, v,
/// x_0, flow velocity or the EDM F, per its <see cref="PredictionType"/>) (docs/math.md §11).
/// </summary>
/// <typeparam name="T">The tensor element type (<see cref="float"/> or <see cref="double"/>).</typeparam>
/// <remarks>
/// A network is not a denoiser: wrap it in <see cref="NetworkDenoiser{T, TNetwork, TTraining}"/> (or build one with
/// <see cref="ModelAdapter"/>) to sample with it. The batch is flattened as for <see cref="Denoisers.IDenoiser{T}"/>;
/// implementations must not keep the spans beyond the call.
/// </remarks>
public interface INetwork<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Writes the network's prediction for <paramref name="input"/> at <paramref name="timeInput"/>.</summary>
    /// <param name="input">The network's input batch, flattened.</param>
    /// <param name="timeInput">The network's time conditioning (a timestep, t, 1000 t, sigma or c_noise).</param>
    /// <param name="output">Receives the prediction; the same length as <paramref name="input"/>.</param>
    void Predict(ReadOnlySpan<T> input, double timeInput, Span<T> output);
}
