using System;
using System.Linq;
using SdeDsl.Generators.Symbolic;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Symbolic;

/// <summary>The function table (Symbolic/Functions.cs): one consistent entry per supported function.</summary>
public sealed class FunctionTableTests
{
    /// <summary>Sample arguments inside each function's domain (clipped to it), avoiding the singular ends.</summary>
    private static double[] SamplesIn(FunctionInfo f)
    {
        double lo = Math.Max(f.Domain.Lo, -3), hi = Math.Min(f.Domain.Hi, 3);
        (lo, hi) = (lo + (0.05 * (hi - lo)), hi - (0.05 * (hi - lo)));
        return Enumerable.Range(0, 9).Select(i => lo + ((hi - lo) * (i + 0.37) / 9)).ToArray(); // never 0 (cbrt is singular there)
    }

    [Fact]
    internal void Every_function_has_exactly_one_entry_in_enum_order()
    {
        Function[] functions = Enum.GetValues<Function>();
        Functions.All.Select(f => f.Function).ShouldBe(functions);
        Functions.All.Select(f => f.MathName).Distinct().Count().ShouldBe(functions.Length);
        Functions.All.Select(f => f.CSharpName).Distinct().Count().ShouldBe(functions.Length);
    }

    [Theory]
    [InlineData("Exp", Function.Exp)]
    [InlineData("Log", Function.Log)]
    [InlineData("Log10", Function.Log10)]
    [InlineData("Sin", Function.Sin)]
    [InlineData("Cos", Function.Cos)]
    [InlineData("Tan", Function.Tan)]
    [InlineData("Asin", Function.Asin)]
    [InlineData("Acos", Function.Acos)]
    [InlineData("Atan", Function.Atan)]
    [InlineData("Sinh", Function.Sinh)]
    [InlineData("Cosh", Function.Cosh)]
    [InlineData("Tanh", Function.Tanh)]
    [InlineData("Asinh", Function.Asinh)]
    [InlineData("Acosh", Function.Acosh)]
    [InlineData("Atanh", Function.Atanh)]
    [InlineData("Cbrt", Function.Cbrt)]
    internal void Each_Math_name_parses_to_its_function_and_prints_back_as_the_double_method(string name, Function expected)
    {
        Functions.TryFromSourceName(name, out Function function).ShouldBeTrue();
        function.ShouldBe(expected);
        Functions.CSharpName(function).ShouldBe("double." + name);
        Functions.MathName(function).ShouldBe(name.ToLowerInvariant());
    }

    [Theory]
    [InlineData("ExpM1")]
    [InlineData("LogP1")]
    [InlineData("Floor")]
    [InlineData("Sqrt")] // a power of 1/2, not a table function
    internal void Names_outside_the_table_are_not_functions(string name)
        => Functions.TryFromSourceName(name, out _).ShouldBeFalse();

    [Fact]
    internal void Each_derivative_entry_agrees_with_a_central_difference()
    {
        foreach (FunctionInfo f in Functions.All)
        {
            foreach (double x in SamplesIn(f))
            {
                // Central difference with h = 1e-5: truncation ~ h^2 f''' / 6 and round-off ~ 1e-16 / h, both
                // below 1e-8 relative to the scale of these functions on [-3, 3], so 1e-6 separates right from wrong.
                const double h = 1e-5;
                double numeric = (f.Evaluate(x + h) - f.Evaluate(x - h)) / (2 * h);
                double symbolic = Evaluator.Evaluate(f.Derivative(Var.T), Var.T, x)!.Value;
                symbolic.ShouldBe(numeric, 1e-6 * Math.Max(1, Math.Abs(numeric)), $"{f.Function}'({x})");
            }
        }
    }

    [Fact]
    internal void Each_inverse_entry_inverts_the_function()
    {
        foreach (FunctionInfo f in Functions.All.Where(f => f.Inverse is not null))
        {
            foreach (double x in SamplesIn(f).Where(x => f.Function is not (Function.Cos or Function.Cosh) || x >= 0))
            {
                // f^-1(f(x)) = x for x on the principal branch (cos and cosh invert on x >= 0); a few ulp of
                // round-off in f and f^-1, amplified by the condition number near the domain ends, stay below 1e-9.
                double y = f.Evaluate(x);
                double back = Evaluator.Evaluate(f.Inverse!(Var.T), Var.T, y)!.Value;
                if (f.Function is Function.Sin or Function.Tan && Math.Abs(x) > Math.PI / 2)
                {
                    continue; // outside the principal branch of asin and atan
                }

                back.ShouldBe(x, 1e-9 * Math.Max(1, Math.Abs(x)), $"{f.Function}^-1({f.Function}({x}))");
            }
        }
    }

    [Fact]
    internal void Each_antiderivative_entry_differentiates_back_to_the_function()
    {
        foreach (FunctionInfo f in Functions.All.Where(f => f.Antiderivative is not null))
        {
            Expr derivative = Differentiator.Derivative(f.Antiderivative!(Var.T), Var.T);
            foreach (double x in SamplesIn(f))
            {
                // F' and f are the same elementary function (up to a sign flip): equal to the last bit or two.
                Evaluator.Evaluate(derivative, Var.T, x)!.Value.ShouldBe(f.Evaluate(x), 1e-15 * Math.Max(1, Math.Abs(f.Evaluate(x))));
            }
        }
    }

    [Fact]
    internal void Each_function_is_finite_on_its_domain_and_its_values_lie_in_its_range()
    {
        foreach (FunctionInfo f in Functions.All)
        {
            foreach (double x in new[] { f.Domain.Lo, f.Domain.Hi }.Concat(SamplesIn(f)))
            {
                double y = f.Evaluate(x);
                double.IsFinite(y).ShouldBeTrue($"{f.Function}({x}) = {y}");
                if (f.Monotonicity == Monotonicity.None)
                {
                    y.ShouldBeInRange(f.Range.Lo, f.Range.Hi, $"{f.Function}({x})");
                }
            }
        }
    }

    [Theory]
    [InlineData(Function.Exp, 709.79)]
    [InlineData(Function.ExpM1, 709.79)]
    [InlineData(Function.Sinh, 710.48)]
    [InlineData(Function.Cosh, -710.48)]
    [InlineData(Function.Log, 0.0)]
    [InlineData(Function.Log10, -1.0)]
    [InlineData(Function.LogP1, -1.0)]
    [InlineData(Function.Atanh, 1.0)]
    [InlineData(Function.Acosh, 0.99)]
    [InlineData(Function.Asin, 1.01)]
    [InlineData(Function.Sin, double.PositiveInfinity)]
    internal void Just_beyond_a_domain_end_the_function_is_not_finite(Function function, double x)
    {
        FunctionInfo f = Functions.Info(function);
        (x < f.Domain.Lo || x > f.Domain.Hi).ShouldBeTrue();
        double.IsFinite(f.Evaluate(x)).ShouldBeFalse();
    }
}
