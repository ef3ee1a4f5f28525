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
        const int Count = 100, Batch = 50;
        var fuzzer = new ExpressionFuzzer(seed, supportedOnly: true);
        var failures = new List<string>();
        int schedules = 0, valuesCompared = 0, derivativesCompared = 0;
        for (int start = 0; start < Count; start += Batch)
        {
            var names = Enumerable.Range(start, Batch).Select(i => $"D{seed}_{i}").ToList();
            var sources = names.Select(fuzzer.Declaration).ToList();
            GeneratorRun run = GeneratorHarness.Run(sources.ToArray());
            Assert.Null(run.Exception);

            // Declarations the generator refuses (e.g. static readonly int arithmetic) are skipped; the rest must compile.
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

        output.WriteLine($"{schedules} schedules, {valuesCompared} values and {derivativesCompared} derivatives compared, {failures.Count} failures");
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches; the first ones:\n\n" + string.Join("\n\n", failures.Take(5)));
        Assert.True(schedules >= Count / 4, $"only {schedules} of {Count} random declarations generated code");
        Assert.True(derivativesCompared >= Count / 2, $"only {derivativesCompared} derivatives could be compared");

        void Compare(Assembly assembly, string name, string source)
        {
            Type type = assembly.GetType("Tests." + name)!;
            var schedule = (INoiseSchedule)Activator.CreateInstance(type)!;
            Func<double, double> sigma = Declared(type, "SigmaOf")!;
            Func<double, double>? scale = Declared(type, "ScaleOf");
            schedules++;
            foreach (double t in Times)
            {
                Check("Sigma", "SigmaDerivative", sigma, schedule.Sigma, schedule.SigmaDerivative, t, source);
                if (scale is not null)
                {
                    Check("Scale", "ScaleDerivative", scale, schedule.Scale, schedule.ScaleDerivative, t, source);
                }
            }
        }

        void Check(string what, string derivativeName, Func<double, double> declared, Func<double, double> generated, Func<double, double> generatedDerivative, double t, string source)
        {
            double expected = declared(t);
            if (!IsModerate(expected))
            {
                return;
            }

            valuesCompared++;
            double actual = generated(t);
            if (!(Math.Abs(actual - expected) <= Agreement * Math.Abs(expected)))
            {
                failures.Add($"{what}({t}) = {actual:R}, declared {expected:R}\n{Body(source)}");
                return;
            }

            (double slope, double error) = NumericalReference.Derivative(declared, t, 0.05);
            double magnitude = Math.Abs(slope) + Math.Abs(expected);
            if (!IsModerate(slope) || !(error <= ReferenceQuality * magnitude))
            {
                return; // not smooth enough here for a trustworthy reference
            }

            derivativesCompared++;
            double derivative = generatedDerivative(t);
            if (!(Math.Abs(derivative - slope) <= (Agreement * magnitude) + (10 * error)))
            {
                failures.Add($"{derivativeName}({t}) = {derivative:R}, numerical {slope:R} (error estimate {error:E1})\n{Body(source)}");
            }
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
        => string.Join("\n", source.Split('\n').Where(line => line.Contains("SigmaOf", StringComparison.Ordinal) || line.Contains("ScaleOf", StringComparison.Ordinal)));
}
