using System.Collections.Generic;

namespace SdeDsl.Generators.Tests.Declarations;

/// <summary>
/// Declarations that use helper methods, instance hyper-parameters and piecewise functions (docs/math.md §18),
/// shared by the snapshot, differential and compile-and-run tests.
/// </summary>
public static class RicherDeclarationSources
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        // VP by its SDE with beta(t) written once (a helper) and the hyper-parameters of a primary constructor:
        // f = -beta/2, g = sqrt(beta), integrated in closed form with the hyper-parameters symbolic.
        ["HyperVp"] = """
            using System;
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = 1e-3, TMax = 1)]
            public partial struct HyperVp(double betaMin = 0.1, double betaMax = 20)
            {
                double Beta(double t) => betaMin + (betaMax - betaMin) * t;

                [Drift] double F(double t) => -0.5 * Beta(t);
                [Diffusion] double G(double t) => Math.Sqrt(Beta(t));
            }
            """,

        // A static helper of two parameters used by both sigma and s (VP's log-mean-coefficient, written once).
        ["HelperVp"] = """
            using System;
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = 1e-3, TMax = 1)]
            public partial struct HelperVp
            {
                const double BetaMin = 0.1, BetaD = 19.9;

                static double Integral(double t, double rate) => 0.5 * rate * t * t + BetaMin * t;

                [Sigma] static double SigmaOf(double t) => Math.Sqrt(Math.Exp(Integral(t, BetaD)) - 1);
                [Scale] static double ScaleOf(double t) => 1 / Math.Sqrt(Math.Exp(Integral(t, rate: BetaD)));
            }
            """,

        // EDM's sigma = t with readonly-field hyper-parameters (constant initialisers, an explicit constructor).
        ["FieldEdm"] = """
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = 0.002, TMax = 80)]
            public partial struct FieldEdm
            {
                readonly double gain = 1, offset = 0;

                public FieldEdm(double gain, double offset)
                {
                    this.gain = gain;
                    this.offset = offset;
                }

                [Sigma] double SigmaOf(double t) => gain * t + offset;
            }
            """,

        // A clipped linear beta(t) = min(beta_min + beta_d t, beta_max) (as discrete DDPM tables clip beta): f and g
        // are piecewise, s and sigma integrate piecewise in closed form, and sigma stays differentiable.
        ["ClippedVp"] = """
            using System;
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = 1e-3, TMax = 1)]
            public partial struct ClippedVp
            {
                const double BetaMin = 0.1, BetaD = 19.9, BetaMax = 12;

                static double Beta(double t) => Math.Min(BetaMin + BetaD * t, BetaMax);

                [Drift] static double F(double t) => -0.5 * Beta(t);
                [Diffusion] static double G(double t) => Math.Sqrt(Beta(t));
            }
            """,

        // sigma with a quadratic start joined C^1 to a line at t = 1 (conditional operator), s = 1.
        ["SmoothJoin"] = """
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = 0.01, TMax = 80)]
            public partial struct SmoothJoin
            {
                [Sigma] static double SigmaOf(double t) => t >= 1 ? t : 0.5 * t * t + 0.5;
            }
            """,

        // Math.Abs, Max and Clamp whose switch points lie outside the range: sigma = (2 - t) t + t = 3 t - t^2, s = 1 / (1 + t^2).
        ["AbsMaxClamp"] = """
            using System;
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = 0.001, TMax = 0.9)]
            public partial struct AbsMaxClamp
            {
                [Sigma] static double SigmaOf(double t) => Math.Clamp(Math.Abs(t - 2) * t, 0.0001, 100) + Math.Max(t, -1);
                [Scale] static double ScaleOf(double t) => 1 / Math.Max(1, 1 + t * t);
            }
            """,

        // A hyper-parameter in an integrand left to quadrature: the generated integrand struct takes it.
        ["HyperQuadrature"] = """
            using System;
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = 1e-5, TMax = 5)]
            public partial struct HyperQuadrature(double wobble = 1)
            {
                [Drift] static double F(double t) => 0;
                [Diffusion] double G(double t) => Math.Sqrt(1 + wobble * Math.Sin(t) * Math.Sin(t));
            }
            """,
    };
}
