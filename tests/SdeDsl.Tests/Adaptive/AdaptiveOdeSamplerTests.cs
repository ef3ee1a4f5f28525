using System;
using System.Linq;
using System.Threading;
using SdeDsl.Denoisers;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Samplers.Adaptive;
using SdeDsl.Tests.TestSchedules;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests.Adaptive;

/// <summary>
/// The adaptive solvers on Gaussian data N(mu, c^2 I), whose probability-flow trajectory is known exactly
/// (docs/math.md (9.2)): y(sigma) = mu + sqrt((c^2 + sigma^2)/(c^2 + sigma_0^2)) (y_0 - mu).
/// </summary>
/// <remarks>
/// <para>
/// <b>The bound on the global error.</b> Each accepted step's error estimate satisfies RMS_i(e_i / w_i) &lt;= 1 with
/// w_i = atol + rtol max(|y_i|, |y_next,i|), and the propagated (higher-order) solution's local error is below the
/// estimate for small h (local extrapolation). The exact flow map is y -&gt; mu + k (y - mu) with 0 &lt; k &lt;= 1 when
/// sigma decreases, so it does not amplify an earlier error: the global error is at most the sum of the local ones,
/// RMS_i(error_i / w_i) &lt;= (accepted steps), with w measured at the exact endpoint. That is the constant the tests
/// use: error / tolerance below the number of accepted steps (the measured ratio, printed, is far smaller).
/// </para>
/// </remarks>
[Collection(AllocationMeasurement.Name)]
public sealed class AdaptiveOdeSamplerTests
{
    private const int Dimension = 4;
    private const int Batch = 8;
    private static readonly double[] Mu = { 0.5, -1.0, 2.0, 0.0 };
    private const double C = 0.7;
    private readonly ITestOutputHelper _output;

    public AdaptiveOdeSamplerTests(ITestOutputHelper output) => _output = output;

    private static GaussianDenoiser Data => new(Mu, C);

    /// <summary>x_T = s(T) y_T with y_T on the exact marginal N(mu, (c^2 + sigma_T^2) I).</summary>
    private static double[] Start<TS>(TS schedule, double t) where TS : struct, INoiseSchedule
    {
        double sigma = schedule.Sigma(t), s = schedule.Scale(t);
        double[] z = new double[Batch * Dimension];
        new GaussianNoise(3).Fill(0, 0, z);
        return z.Select((v, i) => s * (Mu[i % Dimension] + Math.Sqrt(C * C + sigma * sigma) * v)).ToArray();
    }

    /// <summary>RMS_i(|x_i - exact_i| / (atol + rtol |exact_i|)) at t_end, in y = x/s, and the run's statistics.</summary>
    private static (double ScaledError, AdaptiveStatistics Statistics) Solve<TS>(TS schedule, AdaptiveOptions adaptive) where TS : struct, INoiseSchedule
    {
        double tStart = schedule.TMax, tEnd = schedule.TMin;
        double[] x = Start(schedule, tStart);
        double[] y0 = x.Select(v => v / schedule.Scale(tStart)).ToArray();
        double[] exact = new double[x.Length];
        Data.ExactFlow(y0, schedule.Sigma(tStart), schedule.Sigma(tEnd), exact);
        AdaptiveStatistics statistics = AdaptiveOdeSampler.Sample(
            schedule, Data, tStart, tEnd, x.AsSpan(), adaptive, new SamplingOptions { DenoiseToZero = false });
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double error = x[i] / schedule.Scale(tEnd) - exact[i];
            double weight = adaptive.AbsoluteTolerance + adaptive.RelativeTolerance * Math.Abs(exact[i]);
            sum += error / weight * (error / weight);
        }

