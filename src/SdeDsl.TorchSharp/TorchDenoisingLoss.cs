using System;
using SdeDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SdeDsl.TorchSharp;

/// <summary>
/// The weighted denoising loss of docs/math.md §19 (19.1) as a TorchSharp expression, for autograd:
/// L = mean_i w_i mean_j (p_ij - target_ij)^2, with the targets, weights and time inputs of a batch prepared by
/// <see cref="DenoisingObjective{TTraining}"/> from the declared schedule and the model layer's convention.
/// </summary>
public static class TorchDenoisingLoss
{
    /// <summary>L for a prediction [B, ...] against the batch's target [B, ...] with weights [B].</summary>
    /// <param name="prediction">The module's output on <paramref name="batch"/>.NetworkInput.</param>
    /// <param name="batch">The prepared batch's tensors.</param>
    /// <returns>The scalar loss (float32), differentiable with respect to <paramref name="prediction"/>.</returns>
    public static Tensor Compute(Tensor prediction, TorchTrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        Tensor error = (prediction - batch.Target).square().flatten(1).mean(new long[] { 1 });
        Tensor loss = (batch.Weight.to_type(ScalarType.Float32) * error).mean();
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One forward pass of <paramref name="module"/> on the batch (input and per-sample time input, cast to float32)
    /// and its loss L.
    /// </summary>
    /// <param name="module">The network: (input [B, ...], time input [B]) to prediction [B, ...].</param>
    /// <param name="batch">The prepared batch's tensors.</param>
    /// <returns>The scalar loss.</returns>
    public static Tensor Compute(nn.Module<Tensor, Tensor, Tensor> module, TorchTrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        Tensor prediction = module.forward(batch.NetworkInput, batch.TimeInput);
        return Compute(prediction, batch).MoveToOuterDisposeScope();
    }
}
