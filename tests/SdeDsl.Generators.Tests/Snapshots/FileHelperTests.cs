using System;
using System.Collections.Generic;
using System.Linq;
using SdeDsl.Generators.Tests.Infrastructure;
using SdeDsl.Schedules;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Snapshots;

/// <summary>
/// The file helpers (docs/math.md §10.18) and the nested-pair helper (docs/math.md §10.17) never collide with the
/// user's members, and the members that call them compute what they computed inline.
/// </summary>
public sealed class FileHelperTests
{
    private static readonly Func<INoiseSchedule, double, double>[] Members =
    {
        (s, t) => s.Sigma(t), (s, t) => s.SigmaDerivative(t), (s, t) => s.Scale(t), (s, t) => s.ScaleDerivative(t),
        (s, t) => s.Drift(t), (s, t) => s.Diffusion(t), (s, t) => s.DiffusionSquared(t),
        (s, t) => s.OdeStateCoefficient(t), (s, t) => s.OdeDenoiserCoefficient(t),
    };

    [Fact]
    public void Helpers_whose_names_the_user_took_get_a_numeral_and_the_values_stay_bitwise_the_built_in_ones()
    {
        // The built-in VP's declaration plus user members named like the helpers VP gets.
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using SdeDsl;
            namespace Tests;
            [NoiseSchedule(TMin = 1e-3, TMax = 1)]
            public partial struct VpWithTakenNames
            {
                public const double BetaMin = 0.1;
                public const double BetaD = 19.9;
                [Sigma] private static double SigmaOf(double t) => Math.Sqrt(Math.Exp(0.5 * BetaD * t * t + BetaMin * t) - 1);
                [Scale] private static double ScaleOf(double t) => 1 / Math.Sqrt(Math.Exp(0.5 * BetaD * t * t + BetaMin * t));
                public static int SigmaSquared => 7;
                public static string LogScale(string s) => s;
            }
            """);
        run.GenerationProblems.ShouldBeEmpty();
        run.CompilationProblems.ShouldBeEmpty();
        string source = run.Sources.Values.Single();
        source.ShouldContain("private static double SigmaSquared2(double t)");
        source.ShouldContain("private static double LogScale2(double t)");
        source.ShouldContain("public readonly double Sigma(double t) => double.Sqrt(SigmaSquared2(t));");

        // Same declaration, same trees, other helper names: the same doubles as the built-in Vp.
        INoiseSchedule renamed = run.Schedule("Tests.VpWithTakenNames");
        INoiseSchedule builtIn = default(Vp);
        foreach (double t in Enumerable.Range(0, 64).Select(k => 1e-3 + (k * (1 - 1e-3) / 63)))
        {
            foreach (Func<INoiseSchedule, double, double> member in Members)
            {
                BitConverter.DoubleToInt64Bits(member(renamed, t)).ShouldBe(BitConverter.DoubleToInt64Bits(member(builtIn, t)));
            }
        }
    }

    [Fact]
    public void The_nested_pair_helper_avoids_a_taken_name_and_agrees_with_the_plain_quadrature_of_log_s()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using SdeDsl;
            namespace Tests;
            [NoiseSchedule(TMin = 1e-3, TMax = 2)]
            public partial struct GaussianDrift
            {
                [Drift]     static double F(double t) => -Math.Exp(-t * t);
                [Diffusion] static double G(double t) => 1;
                public static double LogScaleAndSigmaSquared => 1;
            }
            """);
        run.CompilationProblems.ShouldBeEmpty();
        string source = run.Sources.Values.Single();
        source.ShouldContain("private static (double LogScale, double SigmaSquared) _LogScaleAndSigmaSquared(double t) => global::SdeDsl.Generated.NestedQuadrature.Integrate(");
        source.ShouldNotContain("Quadrature.Integrate(new Integrand2()");

        INoiseSchedule schedule = run.Schedule("Tests.GaussianDrift");
        foreach (double t in new[] { 1e-3, 0.1, 0.5, 1, 1.5, 2 })
        {
            // b = 0.5 exp(-Y) / Z from the pair against 0.5 / (s sigma^2) with s = exp(Y) from the plain quadrature of f:
            // the two Y agree to the 1e-14 tolerance of |Y| <= t <= 2, so b agrees to about 2e-14 relative; 1e-13 is the margin.
            double b = 0.5 / (schedule.Scale(t) * schedule.Sigma(t) * schedule.Sigma(t));
            schedule.OdeDenoiserCoefficient(t).ShouldBe(b, 1e-13 * b);
        }
    }
}
