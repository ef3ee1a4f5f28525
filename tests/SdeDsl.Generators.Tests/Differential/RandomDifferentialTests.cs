using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using SdeDsl.Generators.Tests.Infrastructure;
using SdeDsl.Generators.Tests.Robustness;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Generators.Tests.Differential;

/// <summary>
/// Random supported expression trees (fixed seeds) through the generator, each generated schedule compared
/// with its own declaration: the declared [Sigma] and [Scale] methods are compiled into the same assembly
/// and called by reflection, and their derivatives come from <see cref="NumericalReference"/>. This checks
/// the differentiation rules, the canonical rewrites and the printer (precedence, signs, integer literals)
/// on thousands of shapes nobody wrote by hand.
/// </summary>
/// <remarks>
/// Random expressions are not all well conditioned (sums that cancel, arguments out of a function's
/// domain), and the generator legitimately evaluates them differently (reassociated sums, expm1/log1p), so
/// a point is compared only where the declared value is finite and of moderate size and Ridders' method
/// converged (error estimate below 1e-9 of the magnitude); there the generated value and derivative must
/// agree to 1e-6 relative. A precedence, sign or rule error is O(1); round-off of 1e-6 needs ten digits of
/// cancellation, which these moderate constants do not produce at the sampled points.
/// </remarks>
public sealed class RandomDifferentialTests
{
    private const double Agreement = 1e-6;
    private const double ReferenceQuality = 1e-9;
    private static readonly double[] Times = { 0.23, 0.61, 1.07, 1.64 };

    private readonly ITestOutputHelper output;

