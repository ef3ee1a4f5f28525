using System;
using SdeDsl.Schedules;
using Xunit;

namespace SdeDsl.Tests.Schedules.Discrete;

/// <summary>Every INoiseSchedule member of the runtime-built schedules from the same interpolant (docs/math.md §12.2, §12.5).</summary>
public sealed class ScheduleConsistencyTests
{
    private static void AssertClose(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"{what}: {actual:R} vs {expected:R}");

    private static void CheckIdentitiesAndDerivatives<TS>(TS schedule, double[] times) where TS : struct, INoiseSchedule
    {
        foreach (double t in times)
        {
            double sigma = schedule.Sigma(t), ds = schedule.SigmaDerivative(t), s = schedule.Scale(t), dsc = schedule.ScaleDerivative(t);
            // Identities of docs/math.md §1 and §3.1, evaluated from different closed forms: 1e-12 relative (a few
            // roundings in each form; sigma up to 4096 keeps 1 + sigma^2 far from overflow).
            AssertClose(dsc / s, schedule.Drift(t), 1e-12, $"f at {t}");
            AssertClose(2 * s * s * ds * sigma, schedule.DiffusionSquared(t), 1e-12, $"g^2 at {t}");
            AssertClose(Math.Sqrt(schedule.DiffusionSquared(t)), schedule.Diffusion(t), 1e-12, $"g at {t}");
            AssertClose(ds / sigma + dsc / s, schedule.OdeStateCoefficient(t), 1e-9, $"a at {t}"); // a: a difference, 1e-9 for its cancellation
            AssertClose(ds * s / sigma, schedule.OdeDenoiserCoefficient(t), 1e-12, $"b at {t}");
            AssertClose(t, schedule.TimeAtSigma(sigma), 1e-12, $"sigma^-1 at {t}");

            // Central differences with h = 1e-5 (1 - t) for t < 1, else 1e-5 (inside one segment): truncation h^2 |f'''|/6 relative
            // to f' is below 1e-8 here (log-linear: d^2 h^2/6; flow: sigma'''/sigma' = 6/(1 - u)^2 against
            // h = 1e-5 (1 - u)), round-off eps |f| / h about 2e-11 relative; bound 1e-7.
            double h = 1e-5 * (t < 1 ? 1 - t : 1);
            AssertClose((schedule.Sigma(t + h) - schedule.Sigma(t - h)) / (2 * h), ds, 1e-7, $"sigma' at {t}");
            AssertClose((schedule.Scale(t + h) - schedule.Scale(t - h)) / (2 * h), dsc, 1e-7, $"s' at {t}");
        }
    }

    [Fact]
    public void Discrete_sd15_members_are_consistent()
    {
        var schedule = DiscreteSchedule.Create(BetaSchedule.ScaledLinear, 1000, 0.00085, 0.012);
        CheckIdentitiesAndDerivatives(schedule, new[] { 0.37, 1.5, 12.25, 250.6, 500.5, 998.4 });
        // s = 1/sqrt(1 + sigma^2) = sqrt(alpha_bar) at the knots (1e-14: a sqrt and a log/exp round trip).
        for (int k = 0; k < 1000; k += 111)
        {
            AssertClose(schedule.SigmaAt(k), schedule.Sigma(k), 1e-14, $"sigma at knot {k}");
            AssertClose(Math.Sqrt(schedule.AlphasCumprod[k]), schedule.Scale(k), 1e-14, $"s at knot {k}");
        }
    }

    [Fact]
    public void Discrete_zero_snr_members_are_consistent_up_to_sigma_4096()
    {
        var schedule = DiscreteSchedule.Create(BetaSchedule.ScaledLinear, 1000, 0.00085, 0.012, rescaleZeroTerminalSnr: true);
        CheckIdentitiesAndDerivatives(schedule, new[] { 0.5, 400.5, 990.5, 998.5 });
    }

    [Fact]
    public void At_a_knot_the_derivative_is_the_lower_segments()
    {
        // t = k > 0 belongs to segment [k-1, k] (the one a sampler moving down enters): sigma'(k) = the backward
        // difference's limit; 1e-6 is the one-sided difference's truncation h |sigma''|/2 / sigma' with h = 1e-6.
        var schedule = DiscreteSchedule.Create(BetaSchedule.ScaledLinear, 1000, 0.00085, 0.012);
        const double h = 1e-6;
        foreach (int k in new[] { 1, 20, 981, 999 })
        {
            AssertClose((schedule.Sigma(k) - schedule.Sigma(k - h)) / h, schedule.SigmaDerivative(k), 1e-6, $"knot {k}");
        }

        AssertClose((schedule.Sigma(h) - schedule.Sigma(0)) / h, schedule.SigmaDerivative(0), 1e-6, "knot 0");
    }

