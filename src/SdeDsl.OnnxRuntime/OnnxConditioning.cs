using System;

namespace SdeDsl.OnnxRuntime;

/// <summary>
/// An extra model input fixed for the whole run, such as Stable Diffusion's <c>encoder_hidden_states</c> (the text
/// embeddings): its conditional value and, for classifier-free guidance, its unconditional one (the empty prompt's
/// embeddings). Values are float32 and converted once to the input's element type (float32, float16 or bfloat16).
/// </summary>
public sealed class OnnxConditioning
{
    /// <summary>Conditioning of the model input <paramref name="inputName"/>.</summary>
    /// <param name="inputName">The ONNX input's name.</param>
    /// <param name="conditional">
    /// The conditional value: one sample's worth (broadcast to every sample of the batch) or the whole batch's,
    /// flattened in the input's row-major layout.
    /// </param>
    /// <param name="unconditional">The unconditional value, laid out as <paramref name="conditional"/>; null when the run is not guided.</param>
    /// <exception cref="ArgumentException"><paramref name="inputName"/> is empty, or a value is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="inputName"/> or <paramref name="conditional"/> is null.</exception>
    public OnnxConditioning(string inputName, ReadOnlyMemory<float> conditional, ReadOnlyMemory<float>? unconditional = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputName);
        if (conditional.IsEmpty)
        {
            throw new ArgumentException($"The conditional value of '{inputName}' is empty.", nameof(conditional));
        }

        if (unconditional is { IsEmpty: true })
        {
            throw new ArgumentException($"The unconditional value of '{inputName}' is empty.", nameof(unconditional));
        }

        InputName = inputName;
        Conditional = conditional;
        Unconditional = unconditional;
    }

    /// <summary>The ONNX input's name.</summary>
    public string InputName { get; }

    /// <summary>The conditional value (one sample's or the whole batch's).</summary>
    public ReadOnlyMemory<float> Conditional { get; }

    /// <summary>The unconditional value, or null for an unguided run.</summary>
    public ReadOnlyMemory<float>? Unconditional { get; }

    /// <summary>
    /// The shape of one sample's value without the batch dimension, e.g. [77, 768]; null (the default) takes it from
    /// the model's metadata, which must then be static after the batch dimension.
    /// </summary>
    public long[]? SampleShape { get; init; }
}