        return (Math.Sqrt(sum / x.Length), statistics);
    }

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (string schedule in new[] { "Edm", "Vp" })
        {
            foreach (string method in new[] { "DormandPrince54", "BogackiShampine32" })
            {
                foreach (string variable in new[] { "Time", "Sigma", "LogSigma" })
                {
                    data.Add(schedule, method, variable);
                }
            }
        }

        return data;
    }

    private static AdaptiveOptions Options(string method, string variable, double tolerance) => new()
    {
        Method = Enum.Parse<EmbeddedRungeKuttaMethod>(method),
        Variable = Enum.Parse<OdeTimeVariable>(variable),
        RelativeTolerance = tolerance,
        AbsoluteTolerance = tolerance,
    };

    private (double, AdaptiveStatistics) Solve(string schedule, AdaptiveOptions options) =>
        schedule == "Edm" ? Solve(default(HandEdm), options) : Solve(default(HandVp), options);

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_solution_meets_its_tolerance_on_the_exact_trajectory(string schedule, string method, string variable)
    {
        foreach (double tolerance in new[] { 1e-4, 1e-7 })
        {
            (double error, AdaptiveStatistics statistics) = Solve(schedule, Options(method, variable, tolerance));
            _output.WriteLine($"{schedule} {method} {variable} tol {tolerance:E0}: error/tol {error:G3}, {statistics}");
            statistics.AcceptedSteps.ShouldBeGreaterThan(0);
            error.ShouldBeLessThan(statistics.AcceptedSteps, "the global error bound of the class remarks");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Calls_fall_as_the_tolerance_loosens(string schedule, string method, string variable)
    {
        double[] tolerances = { 1e-9, 1e-7, 1e-5, 1e-3 };
        int[] calls = tolerances.Select(t => Solve(schedule, Options(method, variable, t)).Item2.DenoiserCalls).ToArray();
        _output.WriteLine($"{schedule} {method} {variable}: calls {string.Join(", ", calls)} at tolerances {string.Join(", ", tolerances)}");
        for (int i = 1; i < calls.Length; i++)
        {
            calls[i].ShouldBeLessThan(calls[i - 1]);
        }
    }

    [Theory]
    [InlineData("DormandPrince54", 6)]
    [InlineData("BogackiShampine32", 3)]
    public void A_huge_first_step_is_rejected_and_the_result_still_meets_the_tolerance(string method, int callsPerAttempt)
    {
        var options = Options(method, "LogSigma", 1e-8) with { InitialStep = 1e3 };
        var counting = new CountingDenoiser<double>(Data);
        HandEdm schedule = default;
        double[] x = Start(schedule, schedule.TMax);
        AdaptiveStatistics statistics = AdaptiveOdeSampler.Sample(schedule, counting, schedule.TMax, schedule.TMin, x.AsSpan(), options);
        _output.WriteLine(statistics.ToString());
        statistics.RejectedSteps.ShouldBeGreaterThan(0);
        // The first stage, then callsPerAttempt per attempted step (first same as last), then the final step x = D.
        statistics.DenoiserCalls.ShouldBe(1 + callsPerAttempt * (statistics.AcceptedSteps + statistics.RejectedSteps) + 1);
        counting.Calls.ShouldBe(statistics.DenoiserCalls);
        (double error, AdaptiveStatistics again) = Solve(schedule, options);
        again.RejectedSteps.ShouldBeGreaterThan(0);
        error.ShouldBeLessThan(again.AcceptedSteps);
    }

    [Fact]
    public void The_automatic_first_step_costs_one_probe()
    {
        var counting = new CountingDenoiser<double>(Data);
        HandVp schedule = default;
        double[] x = Start(schedule, schedule.TMax);
        AdaptiveStatistics statistics = AdaptiveOdeSampler.Sample(schedule, counting, schedule.TMax, schedule.TMin, x.AsSpan());
        statistics.DenoiserCalls.ShouldBe(1 + 1 + 6 * (statistics.AcceptedSteps + statistics.RejectedSteps) + 1);
        counting.Calls.ShouldBe(statistics.DenoiserCalls);
        counting.Sigmas.ShouldAllBe(sigma => sigma >= schedule.Sigma(schedule.TMin) * (1 - 1e-12) && sigma <= schedule.Sigma(schedule.TMax) * (1 + 1e-12));
    }

    [Fact]
    public void With_the_final_step_the_sample_is_the_denoised_endpoint()
    {
        HandEdm schedule = default;
        double[] x = Start(schedule, schedule.TMax), y0 = (double[])x.Clone(), exact = new double[x.Length], expected = new double[x.Length];
        AdaptiveOdeSampler.Sample(schedule, Data, schedule.TMax, schedule.TMin, x.AsSpan(), AdaptiveOptions.Default with { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-10 });
        Data.ExactFlow(y0, schedule.TMax, schedule.TMin, exact);
        ((IDenoiser<double>)Data).Denoise(exact, schedule.TMin, expected);
        // D is a contraction (factor c^2/(c^2 + sigma^2) < 1), so the 1e-10-tolerance endpoint error carries over: 1e-7 is loose.
        for (int i = 0; i < x.Length; i++)
        {
            x[i].ShouldBe(expected[i], 1e-7);
        }
    }

    [Fact]
    public void Float_and_double_agree_to_float_precision_and_runs_are_reproducible()
    {
        HandEdm schedule = default;
        double[] start = Start(schedule, schedule.TMax);
        double[] a = (double[])start.Clone(), b = (double[])start.Clone();
        float[] f = start.Select(v => (float)v).ToArray();
        AdaptiveOdeSampler.Sample(schedule, Data, schedule.TMax, schedule.TMin, a.AsSpan());
        AdaptiveOdeSampler.Sample(schedule, Data, schedule.TMax, schedule.TMin, b.AsSpan());
        AdaptiveOdeSampler.Sample(schedule, Data, schedule.TMax, schedule.TMin, f.AsSpan());
        a.ShouldBe(b);
        // float inputs of size ~80 carry 80 * 6e-8 = 5e-6 of rounding, contracted by the flow to the data's scale; 1e-4 covers the tolerance 1e-5 too.
        for (int i = 0; i < a.Length; i++)
        {
            ((double)f[i]).ShouldBe(a[i], 1e-4);
        }
    }

    [Fact]
    public void The_callback_sees_every_accepted_step_and_the_final_one_with_decreasing_sigma()
    {
        HandVp schedule = default;
        double[] x = Start(schedule, schedule.TMax);
        var sigmas = new System.Collections.Generic.List<(int Step, double Sigma, double Next)>();
        AdaptiveStatistics statistics = AdaptiveOdeSampler.Sample(
            schedule, Data, schedule.TMax, schedule.TMin, x.AsSpan(), onStep: s => sigmas.Add((s.StepIndex, s.Sigma, s.NextSigma)));
        sigmas.Count.ShouldBe(statistics.AcceptedSteps + 1);
        sigmas.Select(s => s.Step).ShouldBe(Enumerable.Range(0, sigmas.Count));
        sigmas[0].Sigma.ShouldBe(schedule.Sigma(schedule.TMax), 1e-9 * schedule.Sigma(schedule.TMax));
        sigmas[^1].Next.ShouldBe(0);
        for (int i = 0; i < sigmas.Count; i++)
        {
            sigmas[i].Next.ShouldBeLessThan(sigmas[i].Sigma);
        }
    }

    [Fact]
    public void Cancellation_and_a_non_finite_denoiser_leave_x_unchanged()
    {
        HandEdm schedule = default;
        double[] x = Start(schedule, schedule.TMax), before = (double[])x.Clone();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Should.Throw<OperationCanceledException>(() => AdaptiveOdeSampler.Sample(
            schedule, Data, schedule.TMax, schedule.TMin, x.AsSpan(), options: new SamplingOptions { CancellationToken = cancelled.Token }));
        x.ShouldBe(before);

        var faulty = new FaultyDenoiser<double>(Data, failingCall: 5, bad: double.NaN);
        var error = Should.Throw<NonFiniteDenoiserOutputException>(() => AdaptiveOdeSampler.Sample(schedule, faulty, schedule.TMax, schedule.TMin, x.AsSpan()));
        error.Sampler.ShouldContain("AdaptiveOdeSampler");
        error.Sigma.ShouldBeGreaterThan(0);
        error.Message.ShouldContain("sigma = ");
        x.ShouldBe(before);
    }

    [Fact]
    public void Step_limits_stop_the_solve_with_the_step_and_sigma()
    {
        HandEdm schedule = default;
        double[] x = Start(schedule, schedule.TMax), before = (double[])x.Clone();
        var error = Should.Throw<AdaptiveStepSizeException>(() => AdaptiveOdeSampler.Sample(
            schedule, Data, schedule.TMax, schedule.TMin, x.AsSpan(), AdaptiveOptions.Default with { RelativeTolerance = 1e-12, AbsoluteTolerance = 1e-12, MaxSteps = 5 }));
        error.Message.ShouldContain("MaxSteps = 5");
        error.Sigma.ShouldBeGreaterThan(0);
        x.ShouldBe(before);
        Should.Throw<AdaptiveStepSizeException>(() => AdaptiveOdeSampler.Sample(
            schedule, Data, schedule.TMax, schedule.TMin, x.AsSpan(), AdaptiveOptions.Default with { InitialStep = 1e3, MinStep = 1 }))
            .Message.ShouldContain("MinStep");
    }

    [Fact]
    public void Bad_arguments_name_themselves()
    {
        HandEdm schedule = default;
        double[] x = Start(schedule, schedule.TMax);
        Should.Throw<ArgumentOutOfRangeException>(() => AdaptiveOdeSampler.Sample(schedule, Data, 81, 1, x.AsSpan())).ParamName.ShouldBe("tStart");
        Should.Throw<ArgumentException>(() => AdaptiveOdeSampler.Sample(schedule, Data, 1, 2, x.AsSpan())).ParamName.ShouldBe("tStart");
        Should.Throw<ArgumentOutOfRangeException>(() => AdaptiveOdeSampler.Sample(schedule, Data, 80, 1, x.AsSpan(), AdaptiveOptions.Default with { RelativeTolerance = -1 }))
            .Message.ShouldContain("RelativeTolerance");
        Should.Throw<ArgumentOutOfRangeException>(() => AdaptiveOdeSampler.Sample(schedule, Data, 80, 1, x.AsSpan(), AdaptiveOptions.Default with { Safety = 2 }))
            .ParamName.ShouldBe("adaptive");
        Should.Throw<ArgumentException>(() => AdaptiveOdeSampler.Sample(schedule, Data, 80, 1, Span<double>.Empty)).ParamName.ShouldBe("x");
    }

    [Fact]
    public void A_warm_solve_allocates_nothing()
    {
        HandVp schedule = default;
        var denoiser = new GaussianDenoiser(Mu, C) { MaxDegreeOfParallelism = 1 };
        double[] start = Start(schedule, schedule.TMax), x = new double[start.Length];
        var options = AdaptiveOptions.Default with { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-8 };
        for (int warm = 0; warm < 3; warm++)
        {
            start.CopyTo(x, 0);
            AdaptiveOdeSampler.Sample(schedule, denoiser, schedule.TMax, schedule.TMin, x.AsSpan(), options);
        }

        start.CopyTo(x, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        AdaptiveStatistics statistics = AdaptiveOdeSampler.Sample(schedule, denoiser, schedule.TMax, schedule.TMin, x.AsSpan(), options);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        statistics.AcceptedSteps.ShouldBeGreaterThan(10);
        allocated.ShouldBe(0);
    }
}
