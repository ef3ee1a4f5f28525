using System;
using SdeDsl.Schedules;

namespace SdeDsl.Benchmarks.Infrastructure;

/// <summary>
/// The per-step scalars of one benchmarked step, computed in double from a built-in schedule, for the comparison
/// implementations (<see cref="UsualWays"/>); the SdeDsl kernels compute their own from the same schedule and times.
/// </summary>
/// <remarks>
/// The times are chosen so that repeating the step in place is a contraction (the coefficient of x is below 1): a
/// benchmark that runs the same step millions of times on the same buffer converges to a fixed point instead of
/// overflowing or sinking into subnormals, either of which would change the timing.
/// </remarks>
public readonly record struct StepProblem
{
    /// <summary>The previous grid time (DPM-Solver++(2M)).</summary>
    public double TPrevious { get; init; }

    /// <summary>The current time t.</summary>
    public double T { get; init; }

    /// <summary>The next time t_next.</summary>
    public double TNext { get; init; }

    /// <summary>h = t_next - t.</summary>
    public double H => TNext - T;

    /// <summary>The PF-ODE state coefficient a(t) = sigma'/sigma + s'/s.</summary>
    public double A { get; init; }

    /// <summary>The PF-ODE denoiser coefficient b(t) = sigma' s / sigma.</summary>
    public double B { get; init; }

    /// <summary>a(t_next).</summary>
    public double A2 { get; init; }

    /// <summary>b(t_next).</summary>
    public double B2 { get; init; }

    /// <summary>s(t).</summary>
    public double S { get; init; }

    /// <summary>s(t_next).</summary>
    public double SNext { get; init; }

    /// <summary>sigma(t).</summary>
    public double Sigma { get; init; }

    /// <summary>The drift f(t).</summary>
    public double F { get; init; }

    /// <summary>g(t)^2.</summary>
    public double G2 { get; init; }

    /// <summary>Ancestral eta.</summary>
    public double Eta { get; init; }

    /// <summary>Ancestral sigma_down.</summary>
    public double SigmaDown { get; init; }

    /// <summary>Ancestral sigma_up.</summary>
    public double SigmaUp { get; init; }

    /// <summary>sigma(t_next) / sigma(t) (DPM-Solver++(2M)).</summary>
    public double Ratio { get; init; }

    /// <summary>r = (lambda - lambda_previous) / h in lambda = -log sigma (DPM-Solver++(2M)).</summary>
    public double R { get; init; }

    /// <summary>-expm1(-h) in lambda (DPM-Solver++(2M)).</summary>
    public double Weight { get; init; }

    /// <summary>Euler and Heun on EDM (s = 1) from t = 2 to 1.8.</summary>
    public static StepProblem Ode { get; } = OdeOn(default(Edm), 2.2, 2.0, 1.8);

    /// <summary>Euler-Maruyama and ancestral on VP (s != 1) from t = 0.5 to 0.49.</summary>
    public static StepProblem Sde { get; } = SdeOn(default(Vp), 0.5, 0.49, eta: 1.0);

    private static StepProblem OdeOn<TSchedule>(TSchedule schedule, double tPrevious, double t, double tNext)
        where TSchedule : struct, INoiseSchedule
    {
        double sigmaPrevious = schedule.Sigma(tPrevious), sigma = schedule.Sigma(t), sigmaNext = schedule.Sigma(tNext);
        double h = Math.Log(sigma / sigmaNext);
        return new StepProblem
        {
            TPrevious = tPrevious,
            T = t,
            TNext = tNext,
            A = schedule.OdeStateCoefficient(t),
            B = schedule.OdeDenoiserCoefficient(t),
            A2 = schedule.OdeStateCoefficient(tNext),
            B2 = schedule.OdeDenoiserCoefficient(tNext),
            S = schedule.Scale(t),
            SNext = schedule.Scale(tNext),
            Sigma = sigma,
            Ratio = sigmaNext / sigma,
            R = Math.Log(sigmaPrevious / sigma) / h,
            Weight = 1 - Math.Exp(-h),
        };
    }

    private static StepProblem SdeOn<TSchedule>(TSchedule schedule, double t, double tNext, double eta)
        where TSchedule : struct, INoiseSchedule
    {
        double sigma = schedule.Sigma(t), sigmaNext = schedule.Sigma(tNext);

        // k-diffusion's get_ancestral_step.
        double up = Math.Min(sigmaNext, eta * Math.Sqrt(sigmaNext * sigmaNext * (sigma * sigma - sigmaNext * sigmaNext) / (sigma * sigma)));
        double down = Math.Sqrt(sigmaNext * sigmaNext - up * up);
        return new StepProblem
        {
            T = t,
            TNext = tNext,
            S = schedule.Scale(t),
            SNext = schedule.Scale(tNext),
            Sigma = sigma,
            F = schedule.Drift(t),
            G2 = schedule.DiffusionSquared(t),
            Eta = eta,
            SigmaDown = down,
            SigmaUp = up,
        };
    }
}
