using System;
using System.Diagnostics;
using System.Linq;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Declarations;

/// <summary>Helpers are inlined once per argument list, and an inlining that grows past the engine's budget is SDE014.</summary>
public sealed class HelperInliningTests
{
    private static string Chain(int levels, Func<int, string> level) => $$"""
        using System;
        using SdeDsl;

        namespace Tests;

        [NoiseSchedule(TMin = 0.01, TMax = 1)]
        public partial struct Chain
        {
            static double H0(double t) => t;
        {{string.Join("\n", Enumerable.Range(1, levels).Select(k => "    static double H" + k + "(double t) => " + level(k) + ";"))}}
            [Sigma] static double S(double t) => H{{levels}}(t);
        }
        """;

    [Fact]
    public void A_helper_used_twice_per_level_is_inlined_once_per_level()
    {
        // H_k = H_{k-1} + H_{k-1}: 2^40 calls if each were parsed anew; sigma = 2^40 t.
        var watch = Stopwatch.StartNew();
        GeneratorRun run = GeneratorHarness.Run(Chain(40, k => $"H{k - 1}(t) + H{k - 1}(t)"));
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        run.GenerationProblems.ShouldBeEmpty();
        run.Schedule("Tests.Chain").Sigma(0.5).ShouldBe(Math.Pow(2, 40) * 0.5);
    }

    [Fact]
    public void An_inlining_that_grows_past_the_size_budget_is_SDE014_at_the_call()
    {
        // H_k(t) = sin(H_{k-1}(t)) + H_{k-1}(t^2): distinct arguments, so the tree doubles with every level.
        GeneratorRun run = GeneratorHarness.Run(Chain(20, k => $"Math.Sin(H{k - 1}(t)) + H{k - 1}(t * t)"));
        run.Exception.ShouldBeNull();
        run.Sources.ShouldBeEmpty();
        run.GeneratorDiagnostics.ShouldNotBeEmpty();
        run.GeneratorDiagnostics.ShouldAllBe(d => d.Id == "SDE014");
        run.GeneratorDiagnostics[0].GetMessage().ShouldContain("more than the 20000 the engine accepts");
    }
}
