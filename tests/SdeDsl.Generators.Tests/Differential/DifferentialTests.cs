using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Generators.Tests.Differential;

/// <summary>
/// Differential tests: the generated code of every catalogue case (<see cref="DifferentialCases"/>) against
/// the declared C# expression evaluated by the test itself, with derivatives from Ridders' extrapolated
/// central differences (<see cref="NumericalReference"/>) and the derived functions of docs/math.md §1
/// and 3 assembled from those references.
/// </summary>
/// <remarks>
/// Tolerances. Ridders' method on these smooth functions converges to ~1e-13..1e-11 relative (its error
/// estimate is asserted, so a bad reference fails loudly instead of loosening the check). The symbolic
/// derivative is exact up to the round-off of evaluating it (~1e-15 relative, up to ~1e-13 where the
/// derived expression cancels). A wrong rule (a lost chain factor, log instead of log10, a sign, a missing
/// constant factor, an integer division, a float constant recomputed in double) is off by 1e-8 or far
/// more. Measured over the catalogue, generated and reference derivatives agree to 1.2e-13 of their
/// magnitude at worst (the test logs the worst per case). So derivatives are required to agree to 1e-11 of
/// their magnitude plus four times Ridders' own error estimate: ~100 times the observed agreement, and
/// 1000 times below the smallest error a wrong formula makes at these points.
/// </remarks>
public sealed class DifferentialTests
{
    /// <summary>Relative agreement required of derivatives beyond Ridders' error estimate (see the class remarks).</summary>
    private const double DerivativeTolerance = 1e-11;

    /// <summary>Ridders' error estimate must be below this fraction of the derivative's magnitude, or the reference is not trusted.</summary>
    private const double ReferenceQuality = 1e-11;

    /// <summary>
    /// Relative round-off allowed in a generated derived function (drift, diffusion, ODE coefficients) beyond the
    /// propagated uncertainty of the references: the generated forms are simplified symbolically and may add terms
    /// that cancel (VP's a = sigma'/sigma + s'/s does at t = 1), so this is relative to the magnitude of the terms.
    /// </summary>
    private const double DerivedRoundOff = 1e-12;

    /// <summary>sigma^-1(sigma(t)) must give back t to this relative accuracy (the brief's 1e-12).</summary>
    private const double InverseTolerance = 1e-12;

    private const int InteriorPoints = 9;
    private const int RangePoints = 17;

    private readonly ITestOutputHelper output;

    public DifferentialTests(ITestOutputHelper output) => this.output = output;

    public static TheoryData<string> Names => DifferentialCases.Names;

