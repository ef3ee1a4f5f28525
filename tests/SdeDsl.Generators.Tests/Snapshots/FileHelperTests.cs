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

    private readonly struct Drift : global::SdeDsl.Generated.IIntegrand
    {
        public double Evaluate(double t) => -Math.Exp(-t * t);
    }

    /// <summary>The pre-§10.17 generated form: the inner quadrature inside the outer integrand.</summary>
    private readonly struct OldVarianceRate : global::SdeDsl.Generated.IIntegrand
    {
        public double Evaluate(double t) => Math.Exp(-2 * global::SdeDsl.Generated.Quadrature.Integrate(new Drift(), 0, t));
    }

    [Fact]
    public void The_nested_pair_helper_avoids_a_taken_name_and_its_members_equal_the_old_nested_quadrature()
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
            // Both are asked for 1e-14 relative of integral |h| (h > 0 here) and |log s| <= t, so sigma^2 agrees to
            // 2e-14 relative plus the inner error carried through exp(-2 Y) (2 * 1e-14 * t): 1e-13 covers both.
            double sigmaSquared = global::SdeDsl.Generated.Quadrature.Integrate(new OldVarianceRate(), 0, t);
            (schedule.Sigma(t) * schedule.Sigma(t)).ShouldBe(sigmaSquared, 1e-13 * sigmaSquared);
            double b = 0.5 * Math.Exp(-global::SdeDsl.Generated.Quadrature.Integrate(new Drift(), 0, t)) / sigmaSquared;
            schedule.OdeDenoiserCoefficient(t).ShouldBe(b, 1e-13 * b);
        }
    }
}
