using System;

namespace SdeDsl.Samplers;

/// <summary>Argument checks shared by the samplers of docs/math.md §15.</summary>
internal static class SdeArguments
{
    /// <summary>eta must be finite and non-negative.</summary>
    public static void CheckEta(double eta)
    {
        if (!(eta >= 0) || double.IsInfinity(eta))
        {
            throw new ArgumentOutOfRangeException(nameof(eta), eta, "eta must be finite and non-negative.");
        }
    }

    /// <summary>The order must lie in [1, max].</summary>
    public static void CheckOrder(int order, int max)
    {
        if (order < 1 || order > max)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, $"order must lie in [1, {max}].");
        }
    }

    /// <summary>phi_2(H) = 1 - (1 - e^-H)/H = expm1(-H)/H + 1, by its series below H = 1e-3 (no cancellation).</summary>
    public static double Phi2(double h) => h < 1e-3
        ? h / 2 - h * h / 6 + h * h * h / 24 - h * h * h * h / 120
        : Generated.AccurateMath.ExpM1(-h) / h + 1;

    /// <summary>phi_3(H) = phi_2(H)/H - 1/2, by its series below H = 1e-3.</summary>
    public static double Phi3(double h) => h < 1e-3
        ? -h / 6 + h * h / 24 - h * h * h / 120 + h * h * h * h / 720
        : Phi2(h) / h - 0.5;
}
