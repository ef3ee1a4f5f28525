using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using SdeDsl.Generators.Tests.Infrastructure;
using SdeDsl.Schedules;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Integration;

/// <summary>
/// Schedules declared by drift f and diffusion g (docs/math.md §1 and §10.4): s = exp(integral_0^t f) and
/// sigma^2 = integral_0^t g^2 / s^2, in closed form or by quadrature, against closed forms.
/// </summary>
public sealed class DriftDiffusionDeclarationTests
{
    // The same VP, but every integrand carries the factor sin^2 + cos^2 (= 1 to an ulp), for which the
    // integrator has no rule: s and sigma^2 go through the quadrature path.
    private const string VpByQuadrature = """
        using System;
        using SdeDsl;
        namespace Tests;
        [NoiseSchedule(TMin = 1e-3, TMax = 1)]
        public partial struct VpByQuadrature
        {
            const double BetaMin = 0.1, BetaD = 19.9;
            [Drift]     static double F(double t) => -0.5 * (BetaMin + BetaD * t) * (Math.Sin(t) * Math.Sin(t) + Math.Cos(t) * Math.Cos(t));
            [Diffusion] static double G(double t) => Math.Sqrt((BetaMin + BetaD * t) * (Math.Sin(t) * Math.Sin(t) + Math.Cos(t) * Math.Cos(t)));
        }
        """;

    public static IEnumerable<double> Times(double tMin, double tMax)
        => Enumerable.Range(0, 40).Select(k => tMin + (tMax - tMin) * k / 39.0)
            .Concat(Enumerable.Range(1, 38).Select(k => tMin * Math.Pow(tMax / tMin, k / 39.0)));

    [Fact]
    public void VP_declared_by_drift_and_diffusion_equals_VP_declared_by_sigma_and_scale_to_round_off()
    {
        GeneratorRun run = GeneratorHarness.Run(TestSources.VpBySde);
        run.GeneratorDiagnostics.Select(d => d.Id).ShouldBe(new[] { "SDE101", "SDE101" }, ignoreOrder: true);
        INoiseSchedule bySde = run.Schedule("Tests.VpBySde");
        INoiseSchedule bySigma = default(Vp);

        foreach (double t in Times(bySigma.TMin, bySigma.TMax))
        {
            foreach ((string member, Func<INoiseSchedule, double, double> f) in Members)
            {
                double expected = f(bySigma, t), actual = f(bySde, t);
                actual.ShouldBe(expected, 4e-16 * Math.Abs(expected), $"{member}({t})");
            }
        }

        bySde.IsScaleIdentity.ShouldBeFalse();
        bySde.TimeAtSigma(bySigma.Sigma(0.3)).ShouldBe(0.3, 1e-15);
    }

    [Fact]
    public void Forced_through_quadrature_VP_matches_the_closed_forms()
    {
        GeneratorRun run = GeneratorHarness.Run(VpByQuadrature);
        run.GeneratorDiagnostics.Select(d => d.Id).ShouldBe(new[] { "SDE102", "SDE102" });
        run.Sources.Values.Single().ShouldContain("global::SdeDsl.Generated.Quadrature.Integrate(");
        INoiseSchedule quadrature = run.Schedule("Tests.VpByQuadrature");
        INoiseSchedule exact = default(Vp);

        // Quadrature is asked for 1e-14 relative; s = exp(integral f) turns that into an absolute error
        // of about 1e-14 |log s| <= 1e-13 in log s, and sigma = sqrt(integral) halves the relative error of
        // sigma^2 (itself a nested quadrature). 1e-12 leaves a margin of ten over those bounds.
        foreach (double t in Times(exact.TMin, exact.TMax))
        {
            foreach ((string member, Func<INoiseSchedule, double, double> f) in Members)
            {
                double expected = f(exact, t), actual = f(quadrature, t);
                // a(t) = sigma'/sigma + s'/s is a sum whose terms nearly cancel at large t (each is about
                // -+u'/2 while a = u'/(2 expm1(u))): its error bound scales with the terms, not the sum.
                double scale = member == "OdeStateCoefficient"
                    ? Math.Abs(exact.SigmaDerivative(t) / exact.Sigma(t)) + Math.Abs(exact.Drift(t))
                    : Math.Abs(expected);
                actual.ShouldBe(expected, 1e-12 * scale, $"{member}({t})");
            }

            // Newton on a function computed by quadrature: limited by the quadrature's own accuracy.
            quadrature.TimeAtSigma(exact.Sigma(t)).ShouldBe(t, 1e-10 * t);
        }
    }

