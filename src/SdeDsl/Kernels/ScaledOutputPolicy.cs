namespace SdeDsl.Kernels;

/// <summary>
/// Whether a kernel loop also writes the scaled output y = out / s (the next denoiser input), a JIT-time constant so
/// the loop carries no per-iteration test for it.
/// </summary>
internal interface IScaledOutputPolicy
{
    /// <summary>Whether the scaled output is written.</summary>
    static abstract bool Writes { get; }
}

/// <summary>The pass writes only its output.</summary>
internal readonly struct NoScaledOutput : IScaledOutputPolicy
{
    public static bool Writes => false;
}

/// <summary>The pass also writes the scaled output.</summary>
internal readonly struct WritesScaledOutput : IScaledOutputPolicy
{
    public static bool Writes => true;
}
