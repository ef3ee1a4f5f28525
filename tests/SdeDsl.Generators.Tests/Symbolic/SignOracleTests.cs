using SdeDsl.Generators.Derivation;
using SdeDsl.Generators.Symbolic;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Symbolic;

/// <summary>
/// The one sign oracle, <see cref="Facts.Sign"/> (docs/math.md §10.11): strict sign on [lo, hi] from interval bounds,
/// else from samples of the range; 0 for a change of sign, a zero at an end, a NaN.
/// </summary>
public sealed class SignOracleTests
{
    private static readonly Var T = Var.T;

    [Fact]
    public void Known_positive_by_its_bounds() => Facts.Sign(T + 1, T, 0.1, 1).ShouldBe(1);

    [Fact]
    public void Known_negative_by_its_bounds() => Facts.Sign(-Call.Of(Function.Exp, T), T, 0, 2).ShouldBe(-1);

    [Fact]
    public void Positive_where_the_bounds_lose_the_correlation_and_the_samples_decide()
    {
        // t - t^2 on [0.1, 0.9]: the bounds [0.1, 0.9] - [0.01, 0.81] = [-0.71, 0.89] prove nothing; t (1 - t) > 0.
        Expr e = T - (T * T);
        Facts.Bounds(e).Lo.ShouldBeLessThan(0);
        Facts.Sign(e, T, 0.1, 0.9).ShouldBe(1);
        Facts.Sign(-e, T, 0.1, 0.9).ShouldBe(-1);
    }

    [Fact]
    public void Changes_sign_inside_the_range() => Facts.Sign(T - 0.5, T, 0, 1).ShouldBe(0);

    [Theory]
    [InlineData(0.0, 1.0, 0)] // t touches 0 at the lower end
    [InlineData(1e-12, 1.0, 1)] // and is positive once the end is off zero
    public void Touching_zero_at_an_end_is_no_strict_sign(double lo, double hi, int sign)
    {
        Facts.Sign(T, T, lo, hi).ShouldBe(sign);
        Facts.Sign(1 - T, T, 0, 1).ShouldBe(0); // 1 - t touches 0 at the upper end
        Facts.Sign(-(T * T), T, -1, 1).ShouldBe(0); // -t^2 <= 0 touches 0 inside
    }

    [Fact]
    public void NaN_somewhere_is_no_sign() => Facts.Sign(Call.Of(Function.Log, T - 2) + 100, T, 1, 3).ShouldBe(0);

    [Fact]
    public void Another_variable_ranges_over_the_given_interval()
    {
        // sigma - 1 on sigma in [2, 3] (the inverse's variable): positive, and t (not the variable) does not count.
        Facts.Sign(Var.Sigma - 1, Var.Sigma, 2, 3).ShouldBe(1);
        Facts.Sign(Var.Sigma - 1, Var.Sigma, 0.5, 3).ShouldBe(0);
    }

    [Fact]
    public void Square_roots_pull_a_square_out_by_the_oracle_s_sign()
    {
        // sqrt((t - 2)^2 t) on [0.5, 1]: t - 2 < 0, so |t - 2| = 2 - t comes out; sqrt((t - 0.7)^2) stays.
        Expr pulled = SquareRoots.Of(Power.Of(T - 2, 2) * T, T, 0.5, 1);
        pulled.ShouldBe((2 - T) * Power.Of(T, Expr.Half));
        SquareRoots.Of(Power.Of(T - 0.7, 2), T, 0.5, 1).ShouldBeOfType<Power>();
    }
}
