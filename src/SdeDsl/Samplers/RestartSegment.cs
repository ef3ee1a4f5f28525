namespace SdeDsl.Samplers;

/// <summary>
/// One restart interval of <see cref="RestartSampler"/>, ComfyUI's <c>[N_restart, K, t_min, t_max]</c> entry of its
/// restart list (Xu et al. 2023; EDM's t is sigma): on reaching the grid point nearest <see cref="SigmaMin"/>, jump
/// forward to the grid point nearest <see cref="SigmaMax"/> with fresh noise and integrate back with Heun,
/// <see cref="Repeats"/> times (docs/math.md §15.11).
/// </summary>
/// <param name="Steps">N_restart: the points of the Karras (rho = 7) grid from sigma_max down to sigma_min, so N_restart - 1 Heun steps per restart; at least 2.</param>
/// <param name="Repeats">K: how many restarts; 0 makes the segment do nothing.</param>
/// <param name="SigmaMin">t_min: the noise level the restarts start from and return to (snapped to the nearest grid point).</param>
/// <param name="SigmaMax">t_max: the noise level the forward jump reaches (snapped to the nearest grid point, which must be above t_min's).</param>
public readonly record struct RestartSegment(int Steps, int Repeats, double SigmaMin, double SigmaMax);
