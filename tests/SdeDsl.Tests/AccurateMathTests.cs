using SdeDsl.Generated;
using Xunit;

namespace SdeDsl.Tests;

public sealed class AccurateMathTests
{
    [Theory]
    [InlineData(1e-300)]
    [InlineData(1e-16)]
    [InlineData(-3e-12)]
    [InlineData(1e-8)]
    [InlineData(0.1)]
    [InlineData(-0.3)]
    [InlineData(0.49)]
    public void ExpM1_matches_its_Taylor_series_to_a_few_ulps(double x)
    {
        // exp(x) - 1 = x + x^2/2 + x^3/6 + ...; summed in decreasing-term order until negligible.
        double term = x, sum = 0;
        for (int k = 1; k < 60; k++)
        {
            sum += term;
            term *= x / (k + 1);
        }

        Assert.Equal(sum, AccurateMath.ExpM1(x), 4e-16 * System.Math.Abs(sum));
    }

    [Theory]
    [InlineData(1e-300)]
    [InlineData(1e-16)]
    [InlineData(-3e-12)]
    [InlineData(1e-8)]
    [InlineData(0.1)]
    [InlineData(-0.3)]
    public void LogP1_inverts_ExpM1(double y)
    {
        double x = AccurateMath.ExpM1(y);
        Assert.Equal(y, AccurateMath.LogP1(x), 4e-16 * System.Math.Abs(y));
    }

    [Fact]
    public void Large_and_special_arguments_follow_the_textbook_forms()
    {
        Assert.Equal(System.Math.Exp(3.0) - 1, AccurateMath.ExpM1(3.0));
        Assert.Equal(-1.0, AccurateMath.ExpM1(-800));
        Assert.True(double.IsPositiveInfinity(AccurateMath.ExpM1(double.PositiveInfinity)));
        Assert.True(double.IsNaN(AccurateMath.ExpM1(double.NaN)));
        Assert.Equal(System.Math.Log(4.0), AccurateMath.LogP1(3.0));
        Assert.True(double.IsNegativeInfinity(AccurateMath.LogP1(-1.0)));
    }
}