    [Theory]
    [InlineData("0", "1", "1", "t")] // VE-like: sigma^2 = t
    [InlineData("0", "Math.Sqrt(2 * t)", "1", "t * t")] // EDM by its SDE: g^2 = 2t, sigma = t
    [InlineData("-1 / (1 + t)", "1", "1 / (1 + t)", "((1 + t) * (1 + t) * (1 + t) - 1) / 3")] // s = 1/(1+t), sigma^2 = integral (1+u)^2
    [InlineData("2 * t", "Math.Exp(t * t)", "Math.Exp(t * t)", "t")] // s = exp(t^2): g^2/s^2 = 1
    [InlineData("-0.5 * (0.1 + 19.9 * t)", "Math.Sqrt((0.1 + 19.9 * t) * (1 - Math.Exp(-2 * (0.1 * t + 0.5 * 19.9 * t * t))))", "Math.Exp(-0.5 * (0.1 * t + 0.5 * 19.9 * t * t))", "4 * Math.Pow(Math.Sinh(0.5 * (0.1 * t + 0.5 * 19.9 * t * t)), 2)")] // sub-VP: e^B + e^-B - 2 = 4 sinh(B/2)^2
    public void Closed_form_integrals_match_hand_computed_ones(string drift, string diffusion, string scale, string sigmaSquared)
    {
        string source = $$"""
            using System;
            using SdeDsl;
            namespace Tests;
            [NoiseSchedule(TMin = 1e-4, TMax = 1)]
            public partial struct BySde
            {
                [Drift]     static double F(double t) => {{drift}};
                [Diffusion] static double G(double t) => {{diffusion}};
                public static double ExpectedScale(double t) => {{scale}};
                public static double ExpectedSigmaSquared(double t) => {{sigmaSquared}};
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        run.GeneratorDiagnostics.Where(d => d.Severity > DiagnosticSeverity.Info).ShouldBeEmpty();
        run.GeneratorDiagnostics.Select(d => d.Id).ShouldBe(new[] { "SDE101", "SDE101" }, "both integrals have closed forms");
        Type type = run.Load().GetType("Tests.BySde")!;
        var schedule = (INoiseSchedule)Activator.CreateInstance(type)!;
        var expectedScale = type.GetMethod("ExpectedScale")!.CreateDelegate<Func<double, double>>();
        var expectedSigmaSquared = type.GetMethod("ExpectedSigmaSquared")!.CreateDelegate<Func<double, double>>();

        foreach (double t in Times(1e-2, 1))
        {
            schedule.Scale(t).ShouldBe(expectedScale(t), 1e-14 * expectedScale(t));
            double sigma = Math.Sqrt(expectedSigmaSquared(t));
            // The references are written without cancellation, so both sides are good to a few ulps; the
            // generated sigma goes through one more sqrt and the symbolic integration's reordering.
            schedule.Sigma(t).ShouldBe(sigma, 1e-14 * sigma);
        }
    }

    private static readonly (string Member, Func<INoiseSchedule, double, double> Function)[] Members =
    {
        ("Sigma", (s, t) => s.Sigma(t)),
        ("SigmaDerivative", (s, t) => s.SigmaDerivative(t)),
        ("Scale", (s, t) => s.Scale(t)),
        ("ScaleDerivative", (s, t) => s.ScaleDerivative(t)),
        ("Drift", (s, t) => s.Drift(t)),
        ("Diffusion", (s, t) => s.Diffusion(t)),
        ("DiffusionSquared", (s, t) => s.DiffusionSquared(t)),
        ("OdeStateCoefficient", (s, t) => s.OdeStateCoefficient(t)),
        ("OdeDenoiserCoefficient", (s, t) => s.OdeDenoiserCoefficient(t)),
    };
}
