using System;
using SdeDsl.Generated;
using Xunit;

namespace SdeDsl.Tests.Numerics;

[Collection(AllocationMeasurement.Name)]
public sealed class QuadratureTests
{
    private readonly struct Exp : IIntegrand
    {
        public double Evaluate(double t) => Math.Exp(t);
    }

    private readonly struct Lorentz : IIntegrand
    {
        public double Evaluate(double t) => 1 / (1 + t * t);
    }

    private readonly struct SquareRoot : IIntegrand
    {
        public double Evaluate(double t) => Math.Sqrt(t);
    }

    private readonly struct Oscillating : IIntegrand
    {
        public double Evaluate(double t) => Math.Sin(20 * t) * Math.Exp(-t);
    }

    private readonly struct VpVarianceRate : IIntegrand
    {
        // g^2 / s^2 for VP: (beta_min + beta_d t) exp(beta_min t + beta_d t^2 / 2)
        public double Evaluate(double t) => (0.1 + 19.9 * t) * Math.Exp(0.1 * t + 0.5 * 19.9 * t * t);
    }

    [Fact]
    public void Smooth_integrals_are_accurate_to_a_few_ulps()
    {
        // Relative 1e-14 is the requested tolerance; K15 on these smooth integrands does better.
        Assert.Equal(Math.E - 1, Quadrature.Integrate(new Exp(), 0, 1), 2e-15 * (Math.E - 1));
        Assert.Equal(Math.Atan(5), Quadrature.Integrate(new Lorentz(), 0, 5), 2e-15 * Math.Atan(5));
        double exact = 20.0 / 401 * (1 - Math.Exp(-3) * (Math.Cos(60) + Math.Sin(60) / 20));
        Assert.Equal(exact, Quadrature.Integrate(new Oscillating(), 0, 3), 1e-14 * Math.Abs(exact));
    }

    [Theory]
    [InlineData(1e-6)]
    [InlineData(1e-3)]
    [InlineData(0.5)]
    [InlineData(1)]
    public void VP_variance_integrates_to_expm1_of_the_exponent(double t)
    {
        double exact = AccurateMath.ExpM1(0.1 * t + 0.5 * 19.9 * t * t);
        Assert.Equal(exact, Quadrature.Integrate(new VpVarianceRate(), 0, t), 1e-14 * exact);
    }

    [Fact]
    public void An_endpoint_singularity_in_the_derivative_is_resolved_by_bisection()
    {
        // sqrt has an infinite derivative at 0: a single panel is off by 1e-4, bisection recovers it.
        Assert.Equal(2.0 / 3, Quadrature.Integrate(new SquareRoot(), 0, 1), 1e-13);
    }

    [Fact]
    public void Reversed_and_empty_ranges_follow_the_orientation_of_the_integral()
    {
        Assert.Equal(0, Quadrature.Integrate(new Exp(), 2, 2));
        Assert.Equal(-(Math.E - 1), Quadrature.Integrate(new Exp(), 1, 0), 1e-15);
    }

    [Fact]
    public void Integration_allocates_nothing()
    {
        Quadrature.Integrate(new SquareRoot(), 0, 1); // JIT first
        long before = GC.GetAllocatedBytesForCurrentThread();
        double sum = 0;
        for (int i = 0; i < 100; i++)
        {
            sum += Quadrature.Integrate(new SquareRoot(), 0, 1 + i);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }
}
