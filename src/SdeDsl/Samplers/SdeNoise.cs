namespace SdeDsl.Samplers;

/// <summary>Where the stochastic samplers of docs/math.md §15 take their Gaussian increments from.</summary>
public enum SdeNoise
{
    /// <summary>Fresh counter-based normals per step and substream (docs/math.md §8; the default).</summary>
    Independent,

    /// <summary>
    /// Increments of a virtual Brownian tree over sigma (<see cref="Noise.BrownianTree"/>, docs/math.md §15.7), as
    /// k-diffusion's BrownianTreeNoiseSampler: refining the grid changes the sample smoothly instead of completely.
    /// </summary>
    BrownianTree,
}