    [Fact]
    public void Flow_match_members_are_consistent()
    {
        CheckIdentitiesAndDerivatives(new FlowMatchSchedule(3.0), new[] { 0.002, 0.1, 0.5, 0.9, 0.998 });
        CheckIdentitiesAndDerivatives(FlowMatchSchedule.WithDynamicShift(1024), new[] { 0.002, 0.3, 0.7, 0.998 });
        CheckIdentitiesAndDerivatives(default(FlowMatchSchedule), new[] { 0.01, 0.5, 0.99 });
    }

    [Fact]
    public void Flow_match_is_the_shifted_rectified_flow()
    {
        // s = 1 - tau, sigma = tau/(1 - tau) with tau = k u/(1 + (k - 1) u) (docs/math.md §12.5); 1e-13 relative.
        var schedule = new FlowMatchSchedule(3.0);
        foreach (double u in new[] { 0.01, 0.25, 0.5, 0.75, 0.99 })
        {
            double tau = schedule.ShiftedTime(u);
            AssertClose(1 - tau, schedule.Scale(u), 1e-13, $"s at {u}");
            AssertClose(tau / (1 - tau), schedule.Sigma(u), 1e-13, $"sigma at {u}");
        }

        Assert.Equal(1.0, default(FlowMatchSchedule).Shift);
        Assert.Equal(1000, default(FlowMatchSchedule).TrainingSteps);
        Assert.Equal("shift", Assert.Throws<ArgumentOutOfRangeException>(() => new FlowMatchSchedule(0)).ParamName);
    }

    [Fact]
    public void Flow_match_grids_and_shifts_equal_the_numpy_reimplementation_of_diffusers()
    {
        // Static shift 3, 28 steps. diffusers keeps sigma_min in float32 (relative rounding 6e-8), so the grid's end
        // agrees to 1e-7 relative; the top u = 1 is replaced by TMax = 0.999 (docs/math.md §12.5).
        var reference = DiffusersReference.Root.GetProperty("flow");
        var schedule = new FlowMatchSchedule(3.0);
        double[] u = DiffusersReference.Array(reference.GetProperty("shift3_28").GetProperty("u"));
        double[] shifted = DiffusersReference.Array(reference.GetProperty("shift3_28").GetProperty("shifted"));
        double[] grid = schedule.DiffusersGrid(28);
        Assert.Equal(0.999, grid[0]);
        for (int i = 1; i < 28; i++)
        {
            AssertClose(u[i], grid[i], 1e-7, $"u[{i}]");
            AssertClose(shifted[i], schedule.ShiftedTime(grid[i]), 1e-7, $"tau[{i}]");
        }

        // Dynamic shift, L = 4096: mu = 1.15 exactly in the script's double arithmetic; the time shift
        // exp(mu)/(exp(mu) + 1/u - 1) against k u/(1 + (k - 1) u), k = exp(mu): 1e-7 (float32 sigma_min again).
        var dynamic = reference.GetProperty("dynamic_4096_28");
        Assert.Equal(dynamic.GetProperty("mu").GetDouble(), FlowMatchSchedule.DynamicShiftMu(4096), 1e-15);
        Assert.Equal(reference.GetProperty("mu_1024").GetDouble(), FlowMatchSchedule.DynamicShiftMu(1024), 1e-15);
        var flux = FlowMatchSchedule.WithDynamicShift(4096);
        double[] du = DiffusersReference.Array(dynamic.GetProperty("u")), dShifted = DiffusersReference.Array(dynamic.GetProperty("shifted"));
        double[] dGrid = flux.DiffusersGrid(28, dynamicShift: true);
        for (int i = 1; i < 28; i++)
        {
            AssertClose(du[i], dGrid[i], 1e-7, $"dynamic u[{i}]");
            AssertClose(dShifted[i], flux.ShiftedTime(dGrid[i]), 1e-7, $"dynamic tau[{i}]");
        }
    }
}
