using System;
using SdeDsl.Generators.Symbolic;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Symbolic;

/// <summary>Exact rationals are recognised so they print as fractions (docs/math.md §10.12).</summary>
public sealed class ExactFractionTests
{
    [Theory]
    [InlineData(1.0 / 6, 1, 6)]
    [InlineData(2.0 / 3, 2, 3)]
    [InlineData(-5.0 / 7, -5, 7)]
    [InlineData(1.0 / 3, 1, 3)]
    [InlineData(0.5, 1, 2)]
    [InlineData(0.1, 1, 10)]
    [InlineData(19.9, 199, 10)]
    [InlineData(3.0, 3, 1)]
    [InlineData(0.0, 0, 1)]
    [InlineData(997.0 / 999, 997, 999)]
    public void A_rounded_quotient_of_small_integers_is_recognised_in_lowest_terms(double value, long p, long q)
    {
        ExactFraction.TryRecognise(value, out long numerator, out long denominator).ShouldBeTrue();
        (numerator, denominator).ShouldBe((p, q));
        BitConverter.DoubleToInt64Bits((double)numerator / denominator).ShouldBe(BitConverter.DoubleToInt64Bits(value));
    }

    [Theory]
    [InlineData(Math.PI)]
    [InlineData(0.16666666666666669)] // one ulp above 1/6
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e300)]
    [InlineData(1.0 / 1009)] // a prime denominator above the default bound
    public void Other_doubles_are_not_fractions(double value)
        => ExactFraction.TryRecognise(value, out _, out _).ShouldBeFalse();
}
