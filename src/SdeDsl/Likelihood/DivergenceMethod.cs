namespace SdeDsl.Likelihood;

/// <summary>How a likelihood computes the divergence of the probability-flow drift (docs/math.md §16.4, §16.5).</summary>
public enum DivergenceMethod
{
    /// <summary><see cref="Exact"/> when the denoiser implements <see cref="Denoisers.IExactDivergence"/>, otherwise <see cref="Hutchinson"/>.</summary>
    Automatic,

    /// <summary>The denoiser's own exact divergence (<see cref="Denoisers.IExactDivergence"/>): one call per evaluation.</summary>
    Exact,

    /// <summary>
    /// The trace of the Jacobian from d Jacobian-vector products along the coordinate axes, each a central difference
    /// of two denoiser calls: 2 d + 1 calls per evaluation, exact up to the O(h^2) difference error. For small d.
    /// </summary>
    JacobianVectorProducts,

    /// <summary>
    /// The Hutchinson-Skilling estimator v^T J v with probes drawn once per solve from the counter-based noise
    /// (<see cref="LikelihoodOptions.Probe"/>, <see cref="LikelihoodOptions.Probes"/>), each product a central
    /// difference: 2 P + 1 calls per evaluation; unbiased for log p up to that difference error.
    /// </summary>
    Hutchinson,
}
