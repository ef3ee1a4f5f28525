using System;
using System.Collections.Generic;
using SdeDsl.Denoisers;
using SdeDsl.Schedules;
using SdeDsl.Samplers;
using SdeDsl.Tests.TestSchedules;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests.Schedules;

/// <summary>
/// The generated step kernels (docs/math.md §17): every built-in has them, the samplers call them, and they agree with
/// the generic path (docs/math.md §17.1) within the bound stated on <see cref="Bound"/>.
/// </summary>
[Collection(AllocationMeasurement.Name)]
public sealed class GeneratedStepKernelTests(ITestOutputHelper output)
{
    private const double Eps = 2.220446049250313e-16;

    /// <summary>
    /// The agreement bound, in units of eps times the coefficient's magnitude scale (the sum of the magnitudes of the
    /// terms the generic formula adds, e.g. 1 + |h a| for X = 1 + h a). Reason: both sides evaluate the same real number
    /// by at most about twenty correctly rounded operations and a few Exp/ExpM1/Sin/Cos/Sinh calls (at most 1 ulp each,
    /// the same calls on the same arguments on both sides), so each is within about 10 eps of the scale and they are
    /// within 2 x 10 = 20; 32 leaves a margin. The scale, not the result, is the unit because the generic 1 + h a
    /// cancels where h a is near -1 (EDM's last steps): there the generic value is only accurate to eps times the
    /// scale, while the closed form t_next / t is accurate to half an ulp of itself (tested below).
    /// </summary>
    private const double Bound = 32;

    public static TheoryData<string> BuiltIns => new() { "Edm", "Ve", "Vp", "SubVp", "Cosine", "RectifiedFlow" };

    [Fact]
    public void Every_built_in_has_its_own_step_coefficients_and_runtime_built_schedules_take_the_generic_path()
    {
        Assert.True(Has<Edm>() && Has<Ve>() && Has<Vp>() && Has<SubVp>() && Has<Cosine>() && Has<RectifiedFlow>());
        Assert.False(Has<DiscreteSchedule>() || Has<FlowMatchSchedule>() || Has<HandVp>() || Has<GenericPathOnly<Vp>>());

        static bool Has<TSchedule>() where TSchedule : struct, INoiseSchedule => TSchedule.HasStepCoefficients;
    }

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void Generated_and_generic_coefficients_agree_within_the_stated_bound(string name)
    {
        (double worst, string where) = name switch
        {
            "Edm" => WorstDisagreement(default(Edm), Edm.DefaultTimes),
            "Ve" => WorstDisagreement(default(Ve), Ve.DefaultTimes),
            "Vp" => WorstDisagreement(default(Vp), Vp.DefaultTimes),
            "SubVp" => WorstDisagreement(default(SubVp), SubVp.DefaultTimes),
            "Cosine" => WorstDisagreement(default(Cosine), Cosine.DefaultTimes, CosineConditioning),
            _ => WorstDisagreement(default(RectifiedFlow), RectifiedFlow.DefaultTimes),
        };
        output.WriteLine($"{name}: largest |generated - generic| = {worst:F2} eps x scale, {where}");
        Assert.True(worst <= Bound, $"{name}: {worst} eps x scale > {Bound}");
    }

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void Langevin_with_beta_zero_is_the_generated_Euler_step_bit_for_bit(string name)
    {
        switch (name)
        {
            case "Edm": Check(default(Edm), Edm.DefaultTimes(40)); break;
            case "Ve": Check(default(Ve), Ve.DefaultTimes(40)); break;
            case "Vp": Check(default(Vp), Vp.DefaultTimes(40)); break;
            case "SubVp": Check(default(SubVp), SubVp.DefaultTimes(40)); break;
            case "Cosine": Check(default(Cosine), Cosine.DefaultTimes(40)); break;
            default: Check(default(RectifiedFlow), RectifiedFlow.DefaultTimes(40)); break;
        }

        static void Check<TS>(TS schedule, double[] times) where TS : struct, INoiseSchedule
        {
            for (int i = 0; i + 1 < times.Length; i++)
            {
                StepCoefficients euler = schedule.EulerStepCoefficients(times[i], times[i + 1]);
                StepCoefficients langevin = schedule.LangevinStepCoefficients(times[i], times[i + 1], 0);
                Assert.Equal(euler.X, langevin.X);
                Assert.Equal(euler.D, langevin.D);
                Assert.Equal(0, langevin.Z);
            }
        }
    }

