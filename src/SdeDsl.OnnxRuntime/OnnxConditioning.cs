using System;

namespace SdeDsl.OnnxRuntime;

/// <summary>
/// An extra model input fixed for the whole run, such as Stable Diffusion's <c>encoder_hidden_states</c> (the text
/// embeddings): its conditional value and, for classifier-free guidance, its unconditional one (the empty prompt's
/// embeddings). Values are float32 and converted once to the input's element type (float32, float16 or bfloat16).
/// </summary>
public sealed class OnnxConditioning
{
    /// <summary>Unguided conditioning of the model input <paramref name="inputName"/>.</summary>
    /// <param name="inputName">The ONNX input's name.</param>
    /// <param name="conditional">
    /// The value: one sample's worth (broadcast to every sample of the batch) or the whole batch's, flattened in the
    /// input's row-major layout.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="inputName"/> or <paramref name="conditional"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="inputName"/> is null.</exception>
    public OnnxConditioning(string inputName, ReadOnlyMemory<float> conditional)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputName);
        RequireValue(inputName, conditional, "conditional", nameof(conditional));
        InputName = inputName;
        Conditional = conditional;
    }

    /// <summary>Conditioning of <paramref name="inputName"/> for classifier-free guidance: its conditional and unconditional values.</summary>
    /// <param name="inputName">The ONNX input's name.</param>
    /// <param name="conditional">The conditional value, one sample's or the whole batch's.</param>
    /// <param name="unconditional">The unconditional value (the empty prompt's embeddings), laid out as <paramref name="conditional"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="inputName"/> or a value is empty (a null array is an empty value).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="inputName"/> is null.</exception>
    public OnnxConditioning(string inputName, ReadOnlyMemory<float> conditional, ReadOnlyMemory<float> unconditional)
        : this(inputName, conditional)
    {
        RequireValue(inputName, unconditional, "unconditional", nameof(unconditional));
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

    private static void RequireValue(string inputName, ReadOnlyMemory<float> value, string what, string parameter)
    {
        if (value.IsEmpty)
        {
            throw new ArgumentException($"The {what} value of '{inputName}' is empty.", parameter);
        }
    }
}
