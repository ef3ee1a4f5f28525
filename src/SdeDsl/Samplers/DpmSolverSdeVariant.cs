namespace SdeDsl.Samplers;

/// <summary>The second-order correction of DPM-Solver++(2M) SDE (k-diffusion's and ComfyUI's <c>solver_type</c>; docs/math.md §15.1).</summary>
public enum DpmSolverSdeVariant
{
    /// <summary>"midpoint" (the default of k-diffusion, ComfyUI's "dpmpp_2m_sde"): (1/2) w (D - D_prev)/r.</summary>
    Midpoint,

    /// <summary>"heun" (ComfyUI's "dpmpp_2m_sde_heun"): the exponential-integrator weight (1 - w/H) (D - D_prev)/r, H = (1 + eta) h (docs/math.md §15.1).</summary>
    Heun,
}
