using System;

namespace SdeDsl.Generators.Symbolic;

/// <summary>b^e in double precision the way the emitted code computes it (docs/math.md §10.10).</summary>
internal static class Powers
{
    /// <summary>
    /// b^e as emitted: a square root for 1/2, its reciprocal for -1/2, a division for -1, a product for 2,
    /// double.Pow otherwise.
    /// </summary>
    public static double Evaluate(double b, double e) => e switch
    {
        0.5 => Math.Sqrt(b),
        -0.5 => 1 / Math.Sqrt(b),
        -1 => 1 / b,
        2 => b * b,
        _ => Math.Pow(b, e),
    };

    /// <summary>
    /// b^e bitwise as the emitted code computes it, or null when that cannot be guaranteed: square roots, division
    /// and products are correctly rounded everywhere; double.Pow is the host's only on a .NET host.
    /// </summary>
    public static double? Fold(double b, double e) => e is 0.5 or -0.5 or -1 or 2 || Functions.HostIsDotNet ? Evaluate(b, e) : null;
}
