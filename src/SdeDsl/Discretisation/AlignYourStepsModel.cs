namespace SdeDsl.Discretisation;

/// <summary>The models NVIDIA published Align-Your-Steps tables for (docs/math.md §15.6).</summary>
public enum AlignYourStepsModel
{
    /// <summary>Stable Diffusion 1.5 (ComfyUI's "SD1").</summary>
    StableDiffusion15,

    /// <summary>Stable Diffusion XL ("SDXL").</summary>
    StableDiffusionXL,

    /// <summary>Stable Video Diffusion ("SVD").</summary>
    StableVideoDiffusion,
}
