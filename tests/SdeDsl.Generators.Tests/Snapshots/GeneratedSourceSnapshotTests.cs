using System.Collections.Generic;
using System.Linq;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Snapshots;

/// <summary>
/// Approval snapshots of the full generated source (files beside this test, *.approved.txt): the
/// built-in schedules read from src/SdeDsl, and further declarations that exercise every shape the
/// emitter handles. A change to generated code shows up here as a diff to review.
/// </summary>
public sealed class GeneratedSourceSnapshotTests
{
    internal static readonly string[] BuiltInNames = { "Edm", "Ve", "Vp", "SubVp", "Cosine", "RectifiedFlow" };

    public static TheoryData<string> BuiltIns => new(BuiltInNames);

    public static TheoryData<string> Declarations => new(Sources.Keys);

    internal static readonly Dictionary<string, string> Sources = new()
    {
        // iDDPM cosine: s(t) = sqrt(alpha_bar(t)), sigma = sqrt(1 / alpha_bar - 1), alpha_bar = cos^2(pi/2 (t + S)/(1 + S)) / cos^2(pi/2 S/(1 + S)).
        ["CosineIddpm"] = """
            using System;
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = 1e-3, TMax = 0.99)]
            public partial struct CosineIddpm
            {
                const double S = 0.008;

                [Scale] static double ScaleOf(double t) => Math.Cos(0.5 * Math.PI * (t + S) / (1 + S)) / Math.Cos(0.5 * Math.PI * S / (1 + S));
                [Sigma] static double SigmaOf(double t) => Math.Sqrt(Math.Pow(Math.Cos(0.5 * Math.PI * S / (1 + S)) / Math.Cos(0.5 * Math.PI * (t + S) / (1 + S)), 2) - 1);
            }
            """,

        // Rectified flow / linear interpolation: x_t = (1 - t) x0 + t e, so s = 1 - t and sigma = t / (1 - t).
        ["RectifiedFlow"] = """
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = 1e-3, TMax = 0.999)]
            public partial struct RectifiedFlow
            {
                [Scale] static double ScaleOf(double t) => 1 - t;
                [Sigma] static double SigmaOf(double t) => t / (1 - t);
            }
            """,

        // Geometric VE (SGM's NCSN schedule in t in [0, 1]).
        ["GeometricVe"] = """
            using System;
            using SdeDsl;

            namespace Tests
            {
                [NoiseSchedule(0, 1)]
                public partial struct GeometricVe
                {
                    const double SigmaMin = 0.01, SigmaMax = 50;

                    [Sigma] static double SigmaOf(double t) => SigmaMin * Math.Pow(SigmaMax / SigmaMin, t);
                }
            }
            """,

        // VP declared by its SDE (design.md): s and sigma integrate in closed form to VP's.
        ["VpBySde"] = TestSources.VpBySde,

        // s = 1 and g^2 = 1 + sin(t)^2 has no rule: sigma^2 is integrated by quadrature.
        ["SinSquaredDiffusion"] = """
            using System;
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = 1e-5, TMax = 5)]
            public partial struct SinSquaredDiffusion
            {
                [Drift]     static double F(double t) => 0;
                [Diffusion] static double G(double t) => Math.Sqrt(1 + Math.Sin(t) * Math.Sin(t));
            }
            """,

        // Neither integral has a rule: s by quadrature, and sigma^2 by quadrature of an integrand that
        // itself calls the quadrature for s.
        ["QuadratureDrift"] = """
            using System;
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = 1e-5, TMax = 2)]
            public partial struct QuadratureDrift
            {
                [Drift]     static double F(double t) => -t * t / (1 + t * t);
                [Diffusion] static double G(double t) => 1;
            }
            """,

        // A nested quadrature no integration rule removes (exp(-t^2/w) has no elementary antiderivative), with a
        // hyper-parameter: log s and sigma^2 come from one NestedQuadrature pass in an instance helper (docs/math.md §10.17).
        ["NestedQuadrature"] = """
            using System;
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = 1e-4, TMax = 3)]
            public partial struct NestedQuadrature(double width = 1)
            {
                [Drift]     double F(double t) => -Math.Exp(-t * t / width);
                [Diffusion] static double G(double t) => 1 + t;
            }
            """,

        // A shifted flow (SD3-style time shift of rectified flow): the derivative's numerator terms cancel
        // only after expansion, -(1 + (Shift - 1) t) - (1 - t)(Shift - 1) = -Shift.
        ["ShiftedFlow"] = """
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = 1e-3, TMax = 0.999)]
            public partial struct ShiftedFlow
            {
                const double Shift = 3;

                [Scale] static double ScaleOf(double t) => (1 - t) / (1 + (Shift - 1) * t);
                [Sigma] static double SigmaOf(double t) => Shift * t / (1 - t);
            }
            """,

        // No closed-form inverse: TimeAtSigma is the safeguarded Newton solve.
        ["WobblyNewton"] = """
            using System;
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = 0.01, TMax = 3)]
            public partial struct WobblyNewton
            {
                [Sigma] static double SigmaOf(double t) => t + 0.5 * Math.Sin(t);
            }
            """,

        // A readonly struct nested in a static class, a block-bodied method, a static readonly constant.
        ["NestedReadOnly"] = """
            using System;
            using SdeDsl;

            namespace Outer.Space
            {
                public static partial class Container
                {
                    [NoiseSchedule(0.01, 2)]
                    public readonly partial struct Nested
                    {
                        static readonly double Rate = 1.5;

                        [Sigma]
                        static double Noise(double t)
                        {
                            return Math.Exp(Rate * t) - 1;
                        }
                    }
                }
            }
            """,

        // A generic struct in the global namespace whose parameter is not called t and whose constant is
        // called like the generated inverse's parameter (so the emitter must qualify it).
        ["GenericStructWithCollidingConstant"] = """
            using SdeDsl;

            [NoiseSchedule(TMin = 0.1, TMax = 3)]
            public partial struct Quadratic<T>
            {
                const double sigma = 2.0;

                [Sigma] static double SigmaOf(double x) => sigma * x * x;
            }
            """,
    };

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void Built_in_schedule(string name)
    {
        string generated = GenerateSingle(RepositoryFiles.Read($"src/SdeDsl/Schedules/{name}.cs"), allowTypeConflicts: true);
        generated.ShouldMatchApproved(c => c.WithDiscriminator(name).NoDiff());
    }

    [Theory]
    [MemberData(nameof(Declarations))]
    public void Declaration(string name)
    {
        string generated = GenerateSingle(Sources[name], allowTypeConflicts: false);
        generated.ShouldMatchApproved(c => c.WithDiscriminator(name).NoDiff());
    }

    private static string GenerateSingle(string source, bool allowTypeConflicts)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        run.Exception.ShouldBeNull();
        run.GeneratorDiagnostics.ShouldAllBe(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Info);

        // The built-ins also exist in the referenced SdeDsl.dll, so those compilations warn CS0436 (local type wins).
        var problems = run.CompilationProblems.Where(d => !(allowTypeConflicts && d.Id == "CS0436")).ToList();
        problems.ShouldBeEmpty();
        return run.Sources.Values.Single();
    }
}