    /// <summary>
    /// EDM's Euler step is x_next = (t_next/t) x + (1 - t_next/t) D: X is one correctly rounded division, so it is the
    /// double nearest t_next/t exactly, where the generic 1 + h/t is off by up to several ulps near the end of the grid.
    /// </summary>
    [Fact]
    public void Edm_Euler_coefficients_are_the_closed_forms_and_at_least_as_accurate_as_the_generic_path()
    {
        var edm = default(Edm);
        double[] times = Edm.DefaultTimes(256);
        double genericWorst = 0;
        for (int i = 0; i + 1 < times.Length; i++)
        {
            double t = times[i], tNext = times[i + 1];
            StepCoefficients c = edm.EulerStepCoefficients(t, tNext);
            Assert.Equal(tNext / t, c.X);
            Assert.Equal((t - tNext) / t, c.D);
            Assert.Equal(0, c.Z);

            // IEEE division is correctly rounded, so tNext / t is the double nearest the exact ratio: the reference.
            genericWorst = Math.Max(genericWorst, Ulps(GenericStepCoefficients.EulerOde(edm, t, tNext).X, tNext / t));
        }

        output.WriteLine($"EDM Euler X, 255 steps: generated exactly t_next/t correctly rounded, generic 1 + h/t up to {genericWorst} ulp from it");
        Assert.True(genericWorst > 0, "the generic path rounds twice, so somewhere on 255 steps it misses the nearest double");
    }

    /// <summary>Each sampler that uses the seam, run on Vp with the generated kernels and with the generic path, in double.</summary>
    [Theory]
    [InlineData("Euler")]
    [InlineData("Heun")]
    [InlineData("EulerMaruyama")]
    [InlineData("Langevin")]
    [InlineData("PredictorCorrector")]
    public void Samplers_on_the_generated_kernels_match_the_generic_path(string sampler)
    {
        var denoiser = new GaussianDenoiser(new[] { 0.5, -1.0 }, 0.7);
        double[] times = Vp.DefaultTimes(50);
        double[] generated = Run(default(Vp)), generic = Run(new GenericPathOnly<Vp>(default));
        double largest = 0;
        for (int i = 0; i < generated.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(generated[i] - generic[i]));
        }

        // Per step the coefficients differ by at most Bound eps x scale (about 1e-14 absolute here); 49 steps
        // of a contracting recursion on values of order 1-10 stay far below 1e-10, while a wrong kernel is off by
        // more than 1e-3 (one step of a wrong coefficient moves samples by h a ~ 0.02).
        output.WriteLine($"{sampler}: largest difference {largest:E2}");
        Assert.True(largest <= 1e-10, $"{sampler}: {largest}");

