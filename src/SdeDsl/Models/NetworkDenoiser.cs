using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;

namespace SdeDsl.Models;

/// <summary>
/// The model adapter: turns a raw network trained on the schedule <typeparamref name="TTraining"/> into the
/// denoiser D(y; sigma) every sampler talks to, so any network samples with any schedule, grid and sampler
/// (docs/math.md §11). Per call: t = TimeAtSigma(sigma) of the training schedule, the input pass c_i y, the network
/// call at its time input, and one fused conversion pass D = c_y y + c_p prediction.
/// </summary>
/// <typeparam name="T">The tensor element type (<see cref="float"/> or <see cref="double"/>).</typeparam>
/// <typeparam name="TNetwork">The network; a struct type specialises the call.</typeparam>
/// <typeparam name="TTraining">The schedule the network was trained on (any <see cref="INoiseSchedule"/>, continuous or discrete).</typeparam>
/// <remarks>
/// The scratch buffers (the network's input and prediction) are allocated once, for <see cref="BatchLength"/>
/// elements; a call allocates nothing. Not thread-safe: one adapter per concurrent sampler.
/// </remarks>
public sealed class NetworkDenoiser<T, TNetwork, TTraining> : IDenoiser<T>, IAffineOutputDenoiser<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TNetwork : INetwork<T>
    where TTraining : struct, INoiseSchedule
{
    private readonly TNetwork _network;
    private readonly TTraining _training;
    private readonly T[] _input;
    private readonly T[] _prediction;

    /// <summary>An adapter for batches of exactly <paramref name="batchLength"/> elements.</summary>
    /// <param name="network">The raw network.</param>
    /// <param name="training">The schedule the network was trained on.</param>
    /// <param name="convention">What the network predicts and takes as input and time.</param>
    /// <param name="batchLength">The flattened batch length B d of every call.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="convention"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchLength"/> is not positive.</exception>
    public NetworkDenoiser(TNetwork network, TTraining training, ModelConvention convention, int batchLength)
    {
        if (network is null)
        {
            throw new ArgumentNullException(nameof(network));
        }

        ArgumentNullException.ThrowIfNull(convention);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchLength);
        _network = network;
        _training = training;
        Convention = convention;
        BatchLength = batchLength;
        _input = convention.Input == NetworkInput.Unscaled ? Array.Empty<T>() : new T[batchLength];
        _prediction = new T[batchLength];
    }

    /// <summary>The network's training convention.</summary>
    public ModelConvention Convention { get; }

    /// <summary>The flattened batch length every call must have.</summary>
    public int BatchLength { get; }

    /// <summary>How the fused passes run (threads, chunk size).</summary>
    public KernelOptions Kernel { get; init; }

    /// <summary>
    /// Writes D(y; sigma) = c_y y + c_p N(c_i y; time(sigma)) (docs/math.md §11.5).
    /// </summary>
    /// <param name="input">The unscaled y, <see cref="BatchLength"/> elements.</param>
    /// <param name="sigma">The noise level, finite and positive.</param>
    /// <param name="output">Receives D; <see cref="BatchLength"/> elements (may be <paramref name="input"/> itself).</param>
    /// <exception cref="ArgumentException"><paramref name="input"/> or <paramref name="output"/> does not have <see cref="BatchLength"/> elements.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sigma"/> is not finite and positive.</exception>
    public void Denoise(ReadOnlySpan<T> input, double sigma, Span<T> output)
    {
        BatchLengthCheck.Require(input.Length, BatchLength, nameof(input));
        BatchLengthCheck.Require(output.Length, BatchLength, nameof(output));
        ModelCall call = ModelCall.At(Convention, _training, sigma);
        ReadOnlySpan<T> networkInput = input;
        if (Convention.Input != NetworkInput.Unscaled)
        {
            FusedPass.Combine(call.InputCoefficient, input, _input, Kernel);
            networkInput = _input;
        }

        _network.Predict(networkInput, call.TimeInput, _prediction);
        FusedPass.Combine(call.YCoefficient, input, call.PredictionCoefficient, _prediction, output, default, 0, Kernel);
    }

    /// <summary>The call without its last pass: the raw prediction and (c_y, c_p), for a step that fuses D = c_y y + c_p P into its own pass.</summary>
    AffineOutput IAffineOutputDenoiser<T>.Predict(ReadOnlySpan<T> input, double sigma, Span<T> prediction)
    {
        BatchLengthCheck.Require(input.Length, BatchLength, nameof(input));
        BatchLengthCheck.Require(prediction.Length, BatchLength, nameof(prediction));
        ModelCall call = ModelCall.At(Convention, _training, sigma);
        ReadOnlySpan<T> networkInput = input;
        if (Convention.Input != NetworkInput.Unscaled)
        {
            FusedPass.Combine(call.InputCoefficient, input, _input, Kernel);
            networkInput = _input;
        }

        _network.Predict(networkInput, call.TimeInput, prediction);
        return new AffineOutput(call.YCoefficient, call.PredictionCoefficient);
    }
}
