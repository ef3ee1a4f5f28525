using System;
using System.Linq;
using SdeDsl.Generators.Emit;
using SdeDsl.Generators.Symbolic;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Snapshots;

/// <summary>
/// The printer's number and sign forms (docs/math.md §10.9): exact rationals as fractions that C# folds to the
/// same double, subtraction instead of "+ -", and the file constants a declaration's constant subexpressions become.
/// </summary>
public sealed class ExpressionPrinterTests
{
    private static readonly Var T = new("t");

    [Theory]
    [InlineData(1.0 / 6.0, "(1.0 / 6.0)", "1/6")]
    [InlineData(2.0 / 3.0, "(2.0 / 3.0)", "2/3")]
    [InlineData(-1.0 / 3.0, "(-1.0 / 3.0)", "-1/3")]
    [InlineData(1.0 / 7.0, "(1.0 / 7.0)", "1/7")]
    [InlineData(7.0 / 999.0, "(7.0 / 999.0)", "7/999")]
    [InlineData(0.5, "0.5", "0.5")]
    [InlineData(0.1, "0.1", "0.1")]
    [InlineData(19.9, "19.9", "19.9")]
    [InlineData(3, "3", "3")]
    [InlineData(0.6931471805599453, "0.6931471805599453", "0.6931471805599453")] // ln 2 is no fraction with q <= 1000
    public void Exact_rationals_print_as_fractions_and_other_numbers_as_their_shortest_decimal(double value, string csharp, string math)
    {
        ExpressionPrinter.FormatNumber(value, Notation.CSharp).ShouldBe(csharp);
        ExpressionPrinter.FormatNumber(value, Notation.Math).ShouldBe(math);
    }

    [Fact]
    public void Every_fraction_printed_is_bitwise_the_double_it_stands_for()
    {
        // p/q in double arithmetic is correctly rounded, which is what C# folds 1.0 / 6.0 to: check the claim itself.
        for (int q = 2; q <= 1000; q += 7)
        {
            for (int p = 1; p < 3 * q; p += 5)
            {
                double value = (double)p / q;
                if (ExpressionPrinter.Fraction(value) is (long fp, long fq))
                {
                    ((double)fp / fq).ShouldBe(value);
                    (fq <= q).ShouldBeTrue($"{p}/{q} printed with the larger denominator {fq}");
                }
            }
        }
    }

    [Fact]
    public void A_rational_coefficient_multiplies_as_one_number_and_is_never_turned_into_a_division()
    {
        // t / 6 and t * (1/6) differ in the last bit for some t, so the product keeps the multiplication.
        Expr sixth = Product.Of(new Num(1.0 / 6.0), T);
        new ExpressionPrinter(Notation.CSharp).Print(sixth).ShouldBe("(1.0 / 6.0) * t");
        new ExpressionPrinter(Notation.Math).Print(sixth).ShouldBe("(1/6) * t");
    }

    [Fact]
    public void A_term_whose_sign_moves_out_of_a_negative_sum_is_subtracted()
    {
        // 0.25 (-t - 1) y prints as -0.25 (t + 1) y; as the second term of a sum it must read "- 0.25 ...", not "+ -0.25".
        var y = new Var("y");
        Expr term = Product.Of(new Num(0.25), Sum.Of(Product.Of(Expr.MinusOne, T), Expr.MinusOne), y);
        Expr sum = Sum.Of(Product.Of(new Var("beta"), y), term);
        string csharp = new ExpressionPrinter(Notation.CSharp).Print(sum);
        csharp.ShouldNotContain("+ -");
        csharp.ShouldBe("beta * y - 0.25 * y * (t + 1)");
        new ExpressionPrinter(Notation.Math).Print(sum).ShouldBe("beta * y - 0.25 * y * (t + 1)");
    }

    [Fact]
    public void Constant_subexpressions_become_one_field_each_shared_by_every_member()
    {
        const string source = """
            using System;
            using SdeDsl;

            namespace Tests;

            [NoiseSchedule(TMin = 0.01, TMax = 2)]
            public partial struct Constants
            {
                const double A = 2;
                static readonly double Rate = 1.5;

                [Sigma] static double SigmaOf(double t) => Math.Sqrt(A) * t + Math.Log(A + 1) * t * t + Rate * (A + 3) * t;
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        run.Exception.ShouldBeNull();
        run.CompilationProblems.ShouldBeEmpty();
        string generated = run.Sources.Values.Single();
        string[] lines = generated.Split('\n').Select(l => l.Trim()).ToArray();

        // A call of constants is static readonly; literal arithmetic of constants is const; a user static readonly makes it readonly.
        lines.ShouldContain("private static readonly double SqrtA = double.Sqrt(A);");
        lines.ShouldContain("private static readonly double Log1pA = global::SdeDsl.Generated.AccurateMath.LogP1(A);"); // log(A + 1), stabilised
        lines.ShouldContain("private const double APlusThree = A + 3;");
        lines.ShouldContain("private static readonly double RateAPlusThree = Rate * APlusThree;");

        // No member recomputes them.
        string members = string.Join("\n", lines.Where(l => !l.StartsWith("private ", System.StringComparison.Ordinal) && !l.StartsWith("///", System.StringComparison.Ordinal)));
        members.ShouldNotContain("double.Sqrt(A)");
        members.ShouldNotContain("double.Log(A");
        members.ShouldContain("SqrtA");
        members.ShouldContain("Log1pA");

        // And the values are what the declaration computes.
        INoiseSchedule schedule = run.Schedule("Tests.Constants");
        double t = 0.7;
        // About 6.8: 4e-15 is under 5 ulp, room for the three roundings the two orders of summation may differ by.
        schedule.Sigma(t).ShouldBe(Math.Sqrt(2) * t + Math.Log(3) * t * t + 1.5 * 5 * t, 4e-15);
    }
}
