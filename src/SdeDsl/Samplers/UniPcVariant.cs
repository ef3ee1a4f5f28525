namespace SdeDsl.Samplers;

/// <summary>The B(h) of UniPC (Zhao et al. 2023, section 3.3; diffusers' <c>solver_type</c>; docs/math.md §15.5).</summary>
public enum UniPcVariant
{
    /// <summary>"bh1": B(h) = h (recommended by the paper for unconditional sampling with few steps).</summary>
    Bh1,

    /// <summary>"bh2": B(h) = e^h - 1 (diffusers' default, for guided sampling).</summary>
    Bh2,
}
