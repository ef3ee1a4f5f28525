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
}
