using System;
using System.Numerics;

namespace SdeDsl.Models;

/// <summary>
/// A conditional network for classifier-free guidance: the same raw network as <see cref="INetwork{T}"/> with a
/// conditional and an unconditional branch (docs/math.md §11.6). Wrap it in
/// <see cref="GuidedNetworkDenoiser{T, TNetwork, TTraining}"/>.
/// </summary>
/// <typeparam name="T">The tensor element type (<see cref="float"/> or <see cref="double"/>).</typeparam>
/// <remarks>
/// When guidance is off (scale w = 1, or sigma outside the guidance interval) only
/// <see cref="Predict"/> with <see cref="GuidanceBranch.Conditional"/> is called, whatever <see cref="CallMode"/> says.
/// </remarks>
public interface IGuidedNetwork<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Whether both branches are computed by two calls or by one batch-doubled call.</summary>
    GuidedCallMode CallMode { get; }

    /// <summary>Writes one branch's prediction for the batch <paramref name="input"/>.</summary>
    /// <param name="input">The network's input batch, flattened.</param>
    /// <param name="timeInput">The network's time conditioning.</param>
    /// <param name="branch">The unconditional or the conditional branch.</param>
    /// <param name="output">Receives the prediction; the same length as <paramref name="input"/>.</param>
    void Predict(ReadOnlySpan<T> input, double timeInput, GuidanceBranch branch, Span<T> output);

    /// <summary>
    /// Writes both branches in one call on a doubled batch: the first half of <paramref name="input"/> and
    /// <paramref name="output"/> is the unconditional branch, the second half the conditional one (both halves of
    /// the input are the same batch). Called only when <see cref="CallMode"/> is <see cref="GuidedCallMode.BatchDoubled"/>.
    /// </summary>
    /// <param name="input">The doubled input batch: twice the batch, flattened.</param>
    /// <param name="timeInput">The network's time conditioning, the same for both halves.</param>
    /// <param name="output">Receives the unconditional then the conditional prediction.</param>
    void PredictBatchDoubled(ReadOnlySpan<T> input, double timeInput, Span<T> output);
}
