namespace SdeDsl.Samplers;

/// <summary>
/// The weight of the second divided difference in <see cref="DpmSolverPlusPlus3MSdeSampler"/>'s update
/// (docs/math.md §15.2): y_next = ... + phi_2(H) d1 - w d2.
/// </summary>
public enum DpmSolver3MWeight
{
    /// <summary>w = 2 phi_3(H), the exact integral of the quadratic interpolant: third order with eta = 0 (the default).</summary>
    ThirdOrder,

    /// <summary>
    /// w = phi_3(H), as k-diffusion's <c>sample_dpmpp_3m_sde</c>, ComfyUI's "dpmpp_3m_sde" and diffusers: the same samples
    /// as those implementations, at a measured ODE order of about 2.1-2.3.
    /// </summary>
    KDiffusion,
}
