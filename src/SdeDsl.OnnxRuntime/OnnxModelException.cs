using System;

namespace SdeDsl.OnnxRuntime;

/// <summary>
/// The ONNX model does not fit its configuration (a missing input, a wrong rank or element type, an output of the
/// wrong shape), or ONNX Runtime failed to run it; the message names the input or output and the shapes involved.
/// </summary>
public sealed class OnnxModelException : Exception
{
    /// <summary>An error about <paramref name="node"/>.</summary>
    /// <param name="node">The model input or output the error is about, or null.</param>
    /// <param name="message">What is wrong and what was expected.</param>
    /// <param name="inner">ONNX Runtime's own exception, if any.</param>
    public OnnxModelException(string? node, string message, Exception? inner = null)
        : base(message, inner) => Node = node;

    /// <summary>The model input or output the error is about, or null.</summary>
    public string? Node { get; }
}
