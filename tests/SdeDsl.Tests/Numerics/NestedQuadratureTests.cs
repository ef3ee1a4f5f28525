using System;
using SdeDsl.Generated;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests.Numerics;

/// <summary>
/// NestedQuadrature (docs/math.md §10.17): Y = integral_0^t f and Z = integral_0^t h(u, Y(u)) du in one pass, against
/// closed forms and against the nested quadrature generated code used before (Quadrature.Integrate of an integrand that
/// runs Quadrature.Integrate for Y at each of its nodes), and its evaluation count against that path's.
/// </summary>
[Collection(AllocationMeasurement.Name)]
public sealed class NestedQuadratureTests(ITestOutputHelper output)
{
    /// <summary>Counts evaluations; a class so the readonly integrand structs can share it.</summary>
    private sealed class Counter
    {
        public long Inner;
        public long Outer;
    }

    // f = -t: Y = -t^2 / 2, and with g = 1, h = exp(-2 Y) = exp(t^2).
    private readonly struct LinearDrift(Counter? counter) : IIntegrand
    {
        public double Evaluate(double t)
        {
            if (counter is not null)
            {
                counter.Inner++;
            }

            return -t;
        }
    }

    // f = -1: Y = -t, h = exp(2 t).
    private readonly struct ConstantDrift : IIntegrand
    {
        public double Evaluate(double t) => -1;
    }

    // VP: f = -beta(t)/2 with beta = 0.1 + 19.9 t, g^2 = beta; Z = integral beta exp(-2 Y) = expm1(0.1 t + 19.9 t^2 / 2).
    private readonly struct VpDrift : IIntegrand
    {
        public double Evaluate(double t) => -0.5 * (0.1 + (19.9 * t));
    }

    private readonly struct VpVarianceRate : INestedIntegrand
    {
        public double Evaluate(double t, double inner) => (0.1 + (19.9 * t)) * Math.Exp(-2 * inner);
    }

    // f = cos(3 t) - t^2 / (t^4 + 1): no closed form for Z; compared with the old nested path.
    private readonly struct WavyDrift(Counter? counter) : IIntegrand
    {
        public double Evaluate(double t)
        {
            if (counter is not null)
            {
                counter.Inner++;
            }

            return Math.Cos(3 * t) - (t * t / ((t * t * t * t) + 1));
        }
    }

    /// <summary>h = g^2 exp(-2 Y) with g = 1 (the sigma^2 integrand of a schedule declared by its SDE).</summary>
    private readonly struct UnitVarianceRate(Counter? counter) : INestedIntegrand
    {
        public double Evaluate(double t, double inner)
        {
            if (counter is not null)
            {
                counter.Outer++;
            }

            return Math.Exp(-2 * inner);
        }
    }

    /// <summary>The old generated form: h's integrand runs the inner quadrature at its own node.</summary>
    private readonly struct OldNested<TInner>(TInner inner, Counter? counter) : IIntegrand
        where TInner : IIntegrand
    {
        public double Evaluate(double t)
        {
            if (counter is not null)
            {
                counter.Outer++;
            }

            return Math.Exp(-2 * Quadrature.Integrate(inner, 0, t));
        }
    }

    /// <summary>integral_0^t exp(u^2) du = sum_n t^(2n+1) / (n! (2n+1)) (sqrt(pi)/2 erfi t): positive terms, so the sum is good to a few ulp.</summary>
    private static double IntegralOfExpSquare(double t)
    {
        double term = t, sum = 0;
        for (int n = 0; n < 200 && term != 0; n++)
        {
            sum += term / ((2 * n) + 1);
            term *= t * t / (n + 1);
        }

        return sum;
    }

    [Theory]
    [InlineData(1e-5)]
    [InlineData(0.3)]
    [InlineData(1)]
    [InlineData(2)]
    public void Linear_drift_gives_minus_half_t_squared_and_the_erfi_integral(double t)
    {
        (double inner, double outer) = NestedQuadrature.Integrate(new LinearDrift(null), new UnitVarianceRate(null), t);

        // The tolerance asked is 1e-14 relative; Y is a quadratic (exact on one K15 panel up to round-off), the series is good to ~1e-16.
        inner.ShouldBe(-0.5 * t * t, 1e-14 * 0.5 * t * t);
        double exact = IntegralOfExpSquare(t);
        outer.ShouldBe(exact, 1e-14 * exact);
    }

