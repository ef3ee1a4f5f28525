using System;
using Microsoft.ML.OnnxRuntime.Tensors;
using SdeDsl.Models;
using SdeDsl.OnnxRuntime;

namespace SdeDsl.Benchmarks.Onnx;

/// <summary>
/// Everything <see cref="OnnxNetwork"/> does in a batch-doubled call except running the model: the float32 input
/// converted into a buffer of the model's element type, the time written, the output converted back (the output buffer
/// holds zeros, the prediction of a network that predicts nothing). The run over it is the sampling run's work outside
/// the network.
/// </summary>
internal sealed class ConversionOnlyNetwork : IGuidedNetwork<float>, IDisposable
{
    private readonly ModelBuffer _sample;
    private readonly ModelBuffer _time;
    private readonly ModelBuffer _output;

    public ConversionOnlyNetwork(TensorElementType type, int doubledLength)
    {
        _sample = new ModelBuffer(type, doubledLength);
        _time = new ModelBuffer(type, 1);
        _output = new ModelBuffer(type, doubledLength);
    }

    public GuidedCallMode CallMode => GuidedCallMode.BatchDoubled;

    public void Predict(ReadOnlySpan<float> input, double timeInput, GuidanceBranch branch, Span<float> output) =>
        throw new NotSupportedException("Only the batch-doubled call is timed.");

    public void PredictBatchDoubled(ReadOnlySpan<float> input, double timeInput, Span<float> output)
    {
        _sample.Write(input, 0);
        _time.Fill(timeInput, 0, 1);
        _output.Read(0, output);
    }

    public void Dispose()
    {
        _sample.Dispose();
        _time.Dispose();
        _output.Dispose();
    }
}
