using System;
using System.Runtime.InteropServices;
using SdeDsl.Training;
using static TorchSharp.torch;

namespace SdeDsl.TorchSharp;

/// <summary>
/// Tensors over the buffers of a <see cref="TrainingBatch{T}"/> of float, sharing its memory (no copy): after
/// <see cref="DenoisingObjective{TTraining}.Prepare{T}"/> writes the batch, <see cref="NetworkInput"/>,
/// <see cref="Target"/>, <see cref="TimeInput"/> and <see cref="Weight"/> hold the new values (docs/math.md §19).
/// </summary>
/// <remarks>
/// Built with <c>torch.from_array</c>, which pins the batch's arrays for the tensors' lifetime; dispose this object to
/// release them. The tensors are CPU tensors; move them with <c>.to(device)</c> (one copy) for another device.
/// </remarks>
public sealed class TorchTrainingBatch : IDisposable
{
    /// <summary>Creates the views.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="sampleShape">The shape of one sample, whose product is <paramref name="batch"/>.Dimension (for instance 1, 28, 28).</param>
    /// <exception cref="ArgumentException">The shape does not hold the batch's dimension.</exception>
    public TorchTrainingBatch(TrainingBatch<float> batch, params long[] sampleShape)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(sampleShape);
        long product = 1;
        foreach (long n in sampleShape) product *= n;
        if (product != batch.Dimension)
        {
            throw new ArgumentException($"The sample shape has {product} elements but the batch's samples have {batch.Dimension}.", nameof(sampleShape));
        }

        var shape = new long[sampleShape.Length + 1];
        shape[0] = batch.Samples;
        sampleShape.CopyTo(shape, 1);
        Batch = batch;
        NetworkInput = View(batch.NetworkInput, shape);
        Target = View(batch.Target, shape);
        TimeInput = View(batch.TimeInput, new long[] { batch.Samples });
        Weight = View(batch.Weight, new long[] { batch.Samples });
    }

    /// <summary>The batch the tensors share memory with.</summary>
    public TrainingBatch<float> Batch { get; }

    /// <summary>[B, ...sample shape] float32: the network's input.</summary>
    public Tensor NetworkInput { get; }

    /// <summary>[B, ...sample shape] float32: the regression target.</summary>
    public Tensor Target { get; }

    /// <summary>[B] float64: each sample's network time input.</summary>
    public Tensor TimeInput { get; }

    /// <summary>[B] float64: each sample's loss weight.</summary>
    public Tensor Weight { get; }

    /// <summary>Disposes the tensors (unpinning the batch's arrays).</summary>
    public void Dispose()
    {
        NetworkInput.Dispose();
        Target.Dispose();
        TimeInput.Dispose();
        Weight.Dispose();
    }

    private static Tensor View<T>(Memory<T> memory, long[] shape)
        where T : unmanaged
    {
        if (!MemoryMarshal.TryGetArray<T>(memory, out ArraySegment<T> segment) || segment.Offset != 0 || segment.Count != segment.Array!.Length)
        {
            throw new InvalidOperationException("A TrainingBatch buffer is not a whole array.");
        }

        using Tensor flat = from_array(segment.Array);
        return flat.view(shape);
    }
}