    [Fact]
    public void The_catalogue_covers_every_supported_function_and_construct()
    {
        string all = string.Join("\n", DifferentialCases.All.SelectMany(c => new[] { c.SigmaText, c.ScaleText ?? string.Empty }));
        string[] functions = { "Exp", "Log", "Log10", "Log2", "Sqrt", "Cbrt", "Pow", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Tanh" };
        foreach (string function in functions)
        {
            Assert.Contains("Math." + function + "(", all, StringComparison.Ordinal);
            Assert.Contains("double." + function + "(", all, StringComparison.Ordinal);
        }

        foreach (string construct in new[] { "Math.Asinh(", "Math.Acosh(", "Math.Atanh(", "Math.PI", "Math.E", "double.Pi", "double.E", "double.Tau", "1 / 2", "- -", "+ +t", "-(-t)", "N / 2", "F * F" })
        {
            Assert.Contains(construct, all, StringComparison.Ordinal);
        }

        Assert.Contains(DifferentialCases.All, c => c.SigmaText.Contains("Math.Log(", StringComparison.Ordinal) && c.SigmaText.Contains(", 3)", StringComparison.Ordinal));
        Assert.True(DifferentialCases.All.Count >= 30);
        Assert.True(DifferentialCases.All.Count(c => c.Inverse == Inversion.Newton) >= 5);
        Assert.True(DifferentialCases.All.Count(c => c.Scale is not null) >= 4);
        Assert.Equal(DifferentialCases.All.Count, DifferentialCases.All.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public void The_catalogue_generates_without_diagnostics_and_compiles_without_warnings()
    {
        var (run, assembly, errors) = CompiledCases.Batch;
        Assert.Null(run.Exception);
        Assert.True(assembly is not null, errors);
        Assert.Equal(DifferentialCases.All.Count, run.Sources.Count);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Sigma_and_scale_reproduce_the_declared_functions(string name)
    {
        CompiledCase compiled = CompiledCases.For(DifferentialCases.Get(name));
        DifferentialCase c = compiled.Case;
        INoiseSchedule schedule = compiled.Schedule;
        foreach (double t in RangeTimes(c))
        {
            AssertClose(c.Sigma(t), schedule.Sigma(t), c.ValueTolerance * Math.Abs(c.Sigma(t)), "Sigma", c, t);
            double s = c.Scale?.Invoke(t) ?? 1;
            AssertClose(s, schedule.Scale(t), c.ValueTolerance * Math.Abs(s), "Scale", c, t);
        }

        Assert.Equal(c.TMin, schedule.TMin);
        Assert.Equal(c.TMax, schedule.TMax);
        Assert.Equal(c.Scale is null, schedule.IsScaleIdentity);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Derivatives_match_the_numerical_reference(string name)
    {
        CompiledCase compiled = CompiledCases.For(DifferentialCases.Get(name));
        DifferentialCase c = compiled.Case;
        double worst = 0;
        foreach (double t in InteriorTimes(c))
        {
            Reference r = Reference.At(c, t);
            AssertClose(r.SigmaPrime, compiled.Schedule.SigmaDerivative(t), r.SigmaPrimeUncertainty, "SigmaDerivative", c, t);
            AssertClose(r.ScalePrime, compiled.Schedule.ScaleDerivative(t), r.ScalePrimeUncertainty, "ScaleDerivative", c, t);
            worst = Math.Max(worst, Math.Abs(compiled.Schedule.SigmaDerivative(t) - r.SigmaPrime) / r.SigmaMagnitude);
        }

        output.WriteLine($"{name}: worst |sigma' - reference| / magnitude = {worst:E2}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Drift_diffusion_and_ode_coefficients_match_the_numerical_reference(string name)
    {
        CompiledCase compiled = CompiledCases.For(DifferentialCases.Get(name));
        DifferentialCase c = compiled.Case;
        INoiseSchedule schedule = compiled.Schedule;
        foreach (double t in InteriorTimes(c))
        {
            Reference r = Reference.At(c, t);
            double sigma = r.Sigma, s = r.Scale, dSigma = r.SigmaPrimeUncertainty, dS = r.ScalePrimeUncertainty;
            double v = c.ValueTolerance;

            // First-order propagation of the references' uncertainties, plus round-off of the generated evaluation.
            // f = s'/s
            double drift = r.ScalePrime / s;
            AssertClose(drift, schedule.Drift(t), (dS / Math.Abs(s)) + ((DerivedRoundOff + v) * Math.Abs(drift)), "Drift", c, t);

            // g^2 = 2 s^2 sigma' sigma
            double g2 = 2 * s * s * r.SigmaPrime * sigma;
            double g2Tolerance = (2 * s * s * Math.Abs(sigma) * dSigma) + ((DerivedRoundOff + (3 * v)) * Math.Abs(g2));
            AssertClose(g2, schedule.DiffusionSquared(t), g2Tolerance, "DiffusionSquared", c, t);

            // g = s sqrt(2 sigma' sigma): |sqrt(x) - sqrt(y)| <= |x - y| / (2 sqrt(y)) to first order
            double g = s * Math.Sqrt(2 * r.SigmaPrime * sigma);
            AssertClose(g, schedule.Diffusion(t), (g2Tolerance / (2 * g)) + (DerivedRoundOff * g), "Diffusion", c, t);

            // a = sigma'/sigma + s'/s (relative to the magnitude of the two terms: the sum may cancel)
            double a = (r.SigmaPrime / sigma) + (r.ScalePrime / s);
            double terms = Math.Abs(r.SigmaPrime / sigma) + Math.Abs(r.ScalePrime / s);
            double aTolerance = (dSigma / Math.Abs(sigma)) + (dS / Math.Abs(s)) + ((DerivedRoundOff + (2 * v)) * terms);
            AssertClose(a, schedule.OdeStateCoefficient(t), aTolerance, "OdeStateCoefficient", c, t);

            // b = sigma' s / sigma
            double b = r.SigmaPrime * s / sigma;
            double bTolerance = (dSigma * Math.Abs(s / sigma)) + ((DerivedRoundOff + (2 * v)) * Math.Abs(b));
            AssertClose(b, schedule.OdeDenoiserCoefficient(t), bTolerance, "OdeDenoiserCoefficient", c, t);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TimeAtSigma_inverts_sigma_to_1e_minus_12(string name)
    {
        CompiledCase compiled = CompiledCases.For(DifferentialCases.Get(name));
        DifferentialCase c = compiled.Case;
        INoiseSchedule schedule = compiled.Schedule;

        // The inverse is exercised the way the case says: closed form, or SdeDsl.Generated.ScheduleInversion.
        bool usesSolver = compiled.Source.Contains("global::SdeDsl.Generated.ScheduleInversion.SolveTime(this, sigma)", StringComparison.Ordinal);
        Assert.True(
            usesSolver == (c.Inverse == Inversion.Newton),
            $"{name}: expected {(c.Inverse == Inversion.Newton ? "the Newton solver" : "a closed-form inverse")}, generated:\n{compiled.Source}");

        double previous = double.NegativeInfinity;
        foreach (double t in RangeTimes(c))
        {
            double sigma = schedule.Sigma(t);
            Assert.True(sigma > previous, $"{name}: the catalogue promises an increasing sigma, but sigma({t:R}) = {sigma:R}");
            previous = sigma;

            // Condition number sigma / (t sigma') is below ~40 on every range here, so a correct inverse of the
            // correctly rounded sigma(t) is within ~1e-14 of t.
            double back = schedule.TimeAtSigma(sigma);
            AssertClose(t, back, InverseTolerance * Math.Abs(t), "TimeAtSigma(Sigma(t))", c, t);
        }
    }

    /// <summary>Decreasing sigmas (outside the catalogue, whose derived functions need sigma' sigma &gt;= 0): the inverse and sigma'.</summary>
    public static TheoryData<string, string, double, double, bool> Decreasing => new()
    {
        { "Reciprocal", "1 / t", 0.1, 5, false },
        { "ExpMinusT", "Math.Exp(-t)", 0.05, 4, false },
        { "Cosine", "Math.Cos(t) + 1.5", 0.1, 3, false },
        { "ExpPlusReciprocal", "Math.Exp(-t) + 1 / (1 + t)", 0.05, 4, true },
        { "LinearMinusSine", "10 - t - Math.Sin(t) / 2", 0.05, 6, true },
    };

    [Theory]
    [MemberData(nameof(Decreasing))]
    public void Decreasing_sigmas_invert_to_1e_minus_12(string name, string sigma, double tMin, double tMax, bool newton)
    {
        Infrastructure.GeneratorRun run = Infrastructure.GeneratorHarness.Run(Infrastructure.TestSources.BySigma(name, sigma, tMin: tMin, tMax: tMax));

        // A decreasing sigma is a poor diffusion schedule, which the schedule checks (SDE2xx warnings) say; anything
        // else reported, or any compile problem in the generated code, is a failure.
        Assert.Empty(run.GenerationProblems);
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "SDE201");
        Assert.Empty(run.CompilationProblems);
        Assert.Equal(newton, run.Sources.Values.Single().Contains("ScheduleInversion.SolveTime", StringComparison.Ordinal));
        INoiseSchedule schedule = run.Schedule("Tests." + name);
        for (int k = 0; k < RangePoints; k++)
        {
            double t = k == RangePoints - 1 ? tMax : tMin + ((tMax - tMin) * k / (RangePoints - 1));
            double back = schedule.TimeAtSigma(schedule.Sigma(t));
            Assert.True(Math.Abs(back - t) <= InverseTolerance * t, $"{name}: TimeAtSigma(Sigma({t:R})) = {back:R}");
            Assert.True(schedule.SigmaDerivative(t) < 0, $"{name}: sigma'({t:R}) = {schedule.SigmaDerivative(t):R} should be negative");
        }
    }

    /// <summary>Points strictly inside the range, at least half a spacing from each end (room for the difference stencil).</summary>
    private static IEnumerable<double> InteriorTimes(DifferentialCase c)
        => Enumerable.Range(0, InteriorPoints).Select(k => c.TMin + ((c.TMax - c.TMin) * (k + 0.5) / InteriorPoints));

    /// <summary>Points across the whole range, ends included.</summary>
    private static IEnumerable<double> RangeTimes(DifferentialCase c)
        => Enumerable.Range(0, RangePoints).Select(k => k == RangePoints - 1 ? c.TMax : c.TMin + ((c.TMax - c.TMin) * k / (RangePoints - 1)));

    private static void AssertClose(double expected, double actual, double tolerance, string member, DifferentialCase c, double t)
    {
        double error = Math.Abs(actual - expected);
        Assert.True(
            error <= tolerance,
            $"{c.Name}: {member}({t:R}) = {actual:R}, reference {expected:R}, error {error:E3} > tolerance {tolerance:E3}\n  sigma(t) = {c.SigmaText}\n  s(t) = {c.ScaleText ?? "1"}");
    }

    /// <summary>The reference values at one point: the declared lambdas and their Ridders derivatives.</summary>
    private sealed record Reference(
        double Sigma,
        double Scale,
        double SigmaPrime,
        double SigmaPrimeUncertainty,
        double SigmaMagnitude,
        double ScalePrime,
        double ScalePrimeUncertainty)
    {
        public static Reference At(DifferentialCase c, double t)
        {
            // The first step stays inside the range (the declared functions are only promised smooth there).
            double h = 0.4 * Math.Min(t - c.TMin, c.TMax - t);
            double sigma = c.Sigma(t);
            (double sigmaPrime, double sigmaError) = NumericalReference.Derivative(c.Sigma, t, h);

            // Magnitude that scales the tolerance: |f'| plus |f| (per unit time; the catalogue's ranges are O(1)),
            // so a derivative passing near zero is not held to a relative bound it cannot have.
            double sigmaMagnitude = Math.Abs(sigmaPrime) + Math.Abs(sigma);
            CheckQuality(c, t, "sigma", sigmaError, sigmaMagnitude);

            double scale = 1, scalePrime = 0, scaleUncertainty = 0;
            if (c.Scale is { } s)
            {
                scale = s(t);
                (scalePrime, double scaleError) = NumericalReference.Derivative(s, t, h);
                double scaleMagnitude = Math.Abs(scalePrime) + Math.Abs(scale);
                CheckQuality(c, t, "s", scaleError, scaleMagnitude);
                scaleUncertainty = (DerivativeTolerance * scaleMagnitude) + (4 * scaleError);
            }

            return new Reference(
                sigma,
                scale,
                sigmaPrime,
                (DerivativeTolerance * sigmaMagnitude) + (4 * sigmaError),
                sigmaMagnitude,
                scalePrime,
                scaleUncertainty);
        }

        private static void CheckQuality(DifferentialCase c, double t, string what, double error, double magnitude)
            => Assert.True(
                error <= ReferenceQuality * magnitude,
                $"{c.Name}: the numerical derivative of {what} at t = {t:R} did not converge (error estimate {error:E2}, magnitude {magnitude:E2}); the reference cannot be trusted");
    }
}
