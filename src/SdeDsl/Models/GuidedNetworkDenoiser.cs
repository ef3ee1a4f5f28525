using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;

namespace SdeDsl.Models;

/// <summary>
/// The model adapter with classifier-free guidance (docs/math.md §11.6, §11.7): D = D_u + w (D_c - D_u), computed as
/// one fused pass D = c_y y + c_p k (1 - w) p_u + c_p k w p_c over the two predictions, with k = 1 without rescale and
/// k = 1 - phi + phi std(p_c)/std(p_cfg) per sample with it. Outside the guidance interval, or for w = 1, only the
/// conditional prediction is computed and D is exactly the unguided adapter's.
/// </summary>
/// <typeparam name="T">The tensor element type (<see cref="float"/> or <see cref="double"/>).</typeparam>
/// <typeparam name="TNetwork">The conditional network; a struct type specialises the calls.</typeparam>
/// <typeparam name="TTraining">The schedule the network was trained on.</typeparam>
/// <remarks>
/// The scratch buffers (input, both predictions; the input twice for a batch-doubled network) are allocated once; a
/// call allocates nothing. Not thread-safe: one adapter per concurrent sampler.
/// </remarks>
public sealed class GuidedNetworkDenoiser<T, TNetwork, TTraining> : IGuidedAffineOutputDenoiser<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TNetwork : IGuidedNetwork<T>
    where TTraining : struct, INoiseSchedule
{
    private readonly TNetwork _network;
    private readonly TTraining _training;
    private readonly T[] _input;
    private readonly T[] _predictions;

    /// <summary>A guided adapter for batches of exactly <paramref name="batchLength"/> elements.</summary>
    /// <param name="network">The conditional network.</param>
    /// <param name="training">The schedule the network was trained on.</param>
    /// <param name="convention">What the network predicts and takes as input and time.</param>
    /// <param name="guidance">The guidance scale, rescale and interval.</param>
    /// <param name="batchLength">The flattened batch length B d of every call.</param>
    /// <param name="sampleDimension">d, the elements per sample (the rescale's standard deviations are per sample).</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/>, <paramref name="convention"/> or <paramref name="guidance"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchLength"/> or <paramref name="sampleDimension"/> is not positive, or <paramref name="batchLength"/> is not a multiple of <paramref name="sampleDimension"/>.</exception>
    /// <exception cref="ArgumentException">The guidance interval is empty (sigma_lo &gt; sigma_hi).</exception>
    public GuidedNetworkDenoiser(
        TNetwork network, TTraining training, ModelConvention convention, ClassifierFreeGuidance guidance, int batchLength, int sampleDimension)
    {
        if (network is null)
        {
            throw new ArgumentNullException(nameof(network));
        }

        ArgumentNullException.ThrowIfNull(convention);
        ArgumentNullException.ThrowIfNull(guidance);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleDimension);
        if (batchLength % sampleDimension != 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(sampleDimension), sampleDimension, $"The batch length {batchLength} is not a multiple of the sample dimension.");
        }

        if (guidance.SigmaLow > guidance.SigmaHigh)
        {
            throw new ArgumentException($"The guidance interval [{guidance.SigmaLow}, {guidance.SigmaHigh}] is empty.", nameof(guidance));
        }

        _network = network;
        _training = training;
        Convention = convention;
        Guidance = guidance;
        BatchLength = batchLength;
        SampleDimension = sampleDimension;
        bool doubled = network.CallMode == GuidedCallMode.BatchDoubled;
        int inputLength = doubled ? 2 * batchLength : convention.Input == NetworkInput.Unscaled ? 0 : batchLength;
        _input = new T[inputLength];
        _predictions = new T[2 * batchLength];
    }

    /// <summary>The network's training convention.</summary>
    public ModelConvention Convention { get; }

    /// <summary>The guidance scale, rescale and interval.</summary>
    public ClassifierFreeGuidance Guidance { get; }

    /// <summary>The flattened batch length every call must have.</summary>
    public int BatchLength { get; }

    /// <summary>d, the elements per sample.</summary>
    public int SampleDimension { get; }

    /// <summary>How the fused passes run (threads, chunk size).</summary>
    public KernelOptions Kernel { get; init; }

    /// <summary>
    /// Writes the guided D(y; sigma) = c_y y + c_p k ((1 - w) p_u + w p_c) (docs/math.md §11.6, §11.7); outside
    /// guidance D = c_y y + c_p p_c from one conditional call.
    /// </summary>
    /// <param name="input">The unscaled y, <see cref="BatchLength"/> elements.</param>
    /// <param name="sigma">The noise level, finite and positive.</param>
    /// <param name="output">Receives D; <see cref="BatchLength"/> elements (may be <paramref name="input"/> itself).</param>
    /// <exception cref="ArgumentException"><paramref name="input"/> or <paramref name="output"/> does not have <see cref="BatchLength"/> elements.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sigma"/> is not finite and positive.</exception>
    public void Denoise(ReadOnlySpan<T> input, double sigma, Span<T> output)
    {
        int n = BatchLength;
        BatchLengthCheck.Require(input.Length, n, nameof(input));
        BatchLengthCheck.Require(output.Length, n, nameof(output));
        ModelCall call = ModelCall.At(Convention, _training, sigma);
        Span<T> unconditional = _predictions.AsSpan(0, n), conditional = _predictions.AsSpan(n, n);
        if (!Guidance.IsActiveAt(sigma))
        {
            _network.Predict(NetworkInputOf(call, input), call.TimeInput, GuidanceBranch.Conditional, conditional);
            FusedPass.Combine(call.YCoefficient, input, call.PredictionCoefficient, conditional, output, default, 0, Kernel);
            return;
        }

        PredictBoth(call, input, unconditional, conditional);
        Combine(call, input, unconditional, conditional, output);
    }

    /// <summary>
    /// The call without its combine (docs/math.md §11.9): both raw predictions and D = c_y y + c_p (1 - w) P_u + c_p w P_c
    /// as a form, for a step that folds the combine and the conversion into its own pass. Outside guidance (w = 1, or
    /// sigma outside the interval) the conditional prediction alone in <paramref name="output"/> with (c_y, c_p): the
    /// unguided adapter's fused call. With rescale (phi != 0) D itself in <paramref name="output"/>, form (0, 1): the
    /// per-sample k_b needs both predictions' standard deviations before any step coefficient is known.
    /// </summary>
    GuidedAffineOutput IGuidedAffineOutputDenoiser<T>.PredictGuided(
        ReadOnlySpan<T> input, double sigma, Span<T> output, T? poison, out ReadOnlySpan<T> conditional, out ReadOnlySpan<T> unconditional)
    {
        int n = BatchLength;
        BatchLengthCheck.Require(input.Length, n, nameof(input));
        BatchLengthCheck.Require(output.Length, n, nameof(output));
        ModelCall call = ModelCall.At(Convention, _training, sigma);
        if (!Guidance.IsActiveAt(sigma))
        {
            if (poison is { } value)
            {
                CopyAndFill.Fill(output, value, Kernel);
            }

            _network.Predict(NetworkInputOf(call, input), call.TimeInput, GuidanceBranch.Conditional, output);
            conditional = output;
            unconditional = default;
            return GuidedAffineOutput.OnePrediction(new AffineOutput(call.YCoefficient, call.PredictionCoefficient));
        }

        if (poison is { } poisonValue)
        {
            CopyAndFill.Fill<T>(_predictions, poisonValue, Kernel); // an unwritten prediction element reaches D (rescaled) or the step as NaN
        }

        if (Guidance.Rescale != 0)
        {
            Denoise(input, sigma, output);
            conditional = output;
            unconditional = default;
            return GuidedAffineOutput.OnePrediction(AffineOutput.Identity);
        }

        Span<T> u = _predictions.AsSpan(0, n), c = _predictions.AsSpan(n, n);
        PredictBoth(call, input, u, c);
        conditional = c;
        unconditional = u;
        double w = Guidance.Scale, cp = call.PredictionCoefficient;
        return new GuidedAffineOutput(call.YCoefficient, cp * (1 - w), cp * w, IsGuided: true);
    }

    /// <summary>The network's input c_i y in the scratch buffer (y itself for an unscaled input).</summary>
    private ReadOnlySpan<T> NetworkInputOf(in ModelCall call, ReadOnlySpan<T> input)
    {
        if (Convention.Input == NetworkInput.Unscaled)
        {
            return input;
        }

        Span<T> scratch = _input.AsSpan(0, BatchLength);
        FusedPass.Combine(call.InputCoefficient, input, scratch, Kernel);
        return scratch;
    }

    /// <summary>Both branches' raw predictions: two calls, or one call on the doubled batch [y, y].</summary>
    private void PredictBoth(in ModelCall call, ReadOnlySpan<T> input, Span<T> unconditional, Span<T> conditional)
    {
        int n = BatchLength;
        if (_network.CallMode != GuidedCallMode.BatchDoubled)
        {
            ReadOnlySpan<T> networkInput = NetworkInputOf(call, input);
            _network.Predict(networkInput, call.TimeInput, GuidanceBranch.Conditional, conditional);
            _network.Predict(networkInput, call.TimeInput, GuidanceBranch.Unconditional, unconditional);
            return;
        }

        Span<T> first = _input.AsSpan(0, n), second = _input.AsSpan(n, n);
        if (Convention.Input != NetworkInput.Unscaled)
        {
            FusedPass.Combine(call.InputCoefficient, input, first, Kernel);
            first.CopyTo(second);
        }
        else
        {
            input.CopyTo(first);
            input.CopyTo(second);
        }

        _network.PredictBatchDoubled(_input, call.TimeInput, _predictions);
    }

    private void Combine(in ModelCall call, ReadOnlySpan<T> y, ReadOnlySpan<T> unconditional, ReadOnlySpan<T> conditional, Span<T> output)
    {
        double w = Guidance.Scale, cp = call.PredictionCoefficient;
        if (Guidance.Rescale == 0)
        {
            FusedPass.Combine(call.YCoefficient, y, cp * (1 - w), unconditional, cp * w, conditional, output, default, 0, Kernel);
            return;
        }

        int d = SampleDimension;
        for (int start = 0; start < BatchLength; start += d)
        {
            double k = RescaleFactor(unconditional.Slice(start, d), conditional.Slice(start, d), w, Guidance.Rescale);
            FusedPass.Combine(
                call.YCoefficient, y.Slice(start, d), cp * k * (1 - w), unconditional.Slice(start, d), cp * k * w, conditional.Slice(start, d),
                output.Slice(start, d), default, 0, Kernel);
        }
    }

    /// <summary>
    /// k = 1 - phi + phi std(p_c)/std(p_cfg) over one sample, p_cfg = p_u + w (p_c - p_u), in double, two-pass
    /// (docs/math.md §11.7). A constant p_cfg (std 0) leaves the sample unrescaled (k = 1).
    /// </summary>
    internal static double RescaleFactor(ReadOnlySpan<T> unconditional, ReadOnlySpan<T> conditional, double w, double phi)
    {
        int d = conditional.Length;
        double meanC = 0, meanCfg = 0;
        for (int j = 0; j < d; j++)
        {
            double c = double.CreateTruncating(conditional[j]), u = double.CreateTruncating(unconditional[j]);
            meanC += c;
            meanCfg += u + w * (c - u);
        }

        meanC /= d;
        meanCfg /= d;
        double squaresC = 0, squaresCfg = 0;
        for (int j = 0; j < d; j++)
        {
            double c = double.CreateTruncating(conditional[j]), u = double.CreateTruncating(unconditional[j]);
            double dc = c - meanC, dcfg = u + w * (c - u) - meanCfg;
            squaresC += dc * dc;
            squaresCfg += dcfg * dcfg;
        }

        return squaresCfg > 0 ? 1 - phi + phi * Math.Sqrt(squaresC / squaresCfg) : 1;
    }
}
