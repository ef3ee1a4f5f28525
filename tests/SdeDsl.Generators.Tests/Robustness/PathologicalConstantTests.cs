using System;
using System.Linq;
using SdeDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace SdeDsl.Generators.Tests.Robustness;

/// <summary>
/// Declarations with infinite, NaN-producing and huge constants are legal C#; the generator must emit
/// code that compiles for them, and Sigma must keep the declared value (infinities and NaN included).
/// </summary>
public sealed class PathologicalConstantTests
{
    public static TheoryData<string, Func<double, double>> Bodies => new()
    {
        { "1 / 0.0 + t", t => 1 / 0.0 + t },
        { "-1 / 0.0 + t", t => -1 / 0.0 + t },
        { "t / 0", t => t / 0 },
        { "(t / 0.0) / t", t => (t / 0.0) / t },
        { "Math.Pow(0, -1) + t", t => Math.Pow(0, -1) + t },
        { "Math.Log(Math.Pow(0, -1), Math.E)", t => Math.Log(Math.Pow(0, -1), Math.E) },
        { "Math.Sqrt(-1) + t", t => Math.Sqrt(-1) + t },
        { "Math.Log(0) * t", t => Math.Log(0) * t },
        { "1e308 * 10 + t", t => 1e308 * 10 + t },
        { "1.7976931348623157E+308 * t", t => 1.7976931348623157E+308 * t },
        { "4.9E-324 + t", t => 4.9E-324 + t },
        { "123456789012345678901234567890.0 * t", t => 123456789012345678901234567890.0 * t },
        { "Math.Exp(1000) - t", t => Math.Exp(1000) - t },
        { "Math.Acos(2) + t", t => Math.Acos(2) + t },
        { "2147483647 * 2L * t", t => 2147483647 * 2L * t },
        { "(0.0 / 0.0) * t", t => (0.0 / 0.0) * t },
        { "0 * Math.Log(0) + t", t => 0 * Math.Log(0) + t },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Generated_code_compiles_and_keeps_the_declared_value(string body, Func<double, double> declared)
    {
        GeneratorRun run = GeneratorHarness.Run(TestSources.BySigma("Pathological", body));
        Assert.Null(run.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id.StartsWith("SDE9", StringComparison.Ordinal));
        Assert.True(run.GenerationProblems.Count == 0, string.Join("\n", run.GenerationProblems));
        Assert.True(run.CompilationProblems.Count == 0, string.Join("\n", run.CompilationProblems) + "\n" + run.Sources.Values.Single());

        INoiseSchedule schedule = run.Schedule("Tests.Pathological");
        foreach (double t in new[] { 0.01, 0.5, 1.0 })
        {
            double expected = declared(t), actual = schedule.Sigma(t);
            Assert.True(
                expected.Equals(actual) || Math.Abs(actual - expected) <= 1e-15 * Math.Abs(expected),
                $"Sigma({t}) = {actual:R}, declared {expected:R}");
        }
    }
}