        double[] Run<TS>(TS schedule) where TS : struct, INoiseSchedule
        {
            double[] x = new double[512];
            Prior.Sample(schedule, times[0], x.AsSpan(), 3);
            var options = new SamplingOptions { Seed = 5 };
            switch (sampler)
            {
                case "Euler": EulerSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
                case "Heun": HeunSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
                case "EulerMaruyama": EulerMaruyamaSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
                case "Langevin": LangevinSampler.Sample(schedule, denoiser, times, x.AsSpan(), t => 0.5, options); break;
                default: PredictorCorrectorSampler.Sample(schedule, denoiser, times, x.AsSpan(), 2, Predictor.ReverseSde, 1, 0.16, options); break;
            }

            return x;
        }
    }

    /// <summary>
    /// The cosine schedule is declared as sigma = sqrt(c^2 / cos^2(p) - 1) = sqrt(1/alpha_bar - 1), which cancels where
    /// alpha_bar is near 1 (small t): an input rounding of eps becomes eps / (1 - alpha_bar) = eps (1 + sigma^2)/sigma^2
    /// in sigma^2. Both paths inherit that from the declaration (the generic one through Sigma(t), the generated one
    /// through the same subexpression written out), so their agreement is measured in units of that condition number.
    /// </summary>
    private static double CosineConditioning(double t)
    {
        double sigma = default(Cosine).Sigma(t);
        return (1 + sigma * sigma) / (sigma * sigma);
    }

    /// <summary>A warm run on a generated schedule allocates nothing: the generated members are direct calls, never boxed.</summary>
    [Theory]
    [InlineData("Euler")]
    [InlineData("Heun")]
    [InlineData("EulerMaruyama")]
    [InlineData("Langevin")]
    [InlineData("PredictorCorrector")]
    public void A_warm_run_on_the_generated_kernels_allocates_nothing(string sampler)
    {
        var schedule = default(Vp);
        var denoiser = new GaussianDenoiser(new[] { 0.5, -1.0 }, 0.7) { MaxDegreeOfParallelism = 1 };
        var options = new SamplingOptions { Seed = 1, Kernel = new Kernels.KernelOptions { MaxDegreeOfParallelism = 1 } };
        Func<double, double> beta = t => 1.0;
        float[] x = new float[4096];
        double[] times = Vp.DefaultTimes(20);

        long Measure()
        {
            Prior.Sample(schedule, times[0], x.AsSpan(), 2);
            long before = GC.GetAllocatedBytesForCurrentThread();
            switch (sampler)
            {
                case "Euler": EulerSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
                case "Heun": HeunSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
                case "EulerMaruyama": EulerMaruyamaSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
                case "Langevin": LangevinSampler.Sample(schedule, denoiser, times, x.AsSpan(), beta, options); break;
                default: PredictorCorrectorSampler.Sample(schedule, denoiser, times, x.AsSpan(), 64, Predictor.ReverseSde, 1, 0.16, options); break;
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Measure();
        Measure(); // warm-up: pools filled, code jitted
        Assert.Equal(0, Measure());
    }

    private static double Ulps(double value, double reference) => Math.Abs(value - reference) / (Math.BitIncrement(Math.Abs(reference)) - Math.Abs(reference));

    /// <summary>The largest |generated - generic| / (eps scale) over every kernel, every step of several grids and a few beta and eps.</summary>
    private static (double Worst, string Where) WorstDisagreement<TS>(TS schedule, Func<int, double[]> grid, Func<double, double>? conditioning = null)
        where TS : struct, INoiseSchedule
    {
        double worst = 0;
        string where = "nowhere"; double tNow = 0, tNextNow = 0;
        void Compare(double generated, double generic, double scale, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(generated))] string? expression = null)
        {
            Assert.True(double.IsFinite(generated) && double.IsFinite(generic), $"{generated} / {generic}");
            if (generated != generic)
            {
                double ratio = Math.Abs(generated - generic) / (Eps * scale * (conditioning?.Invoke(tNow) ?? 1));
                if (ratio > worst) { worst = ratio; where = $"{expression} at t = {tNow:R}, tNext = {tNextNow:R}: {generated:R} vs {generic:R}"; }
            }
        }

        foreach (int steps in new[] { 2, 5, 18, 64, 256, 1000 })
        {
            double[] times = grid(steps);
            for (int i = 0; i + 1 < times.Length; i++)
            {
                double t = times[i], tNext = times[i + 1], h = tNext - t;
                (tNow, tNextNow) = (t, tNext);
                double a = schedule.OdeStateCoefficient(t), b = schedule.OdeDenoiserCoefficient(t);
                double aNext = schedule.OdeStateCoefficient(tNext), bNext = schedule.OdeDenoiserCoefficient(tNext);
                double s = schedule.Scale(t), sigma = schedule.Sigma(t), f = schedule.Drift(t), g2 = schedule.DiffusionSquared(t);

                StepCoefficients e = schedule.EulerStepCoefficients(t, tNext), eg = GenericStepCoefficients.EulerOde(schedule, t, tNext);
                Compare(e.X, eg.X, 1 + Math.Abs(h * a));
                Compare(e.D, eg.D, Math.Abs(h * b));
                Assert.Equal(0, e.Z);

                HeunStepCoefficients hc = schedule.HeunCorrectionCoefficients(t, tNext), hg = GenericStepCoefficients.HeunCorrection(schedule, t, tNext);
                Compare(hc.X, hg.X, 1 + Math.Abs(0.5 * h * a));
                Compare(hc.D, hg.D, Math.Abs(0.5 * h * b));
                Compare(hc.XPredicted, hg.XPredicted, Math.Abs(0.5 * h * aNext));
                Compare(hc.DPredicted, hg.DPredicted, Math.Abs(0.5 * h * bNext));

                double k = g2 / (s * sigma * sigma);
                StepCoefficients r = schedule.ReverseSdeStepCoefficients(t, tNext), rg = GenericStepCoefficients.ReverseSde(schedule, t, tNext);
                Compare(r.X, rg.X, 1 + Math.Abs(h * f) + Math.Abs(h * k / s));
                Compare(r.D, rg.D, Math.Abs(h * k));
                Compare(r.Z, rg.Z, Math.Abs(rg.Z));

                foreach (double beta in new[] { 0, 0.1, 1, 7.5 })
                {
                    StepCoefficients l = schedule.LangevinStepCoefficients(t, tNext, beta), lg = GenericStepCoefficients.Langevin(schedule, t, tNext, beta);
                    Compare(l.X, lg.X, 1 + Math.Abs(h * a) + Math.Abs(h * beta));
                    Compare(l.D, lg.D, Math.Abs(h * b) + Math.Abs(h * beta * s));
                    Compare(l.Z, lg.Z, Math.Abs(lg.Z));
                }

                foreach (double stepSize in new[] { 1e-6, 1e-3, 0.05 * sigma * sigma })
                {
                    StepCoefficients c = schedule.LangevinCorrectorCoefficients(t, stepSize), cg = GenericStepCoefficients.LangevinCorrector(schedule, t, stepSize);
                    double gradScale = stepSize / (s * sigma * sigma);
                    Compare(c.X, cg.X, 1 + Math.Abs(gradScale / s));
                    Compare(c.D, cg.D, Math.Abs(gradScale));
                    Compare(c.Z, cg.Z, Math.Abs(cg.Z));
                }
            }
        }

        return (worst, where);
    }
}
