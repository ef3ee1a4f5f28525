using System;
using System.Linq;
using SdeDsl.Schedules;
using Xunit;

namespace SdeDsl.Tests.Schedules;

/// <summary>
/// The catalogue schedules added beside EDM/VE/VP/sub-VP (iDDPM cosine, rectified flow) against their papers'
/// definitions written out by hand, and every built-in's default discretisation.
/// </summary>
/// <remarks>
/// Tolerances: the cosine members are chains of a few cos/sin/sqrt evaluations whose arguments are formed by a
/// handful of roundings, so 1e-12 relative (about 5000 ulp) covers them with room; a wrong formula is off by
/// percent. Rectified flow's members are one or two correctly rounded operations on t.
/// </remarks>
public sealed class CatalogueScheduleTests
{
    private const double S = 0.008;

    public static TheoryData<double> CosineTimes => new() { 1e-3, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99 };

    public static TheoryData<double> FlowTimes => new() { 1e-3, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999 };

    private static double AlphaBar(double t) =>
        Math.Pow(Math.Cos(Math.PI / 2 * (t + S) / (1 + S)), 2) / Math.Pow(Math.Cos(Math.PI / 2 * S / (1 + S)), 2);

    private static void Close(double expected, double actual, double relative = 1e-12) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Theory]
    [MemberData(nameof(CosineTimes))]
    public void Cosine_is_iddpm_alpha_bar(double t)
    {
        var cosine = default(Cosine);
        double alphaBar = AlphaBar(t);
        Close(Math.Sqrt(alphaBar), cosine.Scale(t));
        // sigma^2 = 1/alpha_bar - 1 = (cos^2 a - cos^2 b)/cos^2 b = sin(b + a) sin(b - a)/cos^2 b with
        // a = pi/2 S/(1+S), b = pi/2 (t+S)/(1+S), b - a = pi/2 t/(1+S): written as 1/alpha_bar - 1 the reference
        // itself loses 2e-12 relative at t = 1e-3 (docs/math.md §10.6), more than the tolerance.
        double a = Math.PI / 2 * S / (1 + S), b = Math.PI / 2 * (t + S) / (1 + S);
        Close(Math.Sqrt(Math.Sin(b + a) * Math.Sin(Math.PI / 2 * t / (1 + S))) / Math.Cos(b), cosine.Sigma(t));

        // The perturbation kernel N(s x0, s^2 sigma^2): total variance 1 - alpha_bar, signal sqrt(alpha_bar).
        Close(1 - alphaBar, Math.Pow(cosine.Scale(t) * cosine.Sigma(t), 2), 1e-11);

        // f = s'/s = (1/2) d log(alpha_bar)/dt = -pi/(2(1+S)) tan(pi/2 (t+S)/(1+S)).
        Close(-Math.PI / (2 * (1 + S)) * Math.Tan(Math.PI / 2 * (t + S) / (1 + S)), cosine.Drift(t));

        // g^2 = 2 s^2 sigma' sigma; for VP-type schedules (s^2 (1 + sigma^2) = 1) this is beta(t) = -d log(alpha_bar)/dt = -2 f.
        Close(-2 * cosine.Drift(t), cosine.DiffusionSquared(t), 1e-11);
        Close(t, cosine.TimeAtSigma(cosine.Sigma(t)), 1e-10);
    }

    [Fact]
    public void Cosine_range_and_checks()
    {
        var cosine = default(Cosine);
        Assert.Equal(1e-3, cosine.TMin);
        Assert.Equal(0.99, cosine.TMax);
        Assert.False(cosine.IsScaleIdentity);
        Assert.True(cosine.Sigma(cosine.TMin) / cosine.Sigma(cosine.TMax) < 0.01);
    }

    [Theory]
    [MemberData(nameof(FlowTimes))]
    public void Rectified_flow_is_linear_interpolation(double t)
    {
        var flow = default(RectifiedFlow);

        // x_t = (1 - t) x0 + t eps, i.e. s = 1 - t and s sigma = t.
        Assert.Equal(1 - t, flow.Scale(t));
        Close(t, flow.Scale(t) * flow.Sigma(t), 1e-15);
        Assert.Equal(-1.0, flow.ScaleDerivative(t));
        Close(1 / ((1 - t) * (1 - t)), flow.SigmaDerivative(t), 1e-15);
        Close(-1 / (1 - t), flow.Drift(t), 1e-15);
        Close(t, flow.TimeAtSigma(flow.Sigma(t)), 1e-14);

        // The PF-ODE in t: dx/dt = a x - b D with b = sigma' s / sigma = 1 / t: for a point mass at 0 the velocity is x/t,
        // so trajectories are straight lines through the origin at t = 0.
        Close(1 / (t * (1 - t)) - 1 / (1 - t), flow.OdeStateCoefficient(t), 1e-13);
        Close(1 / t, flow.OdeDenoiserCoefficient(t), 1e-13);
    }

    [Fact]
    public void Each_built_in_has_its_papers_default_discretisation()
    {
        const int N = 18;

        // EDM: Karras rho = 7 from 80 down to 0.002.
        double[] edm = Edm.DefaultTimes(N);
        double a = Math.Pow(80, 1 / 7.0), b = Math.Pow(0.002, 1 / 7.0);
        for (int i = 0; i < N; i++)
        {
            Close(Math.Pow(a + i / (N - 1.0) * (b - a), 7), edm[i], 1e-12);
        }

        // VP and sub-VP: uniform in t from 1 to 1e-3.
        foreach (double[] vp in new[] { Vp.DefaultTimes(N), SubVp.DefaultTimes(N) })
        {
            for (int i = 0; i < N; i++)
            {
                Close(1 + i / (N - 1.0) * (1e-3 - 1), vp[i], 1e-14);
            }
        }

        // VE: sigma geometric from 100 to 0.02, t = sigma^2.
        double[] ve = Ve.DefaultTimes(N);
        for (int i = 0; i < N; i++)
        {
            Close(Math.Pow(100 * Math.Pow(0.02 / 100, i / (N - 1.0)), 2), ve[i], 1e-12);
        }

        // Cosine (iDDPM's strided steps) and rectified flow: uniform in t over the declared range.
        foreach ((double[] times, double lo, double hi) in new[] { (Cosine.DefaultTimes(N), 1e-3, 0.99), (RectifiedFlow.DefaultTimes(N), 1e-3, 0.999) })
        {
            Assert.Equal(hi, times[0]);
            Assert.Equal(lo, times[^1]);
            double[] steps = times.Zip(times.Skip(1), (x, y) => x - y).ToArray();
            Assert.All(steps, h => Close(steps[0], h, 1e-12));
        }
    }
}