    public RandomDifferentialTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(101)]
    [InlineData(102)]
    [InlineData(103)]
    public void Random_expressions_match_their_declarations_and_numerical_derivatives(int seed)
    {
        var fuzzer = new ExpressionFuzzer(seed, supportedOnly: true);
        (int schedules, int derivatives, int inverses) = CompareAll($"D{seed}_", fuzzer.Declaration, 100);
        Assert.True(schedules >= 25, $"only {schedules} of 100 random declarations generated code");
        Assert.True(derivatives >= 50, $"only {derivatives} derivatives could be compared");
    }

    /// <summary>
    /// Random compositions of increasing functions (so sigma is increasing, and often invertible in closed form
    /// by the generator's inverter, otherwise by the Newton solver): every one must round-trip through TimeAtSigma.
    /// </summary>
    [Theory]
    [InlineData(201)]
    [InlineData(202)]
    public void Random_increasing_compositions_round_trip_through_TimeAtSigma(int seed)
    {
        var random = new Random(seed);
        (int schedules, int _, int inverses) = CompareAll($"I{seed}_", name => TestSources.BySigma(name, Increasing(random, random.Next(1, 5)), tMin: 0.1, tMax: 2), 100);
        Assert.True(schedules >= 95, $"only {schedules} of 100 increasing compositions generated code");
        Assert.True(inverses >= 60, $"only {inverses} of them were increasing with moderate values on the grid");
    }

    /// <summary>
    /// Random declarations by drift f and diffusion g (docs/math.md §1 and §10.4): whatever the generator integrates (in
    /// closed form or by quadrature), the schedule must give back f = s'/s and g^2 = 2 s^2 sigma' sigma, and its
    /// emitted sigma'(t) must be the derivative of its emitted sigma(t).
    /// </summary>
    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    public void Random_drift_and_diffusion_declarations_give_back_f_and_g(int seed)
    {
        // Entire functions only (sums and products of exp, sin, cos, tanh, atan, sinh of such): every integral
        // converges quickly, whether in closed form or by quadrature. (A drift with a cusp in the range makes the
        // nested quadrature of the emitted sigma very slow at run time; the generator's own bound for that case is
        // tested in the robustness suite.)
        var random = new Random(seed);
        var names = Enumerable.Range(0, 60).Select(i => $"F{seed}_{i}").ToList();
        var sources = names.Select(name =>
        {
            string f = Smooth(random, random.Next(1, 4));
            string g = $"Math.Exp(0.25 * ({Smooth(random, 2)}))";
            return "using System; using SdeDsl; namespace Tests; [NoiseSchedule(TMin = 0.1, TMax = 2)] public partial struct " + name + " {\n"
                   + ExpressionFuzzer.Members + "\n[Drift] static double DriftOf(double t) => " + f + ";\n[Diffusion] static double DiffusionOf(double t) => " + g + ";\n}";
        }).ToList();

        GeneratorRun run = GeneratorHarness.Run(sources.ToArray());
        Assert.Null(run.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id.StartsWith("SDE9", StringComparison.Ordinal));
        Assembly assembly = run.Load();
        var failures = new List<string>();
        int schedules = 0, compared = 0, derivatives = 0;
        for (int i = 0; i < names.Count; i++)
        {
            if (!run.Sources.ContainsKey("Tests." + names[i] + ".g.cs"))
            {
                continue;
            }

            schedules++;
            Type type = assembly.GetType("Tests." + names[i])!;
            var schedule = (INoiseSchedule)Activator.CreateInstance(type)!;
            Func<double, double> f = Declared(type, "DriftOf")!, g = Declared(type, "DiffusionOf")!;
            foreach (double t in Times)
            {
                double fv = f(t), gv = g(t);
                if (!IsModerate(fv) || !IsModerate(gv))
                {
                    continue;
                }

                compared++;
                Expect("Drift", fv, schedule.Drift(t), t, i);
                Expect("DiffusionSquared", gv * gv, schedule.DiffusionSquared(t), t, i);
                Expect("Diffusion", gv, schedule.Diffusion(t), t, i);

                double sigma = schedule.Sigma(t);
                (double slope, double error) = NumericalReference.Derivative(schedule.Sigma, t, 0.05);
                double magnitude = Math.Abs(slope) + Math.Abs(sigma);
                if (IsModerate(sigma) && IsModerate(slope) && error <= ReferenceQuality * magnitude)
                {
                    derivatives++;
                    double derivative = schedule.SigmaDerivative(t);
                    if (!(Math.Abs(derivative - slope) <= (Agreement * magnitude) + (10 * error)))
                    {
                        failures.Add($"SigmaDerivative({t}) = {derivative:R}, numerical derivative of the emitted Sigma {slope:R}\n{Body(sources[i])}");
                    }
                }
            }
        }

        output.WriteLine($"{schedules} schedules, {compared} points of f and g, {derivatives} derivatives of the emitted sigma compared, {failures.Count} failures");
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches; the first ones:\n\n" + string.Join("\n\n", failures.Take(5)));
        Assert.True(schedules >= 30 && compared >= 60, $"only {schedules} schedules and {compared} points could be compared");

        void Expect(string member, double expected, double actual, double t, int i)
        {
            if (!(Math.Abs(actual - expected) <= Agreement * Math.Abs(expected)))
            {
                failures.Add($"{member}({t}) = {actual:R}, declared {expected:R}\n{Body(sources[i])}");
            }
        }
    }

    /// <summary>A random entire function of t (smooth everywhere, moderate on [0, 2]).</summary>
    private static string Smooth(Random random, int depth)
    {
        if (depth == 0)
        {
            string[] leaves = { "t", "t", "1", "0.5", "2", "A", "K", "Math.PI" };
            return leaves[random.Next(leaves.Length)];
        }

        string a = Smooth(random, depth - 1), b = Smooth(random, depth - 1);
        return random.Next(9) switch
        {
            0 => $"({a} + {b})",
            1 => $"({a} - {b})",
            2 => $"({a} * {b})",
            3 => $"Math.Exp(0.5 * Math.Sin({a}))",
            4 => $"Math.Sin({a})",
            5 => $"Math.Cos({a})",
            6 => $"Math.Tanh({a})",
            7 => $"Math.Atan({a})",
            _ => $"-({a})",
        };
    }

    /// <summary>An expression in t that is increasing wherever it is defined (and defined for every real t).</summary>
    private static string Increasing(Random random, int depth)
    {
        if (depth == 0)
        {
            return "t";
        }

        string inner = Increasing(random, depth - 1);
        string[] a = { "0.5", "2", "3", "1.5" }, b = { "-1", "0.25", "1", "2" };
        return random.Next(16) switch
        {
            0 => $"{a[random.Next(a.Length)]} * ({inner}) + {b[random.Next(b.Length)]}",
            1 => $"Math.Exp({inner})",
            2 => $"Math.Log(Math.Exp({inner}) + 1)",
            3 => $"Math.Atan({inner})",
            4 => $"Math.Tanh({inner})",
            5 => $"Math.Asinh({inner})",
            6 => $"Math.Sinh({inner})",
            7 => $"Math.Cbrt({inner})",
            8 => $"Math.Pow({inner}, 3)",
            9 => $"-Math.Exp(-({inner}))",
            10 => $"({inner}) + ({Increasing(random, depth - 1)})",
            11 => $"Math.Pow(2, {inner})",
            12 => $"1 / (1 + Math.Exp(-({inner})))",
            13 => $"Math.Log10(Math.Exp({inner}) + 1)",
            14 => $"Math.Sqrt(Math.Exp({inner}) + 1)",
            _ => $"Math.Exp({inner}) - 1",
        };
    }

    private (int Schedules, int Derivatives, int Inverses) CompareAll(string prefix, Func<string, string> declaration, int count)
    {
        const int Batch = 50;
        var failures = new List<string>();
        int schedules = 0, valuesCompared = 0, derivativesCompared = 0, derivedCompared = 0, inversesCompared = 0;
        for (int start = 0; start < count; start += Batch)
        {
            var names = Enumerable.Range(start, Batch).Select(i => prefix + i).ToList();
            var sources = names.Select(declaration).ToList();
            GeneratorRun run = GeneratorHarness.Run(sources.ToArray());
            Assert.Null(run.Exception);

            // A random declaration can be invalid C# (an integer constant division by zero): the generator then refuses
            // it with a diagnostic; otherwise the batch must compile. Refused declarations have no source and are skipped.
            Assert.True(run.CompilationProblems.All(d => d.Severity != Microsoft.CodeAnalysis.DiagnosticSeverity.Error) || run.GeneratorDiagnostics.Length > 0, string.Join("\n", run.CompilationProblems.Take(5)));
            Assembly? assembly = TryLoad(run);
            if (assembly is null)
            {
                // Some declaration broke the batch: compile each on its own.
                for (int i = 0; i < names.Count; i++)
                {
                    GeneratorRun single = GeneratorHarness.Run(sources[i]);
                    if (single.Sources.Count == 1 && TryLoad(single) is { } own)
                    {
                        Compare(own, names[i], sources[i]);
                    }
                }

                continue;
            }

            for (int i = 0; i < names.Count; i++)
            {
                if (run.Sources.ContainsKey("Tests." + names[i] + ".g.cs"))
                {
                    Compare(assembly, names[i], sources[i]);
                }
            }
        }

        output.WriteLine($"{schedules} schedules, {valuesCompared} values, {derivativesCompared} derivatives, {derivedCompared} points of derived functions and {inversesCompared} inverses compared, {failures.Count} failures");
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches; the first ones:\n\n" + string.Join("\n\n", failures.Take(5)));
        return (schedules, derivativesCompared, inversesCompared);

        void Compare(Assembly assembly, string name, string source)
        {
            Type type = assembly.GetType("Tests." + name)!;
            var schedule = (INoiseSchedule)Activator.CreateInstance(type)!;
            Func<double, double> sigma = Declared(type, "SigmaOf")!;
            Func<double, double>? scale = Declared(type, "ScaleOf");
            schedules++;
            foreach (double t in Times)
            {
                (double Slope, double Uncertainty)? sigmaPrime = Check("Sigma", "SigmaDerivative", sigma, schedule.Sigma, schedule.SigmaDerivative, t, source);
                (double Slope, double Uncertainty)? scalePrime = scale is null ? (0, 0) : Check("Scale", "ScaleDerivative", scale, schedule.Scale, schedule.ScaleDerivative, t, source);
                if (sigmaPrime is { } ds && scalePrime is { } dsc)
                {
                    CheckDerived(schedule, sigma(t), scale?.Invoke(t) ?? 1, ds, dsc, t, source);
                }
            }

            CheckInverse(schedule, source);
        }

        // The derived functions of docs/math.md §1 and §3.1 from the references, where both derivatives were trusted,
        // with the references' uncertainty (the bound each derivative was checked to) propagated to first order: a
        // derivative much smaller than its function (a saturated sigma) is only known to that absolute accuracy.
        void CheckDerived(INoiseSchedule schedule, double sigma, double s, (double Slope, double Uncertainty) sigmaPrime, (double Slope, double Uncertainty) scalePrime, double t, string source)
        {
            derivedCompared++;
            (double ds, double uds) = sigmaPrime;
            (double dsc, double udsc) = scalePrime;
            Same("Drift", dsc / s, schedule.Drift(t), Math.Abs(dsc / s), udsc / Math.Abs(s));
            Same("DiffusionSquared", 2 * s * s * ds * sigma, schedule.DiffusionSquared(t), Math.Abs(2 * s * s * ds * sigma), Math.Abs(2 * s * s * sigma) * uds);
            Same("OdeStateCoefficient", (ds / sigma) + (dsc / s), schedule.OdeStateCoefficient(t), Math.Abs(ds / sigma) + Math.Abs(dsc / s), (uds / Math.Abs(sigma)) + (udsc / Math.Abs(s)));
            Same("OdeDenoiserCoefficient", ds * s / sigma, schedule.OdeDenoiserCoefficient(t), Math.Abs(ds * s / sigma), uds * Math.Abs(s / sigma));

            void Same(string member, double expected, double actual, double magnitude, double uncertainty)
            {
                if (IsModerate(expected) && !(Math.Abs(actual - expected) <= (Agreement * magnitude) + uncertainty))
                {
                    failures.Add($"{member}({t}) = {actual:R}, reference {expected:R}\n{Body(source)}");
                }
            }
        }

        // Where the generated sigma is increasing on a dense grid, TimeAtSigma must invert it: a wrong branch or a
        // wrong closed form is off by O(1). The bound is the brief's 1e-12 relative plus the conditioning of sigma
        // itself: 64 ulps of error in the computed sigma move t by 64 eps sigma / sigma'.
        void CheckInverse(INoiseSchedule schedule, string source)
        {
            const int Grid = 200;
            double[] ts = Enumerable.Range(0, Grid + 1).Select(k => 0.1 + (1.9 * k / Grid)).ToArray();
            double[] values = ts.Select(schedule.Sigma).ToArray();
            bool increasing = values.All(IsModerate) && values.Zip(values.Skip(1), (a, b) => b > a).All(up => up)
                              && ts.All(x => schedule.SigmaDerivative(x) > 0);
            if (!increasing)
            {
                return;
            }

            inversesCompared++;
            foreach (double t in Times)
            {
                double y = schedule.Sigma(t), back = schedule.TimeAtSigma(y);
                double bound = (1e-12 * t) + (64 * 2.2e-16 * Math.Abs(y) / schedule.SigmaDerivative(t));
                if (!(Math.Abs(back - t) <= bound))
                {
                    failures.Add($"TimeAtSigma(Sigma({t})) = {back:R} (bound {bound:E1})\n{Body(source)}");
                }
            }
        }

        // Compares value and derivative; returns the trusted reference derivative and the bound it was checked to, or null.
        (double Slope, double Uncertainty)? Check(string what, string derivativeName, Func<double, double> declared, Func<double, double> generated, Func<double, double> generatedDerivative, double t, string source)
        {
            double expected = declared(t);
            if (!IsModerate(expected))
            {
                return null;
            }

            valuesCompared++;
            double actual = generated(t);
            if (!(Math.Abs(actual - expected) <= Agreement * Math.Abs(expected)))
            {
                failures.Add($"{what}({t}) = {actual:R}, declared {expected:R}\n{Body(source)}");
                return null;
            }

            (double slope, double error) = NumericalReference.Derivative(declared, t, 0.05);
            double magnitude = Math.Abs(slope) + Math.Abs(expected);
            if (!IsModerate(slope) || !(error <= ReferenceQuality * magnitude))
            {
                return null; // not smooth enough here for a trustworthy reference
            }

            derivativesCompared++;
            double derivative = generatedDerivative(t), bound = (Agreement * magnitude) + (10 * error);
            if (!(Math.Abs(derivative - slope) <= bound))
            {
                failures.Add($"{derivativeName}({t}) = {derivative:R}, numerical {slope:R} (error estimate {error:E1})\n{Body(source)}");
                return null;
            }

            return (slope, bound);
        }
    }

    private static bool IsModerate(double value) => Math.Abs(value) is > 1e-100 and < 1e100;

    private static Func<double, double>? Declared(Type type, string method)
        => type.GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)?.CreateDelegate<Func<double, double>>();

    private static Assembly? TryLoad(GeneratorRun run)
    {
        try
        {
            return run.Load();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string Body(string source)
        => string.Join("\n", source.Split('\n').Where(line => line.Contains("SigmaOf", StringComparison.Ordinal) || line.Contains("ScaleOf", StringComparison.Ordinal)
                                                             || line.Contains("[Drift]", StringComparison.Ordinal) || line.Contains("[Diffusion]", StringComparison.Ordinal)));
}
