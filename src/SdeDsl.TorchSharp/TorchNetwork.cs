using System;
using System.Runtime.InteropServices;
using SdeDsl.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SdeDsl.TorchSharp;

/// <summary>
/// A TorchSharp module as the network of SdeDsl's model layer (docs/math.md §11): an <see cref="INetwork{T}"/> of
/// float that any model adapter (<see cref="ModelAdapter"/>, <see cref="NetworkDenoiser{T, TNetwork, TTraining}"/>)
/// turns into a denoiser for any sampler. The module maps (input [B, ...sample shape], time input [B]) to the
/// prediction of the same shape as the input.
/// </summary>
/// <remarks>
/// A sampler hands the network spans over its pooled buffers, which TorchSharp cannot wrap (its zero-copy factories,
/// <c>torch.from_array</c> and <c>torch.frombuffer</c>, take managed arrays), so each call makes exactly one copy in
/// (span to a tensor allocated once) and one copy out (the module's output to the span), both memcpy-speed copies
/// through <c>Tensor.bytes</c>, measured in docs/benchmarks.md. The forward pass runs under <c>torch.no_grad()</c> and every temporary is disposed in the call.
/// Calls must come from one thread at a time.
/// </remarks>
public sealed class TorchNetwork : INetwork<float>, IDisposable
{
    private readonly nn.Module<Tensor, Tensor, Tensor> _module;
    private readonly Tensor _input;
    private readonly Tensor _time;
    private readonly long[] _shape;

    /// <summary>Wraps <paramref name="module"/> for batches of <paramref name="batchSize"/> samples of <paramref name="sampleShape"/>.</summary>
    /// <param name="module">The network: (input, time input) to prediction.</param>
    /// <param name="batchSize">Samples per call, at least 1.</param>
    /// <param name="sampleShape">The shape of one sample, for instance (1, 28, 28).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The batch size or a dimension is below 1.</exception>
    public TorchNetwork(nn.Module<Tensor, Tensor, Tensor> module, int batchSize, params long[] sampleShape)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(sampleShape);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _shape = new long[sampleShape.Length + 1];
        _shape[0] = batchSize;
        long length = batchSize;
        for (int k = 0; k < sampleShape.Length; k++)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(sampleShape[k], 1, nameof(sampleShape));
            _shape[k + 1] = sampleShape[k];
            length *= sampleShape[k];
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, int.MaxValue, nameof(sampleShape));
        _module = module;
        Length = (int)length;
        _input = zeros(_shape, ScalarType.Float32);
        _time = zeros(new long[] { batchSize }, ScalarType.Float64);
    }

    /// <summary>Elements per call (batch size times the sample's elements).</summary>
    public int Length { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A span's length differs from <see cref="Length"/>.</exception>
    /// <exception cref="InvalidOperationException">The module's output has another number of elements.</exception>
    public void Predict(ReadOnlySpan<float> input, double timeInput, Span<float> output)
    {
        RequireLength(input.Length, nameof(input));
        RequireLength(output.Length, nameof(output));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // Tensor.bytes is a view of a contiguous CPU tensor's storage: each direction is one memcpy-speed copy
        // (TensorAccessor's CopyFrom/CopyTo go element by element, 166x slower at 256 Ki floats; docs/benchmarks.md).
        input.CopyTo(MemoryMarshal.Cast<byte, float>(_input.bytes));
        _time.fill_(timeInput);
        Tensor prediction = _module.forward(_input, _time).cpu().contiguous();
        if (prediction.numel() != Length || prediction.dtype != ScalarType.Float32)
        {
            throw new InvalidOperationException(
                $"The module returned {prediction.numel()} elements of {prediction.dtype} for an input of {Length} Float32 elements.");
        }

        MemoryMarshal.Cast<byte, float>(prediction.bytes).CopyTo(output);
    }

    /// <summary>Disposes the tensors this wrapper allocated (not the module).</summary>
    public void Dispose()
    {
        _input.Dispose();
        _time.Dispose();
    }

    private void RequireLength(int actual, string name)
    {
        if (actual != Length)
        {
            throw new ArgumentException($"'{name}' has {actual} elements but the network takes {Length} per call.", name);
        }
    }
}
