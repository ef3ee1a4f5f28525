using System;

namespace SdeDsl.Denoisers;

/// <summary>
/// A denoiser that can supply the exact divergence of its output, div_y D(y; sigma) = tr(dD/dy), per sample, in the
/// same call as D (docs/math.md §16.4). A likelihood through the probability-flow ODE then needs no estimator
/// (<see cref="Likelihood.DivergenceMethod.Exact"/>). The analytic denoisers implement it; a network can, through
/// its framework's automatic differentiation.
/// </summary>
/// <remarks>For the ideal denoiser div_y D = tr Cov[x_0 | y] / sigma^2 (the second-order Tweedie identity).</remarks>
public interface IExactDivergence
{
    /// <summary>
    /// Writes D(<paramref name="input"/>; <paramref name="sigma"/>) into <paramref name="output"/> and the divergence of
    /// each sample's D with respect to its own y into <paramref name="divergence"/>.
    /// </summary>
    /// <param name="input">The unscaled noisy batch y, flattened sample after sample.</param>
    /// <param name="sigma">The noise level sigma &gt; 0.</param>
    /// <param name="output">Receives D; the same length as <paramref name="input"/>.</param>
    /// <param name="divergence">Receives one value per sample.</param>
    void DenoiseWithDivergence(ReadOnlySpan<double> input, double sigma, Span<double> output, Span<double> divergence);
}
