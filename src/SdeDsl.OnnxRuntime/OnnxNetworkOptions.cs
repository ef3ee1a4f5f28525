using System;
using System.Collections.Generic;

namespace SdeDsl.OnnxRuntime;

/// <summary>
/// Which inputs and output of an ONNX diffusion network are which, and the batch it runs on. Element types, ranks
/// and static dimensions are read from the model's metadata; what the metadata leaves open (symbolic dimensions) is
/// configured here. The network's convention (prediction type, input scaling, time conditioning) is the model
/// layer's <see cref="SdeDsl.Models.ModelConvention"/>, given to the adapter.
/// </summary>
public sealed record OnnxNetworkOptions
{
    /// <summary>Samples per sampler call (the batch B the sampler's x holds); the guided run doubles it.</summary>
    public required int BatchSize { get; init; }

    /// <summary>The input receiving the noisy sample (diffusers' UNet: <c>sample</c>, the default).</summary>
    public string SampleInput { get; init; } = "sample";

    /// <summary>
    /// The input receiving the time conditioning (diffusers' UNet: <c>timestep</c>, the default); null for a model
    /// without one. A scalar, a one-element tensor, or one value per sample, per the model's metadata; float32,
    /// float64, float16, bfloat16, int64 or int32.
    /// </summary>
    public string? TimestepInput { get; init; } = "timestep";

    /// <summary>The output holding the prediction; null (the default) takes the model's only output.</summary>
    public string? Output { get; init; }

    /// <summary>
    /// One sample's shape without the batch dimension, e.g. [4, 64, 64]; null (the default) takes it from the model's
    /// metadata, which must then be static after the batch dimension.
    /// </summary>
    public long[]? SampleShape { get; init; }

    /// <summary>The extra inputs fixed for the run (text embeddings, class labels as floats, ...).</summary>
    public IReadOnlyList<OnnxConditioning> Conditioning { get; init; } = Array.Empty<OnnxConditioning>();
}
