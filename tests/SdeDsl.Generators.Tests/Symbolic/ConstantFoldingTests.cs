using System;
using System.Linq;
using SdeDsl.Generators.Symbolic;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Symbolic;

/// <summary>Constant folding is bitwise what the run-time call computes (docs/math.md §10.10).</summary>
public sealed class ConstantFoldingTests
{
    /// <summary>What the emitted call computes at run time, written out independently of the table.</summary>
    private static double RunTime(Function function, double x) => function switch
    {
        Function.Exp => double.Exp(x),
        Function.Log => double.Log(x),
        Function.Log10 => double.Log10(x),
        Function.Sin => double.Sin(x),
        Function.Cos => double.Cos(x),
        Function.Tan => double.Tan(x),
        Function.Asin => double.Asin(x),
        Function.Acos => double.Acos(x),
        Function.Atan => double.Atan(x),
        Function.Sinh => double.Sinh(x),
        Function.Cosh => double.Cosh(x),
        Function.Tanh => double.Tanh(x),
        Function.Asinh => double.Asinh(x),
        Function.Acosh => double.Acosh(x),
        Function.Atanh => double.Atanh(x),
        Function.Cbrt => double.Cbrt(x),
        Function.ExpM1 => RunTimeAccurateMath("ExpM1", x),
        Function.LogP1 => RunTimeAccurateMath("LogP1", x),
        _ => throw new ArgumentOutOfRangeException(nameof(function)),
    };

    /// <summary>The runtime assembly's own AccurateMath (the generator links the same source as an internal copy).</summary>
    private static double RunTimeAccurateMath(string name, double x)
        => (double)typeof(INoiseSchedule).Assembly.GetType("SdeDsl.Generated.AccurateMath")!.GetMethod(name)!.Invoke(null, new object[] { x })!;

    [Fact]
    internal void Folded_values_equal_the_run_time_values_bitwise_for_every_function()
    {
        var random = new Random(17);
        double[] arguments = Enumerable.Range(0, 4000)
            .Select(i => (i % 4) switch
            {
                0 => (random.NextDouble() * 2) - 1,                       // [-1, 1]: the inverse trig and atanh domain
                1 => (random.NextDouble() - 0.5) * 40,                    // moderate arguments
                2 => Math.Exp((random.NextDouble() - 0.5) * 1400),        // every magnitude, 1e-304 to 1e304
                _ => -Math.Exp((random.NextDouble() - 0.5) * 1400),
            })
            .Concat(new[] { 0.0, -0.0, 0.5, 1, -1, 2, 1e-9, 709.79, double.PositiveInfinity, double.NegativeInfinity, double.NaN })
            .ToArray();
        Functions.HostIsDotNet.ShouldBeTrue(); // the tests run on .NET 10, so every function folds
        foreach (FunctionInfo f in Functions.All)
        {
            foreach (double x in arguments)
            {
                double? folded = Functions.Fold(f.Function, x);
                folded.ShouldNotBeNull();
                BitConverter.DoubleToInt64Bits(folded.Value).ShouldBe(BitConverter.DoubleToInt64Bits(RunTime(f.Function, x)), $"{f.Function}({x:R})");
            }
        }
    }

    [Fact]
    internal void Math_Cbrt_of_one_half_folds_to_the_run_time_value()
    {
        // The hand-written fallback cube root is 1 ulp off here; the fold must use the runtime's own.
        Call.Of(Function.Cbrt, new Num(0.5)).ShouldBe(new Num(double.Cbrt(0.5)));
    }

    [Fact]
    internal void On_a_dotnet_framework_host_no_transcendental_call_folds()
    {
        // Built as a .NET Framework host would build it: System.Math there is not the code that runs the emitted
        // call (and lacks Cbrt, Asinh, Acosh, Atanh), so every constant call is kept for run time.
        Functions.Build(foldOnHost: false).ShouldAllBe(f => f.Fold == null);
    }

    [Fact]
    internal void Powers_that_are_correctly_rounded_fold_as_the_emitted_operation()
    {
        Power.Of(new Num(3), new Num(-1)).ShouldBe(new Num(1.0 / 3));
        Power.Of(new Num(0.1), new Num(2)).ShouldBe(new Num(0.1 * 0.1));
        Power.Of(new Num(2), new Num(0.5)).ShouldBe(new Num(Math.Sqrt(2)));
        Power.Of(new Num(2), new Num(-0.5)).ShouldBe(new Num(1 / Math.Sqrt(2)));
        Power.Of(new Num(2), new Num(0.3)).ShouldBe(new Num(double.Pow(2, 0.3)));
    }

    [Theory]
    [InlineData("Cbrt", 0.5)]
    [InlineData("Asinh", 0.5)]
    [InlineData("Acosh", 1.5)]
    [InlineData("Atanh", 0.5)]
    [InlineData("Exp", 0.5)]
    [InlineData("Log", 0.5)]
    [InlineData("Sinh", 0.3)]
    [InlineData("Tanh", 0.3)]
    public void A_schedule_subtracting_a_folded_call_starts_at_exactly_zero(string function, double c)
    {
        // sigma(t) = f(t + c) - f(c): sigma(0) = 0 exactly only when the folded f(c) is the run-time f(0 + c)
        // bitwise (1 ulp off made sigma(0) = -1e-16, so g^2 = 2 sigma sigma' < 0 and Diffusion(0) NaN).
        string sigma = $"Math.{function}(t + {c:R}) - Math.{function}({c:R})";
        GeneratorRun run = GeneratorHarness.Run(TestSources.BySigma("Shifted" + function, sigma, tMin: 0, tMax: 1));
        run.Exception.ShouldBeNull();
        run.CompilationProblems.ShouldBeEmpty();
        INoiseSchedule schedule = run.Schedule("Tests.Shifted" + function);
        schedule.Sigma(0).ShouldBe(0.0);
        double.IsFinite(schedule.Diffusion(0)).ShouldBeTrue($"Diffusion(0) = {schedule.Diffusion(0)}");
        schedule.Diffusion(0).ShouldBeGreaterThanOrEqualTo(0.0);
    }
}
