using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using SdeDsl.Generators.Tests.Differential;
using SdeDsl.Generators.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Generators.Tests.Robustness;

/// <summary>
/// The generator against well over a thousand generated or damaged declarations (fixed seeds, so every run
/// checks the same inputs): it must never throw, never report an internal failure, and whatever it emits
/// for a declaration that compiles must compile cleanly (see <see cref="RobustnessChecker"/>).
/// </summary>
public sealed class RobustnessTests
{
    /// <summary>Declarations per in-memory compilation: one generator run and one binding pass serve this many.</summary>
    private const int BatchSize = 40;

    private readonly ITestOutputHelper output;

    public RobustnessTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 200)]
    [InlineData(3, 200)]
    [InlineData(4, 200)]
    public void Random_expression_trees_never_break_the_generator(int seed, int count)
    {
        var fuzzer = new ExpressionFuzzer(seed);
        List<string> sources = Enumerable.Range(0, count).Select(i => fuzzer.Declaration($"R{seed}_{i}")).ToList();
        RobustnessStats stats = Run(sources);

        // The fuzzer must reach both outcomes, or it is not testing anything: code that compiles and is
        // checked, and refusals with SDE008 (unsupported construct) and SDE009 (unknown identifier).
        Assert.True(stats.GeneratedFromCleanInputs >= count / 10, "too few inputs generated code: " + stats);
        Assert.True(stats.DiagnosticIds.ContainsKey("SDE008") && stats.DiagnosticIds.ContainsKey("SDE009"), stats.ToString());
    }

    [Theory]
    [InlineData(11, 125)]
    [InlineData(12, 125)]
    [InlineData(13, 125)]
    [InlineData(14, 125)]
    public void Token_mutations_of_valid_declarations_never_break_the_generator(int seed, int count)
    {
        var mutator = new TokenMutator(seed);
        IReadOnlyList<DifferentialCase> cases = DifferentialCases.All;
        List<string> sources = Enumerable.Range(0, count)
            .Select(i =>
            {
                DifferentialCase c = cases[i % cases.Count];
                string name = $"M{seed}_{i}";
                return mutator.Mutate(TestSources.BySigma(name, c.SigmaText, c.ScaleText, c.TMin, c.TMax, DifferentialCases.Members));
            })
            .ToList();
        RobustnessStats stats = Run(sources);

        // Mutations leave some declarations valid (a swapped operand, a duplicated unary minus) and break most
        // (about 90%); a handful of valid ones per seed is enough to exercise the compile check, and the count
        // moves with every change to what the generator accepts, so the floor is low.
        Assert.True(stats.GeneratedFromCleanInputs >= count / 40, "too few inputs generated code: " + stats);
        Assert.True(stats.InputsWithCompileErrors >= count / 10, "too few inputs were damaged: " + stats);
    }

    [Fact]
    public void Deep_nesting_long_chains_and_derivative_blow_ups_are_diagnosed_not_crashed()
    {
        List<string> sources = ExpressionFuzzer.DeepAndLargeBodies()
            .Select((body, i) => TestSources.BySigma($"Deep{i}", body, members: ExpressionFuzzer.Members))
            .ToList();
        RobustnessStats stats = Run(sources, batchSize: 10);
        Assert.True(stats.DiagnosticIds.ContainsKey("SDE014"), "nesting beyond MaxDepth must be SDE014: " + stats);
    }

    private RobustnessStats Run(IReadOnlyList<string> sources, int batchSize = BatchSize)
    {
        var stats = new RobustnessStats();
        var clock = Stopwatch.StartNew();
        RobustnessChecker.Check(sources, batchSize, stats);
        output.WriteLine($"{stats} in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(stats.Failures.Count == 0, $"{stats.Failures.Count} robustness failures; the first ones:\n\n" + string.Join("\n\n========\n\n", stats.Failures.Take(4)));
        return stats;
    }
}