    [Theory]
    [InlineData(1e-3)]
    [InlineData(1)]
    [InlineData(4)]
    public void Constant_drift_gives_the_exponential_variance(double t)
    {
        (double inner, double outer) = NestedQuadrature.Integrate(new ConstantDrift(), new UnitVarianceRate(null), t);

        inner.ShouldBe(-t, 1e-14 * t);
        double exact = 0.5 * AccurateMath.ExpM1(2 * t); // integral_0^t exp(2u) du
        outer.ShouldBe(exact, 1e-14 * exact);
    }

    [Theory]
    [InlineData(1e-6)]
    [InlineData(1e-3)]
    [InlineData(0.5)]
    [InlineData(1)]
    public void VP_gives_log_alpha_bar_and_expm1_of_the_exponent(double t)
    {
        (double inner, double outer) = NestedQuadrature.Integrate(new VpDrift(), new VpVarianceRate(), t);

        double exponent = (0.1 * t) + (0.5 * 19.9 * t * t);
        inner.ShouldBe(-0.5 * exponent, 1e-14 * 0.5 * exponent);
        double exact = AccurateMath.ExpM1(exponent);
        outer.ShouldBe(exact, 1e-14 * exact);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.7)]
    [InlineData(2)]
    [InlineData(5)]
    public void A_pair_without_closed_form_equals_the_old_nested_quadrature(double t)
    {
        (double inner, double outer) = NestedQuadrature.Integrate(new WavyDrift(null), new UnitVarianceRate(null), t);
        double oldInner = Quadrature.Integrate(new WavyDrift(null), 0, t);
        double oldOuter = Quadrature.Integrate(new OldNested<WavyDrift>(new WavyDrift(null), null), 0, t);

        // Both paths are asked for 1e-14 relative (of integral |f| and of integral |h|; Z has h > 0 and Y is dominated by
        // sin(3t)/3 with |f| of the same size), so they agree to twice that.
        inner.ShouldBe(oldInner, 2e-14 * Quadrature.Integrate(new AbsoluteWavy(), 0, t));
        outer.ShouldBe(oldOuter, 2e-14 * oldOuter);
    }

    private readonly struct AbsoluteWavy : IIntegrand
    {
        public double Evaluate(double t) => Math.Abs(new WavyDrift(null).Evaluate(t));
    }

    [Fact]
    public void One_pass_evaluates_each_integrand_once_per_node_where_the_old_path_re_ran_the_inner_quadrature()
    {
        const double t = 5;
        var before = new Counter();
        Quadrature.Integrate(new OldNested<WavyDrift>(new WavyDrift(before), before), 0, t);
        var after = new Counter();
        NestedQuadrature.Integrate(new WavyDrift(after), new UnitVarianceRate(after), t);

        // New: each node of each 15-point panel evaluates f once and h once. Old: every outer node ran a whole
        // adaptive quadrature of f (at least one 15-point panel), so f was evaluated >= 15 times per outer node.
        after.Inner.ShouldBe(after.Outer);
        (after.Inner % 15).ShouldBe(0);
        before.Inner.ShouldBeGreaterThanOrEqualTo(15 * before.Outer);
        long oldTotal = before.Inner + before.Outer, newTotal = after.Inner + after.Outer;
        output.WriteLine($"t = {t}: old {before.Inner} f + {before.Outer} h evaluations, new {after.Inner} f + {after.Outer} h");
        // O(n) against O(n^2): with n outer panels the old path costs about 15 n times the inner panels per node.
        newTotal.ShouldBeLessThan(oldTotal / 20, $"old {before.Inner} f + {before.Outer} h, new {after.Inner} f + {after.Outer} h");
    }

    [Fact]
    public void Zero_and_reversed_ranges_follow_the_orientation_of_the_integral()
    {
        NestedQuadrature.Integrate(new LinearDrift(null), new UnitVarianceRate(null), 0).ShouldBe((0.0, 0.0));
        (double inner, double outer) = NestedQuadrature.Integrate(new LinearDrift(null), new UnitVarianceRate(null), -1);
        inner.ShouldBe(-0.5, 1e-15); // integral_0^-1 (-u) du = -1/2
        outer.ShouldBe(-IntegralOfExpSquare(1), 1e-14 * IntegralOfExpSquare(1));
    }

    [Fact]
    public void The_pass_allocates_nothing()
    {
        NestedQuadrature.Integrate(new VpDrift(), new VpVarianceRate(), 1); // JIT first
        long before = GC.GetAllocatedBytesForCurrentThread();
        double sum = 0;
        for (int i = 0; i < 100; i++)
        {
            sum += NestedQuadrature.Integrate(new VpDrift(), new VpVarianceRate(), 0.01 * (i + 1)).Outer;
        }

        GC.GetAllocatedBytesForCurrentThread().ShouldBe(before);
        sum.ShouldBeGreaterThan(0);
    }
}
