using System;
using SdeDsl.Denoisers;

namespace Consumer;

/// <summary>
/// Compiled only with -p:NegativeControl=true: a System.Half denoiser, which the package's analyzer must reject with
/// SDE301 (proving the analyzer ships in analyzers/dotnet/cs and runs in a consumer's build).
/// </summary>
public sealed class HalfDenoiser : IDenoiser<Half>
{
    /// <inheritdoc/>
    public void Denoise(ReadOnlySpan<Half> input, double sigma, Span<Half> output) => input.CopyTo(output);
}
