using System;
using SdeDsl.Generated;
using Xunit;

namespace SdeDsl.Tests.Numerics;

public sealed class ScheduleInversionTests
{
    /// <summary>sigma(t) = t + sin(t)/2: monotone, with no closed-form inverse; s = 1.</summary>
    private readonly struct Wobbly : INoiseSchedule
    {
        public double TMin => 0.01;
        public double TMax => 3;
        public bool IsScaleIdentity => true;
        public double Sigma(double t) => t + 0.5 * Math.Sin(t);
        public double SigmaDerivative(double t) => 1 + 0.5 * Math.Cos(t);
        public double Scale(double t) => 1;
        public double ScaleDerivative(double t) => 0;
        public double Drift(double t) => 0;
        public double Diffusion(double t) => Math.Sqrt(DiffusionSquared(t));
        public double DiffusionSquared(double t) => 2 * SigmaDerivative(t) * Sigma(t);
        public double OdeStateCoefficient(double t) => SigmaDerivative(t) / Sigma(t);
        public double OdeDenoiserCoefficient(double t) => SigmaDerivative(t) / Sigma(t);
        public double TimeAtSigma(double sigma) => ScheduleInversion.SolveTime(this, sigma);
    }

    [Fact]
    public void Newton_with_bisection_inverts_to_full_precision_across_the_range()
    {
        var schedule = new Wobbly();
        for (int k = 0; k <= 200; k++)
        {
            double t = schedule.TMin + (schedule.TMax - schedule.TMin) * k / 200;
            Assert.Equal(t, schedule.TimeAtSigma(schedule.Sigma(t)), 4e-16 * t);
        }
    }

    [Fact]
    public void The_ends_of_the_range_are_returned_exactly()
    {
        var schedule = new Wobbly();
        Assert.Equal(schedule.TMin, schedule.TimeAtSigma(schedule.Sigma(schedule.TMin)));
        Assert.Equal(schedule.TMax, schedule.TimeAtSigma(schedule.Sigma(schedule.TMax)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e6)]
    [InlineData(double.NaN)]
    public void A_sigma_outside_the_range_is_refused_with_the_range_in_the_message(double sigma)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Wobbly().TimeAtSigma(sigma));
        Assert.Equal("sigma", error.ParamName);
        Assert.Contains("[TMin, TMax] = [0.01, 3]", error.Message, StringComparison.Ordinal);
    }
}
