using System;
using System.Numerics;
using SdeDsl.Denoisers;

namespace SdeDsl.Models;

/// <summary>
/// A denoiser whose output is an affine form of its input and one raw prediction, D = c_y y + c_p P (docs/math.md
/// §11.5: epsilon, v, flow and x_0 networks through <see cref="NetworkDenoiser{T, TNetwork, TTraining}"/>), so a step
/// can fold the conversion into its own pass instead of materialising D first.
/// </summary>
internal interface IAffineOutputDenoiser<T> : IDenoiser<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Writes the raw prediction P for <paramref name="input"/> at <paramref name="sigma"/> and returns (c_y, c_p).</summary>
    AffineOutput Predict(ReadOnlySpan<T> input, double sigma, Span<T> prediction);
}

/// <summary>D = <see cref="InputCoefficient"/> y + <see cref="PredictionCoefficient"/> P; (0, 1) when P is D itself.</summary>
internal readonly record struct AffineOutput(double InputCoefficient, double PredictionCoefficient)
{
    /// <summary>The form of a denoiser that returned D itself.</summary>
    public static AffineOutput Identity => new(0, 1);
}
