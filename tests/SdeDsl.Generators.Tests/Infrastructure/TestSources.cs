namespace SdeDsl.Generators.Tests.Infrastructure;

/// <summary>Builds a test source declaring one schedule by sigma (and optionally s).</summary>
public static class TestSources
{
    public static string BySigma(string name, string sigma, string? scale = null, double tMin = 1e-6, double tMax = 1, string members = "")
        => $$"""
           using System;
           using SdeDsl;

           namespace Tests;

           [NoiseSchedule(TMin = {{tMin:R}}, TMax = {{tMax:R}})]
           public partial struct {{name}}
           {
               {{members}}
               [Sigma] static double SigmaOf(double t) => {{sigma}};
               {{(scale is null ? string.Empty : $"[Scale] static double ScaleOf(double t) => {scale};")}}
           }
           """;

    /// <summary>VP declared by its SDE, as design.md shows it (Tests.VpBySde).</summary>
    public const string VpBySde = """
        using System;
        using SdeDsl;

        namespace Tests;

        [NoiseSchedule(TMin = 1e-3, TMax = 1)]
        public partial struct VpBySde
        {
            const double BetaMin = 0.1, BetaD = 19.9;
            [Drift]     static double F(double t) => -0.5 * (BetaMin + BetaD * t);
            [Diffusion] static double G(double t) => Math.Sqrt(BetaMin + BetaD * t);
        }
        """;
}
