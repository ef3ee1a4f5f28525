using System;
using System.Collections.Generic;
using SdeDsl.Schedules;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests.Accuracy;

/// <summary>
/// Every step coefficient the generator emits (docs/math.md §17) for every built-in schedule and
/// <see cref="UserCosine"/> against the 50-digit values of reference/schedule_golden_values.py at pairs
/// (t, t_next) spanning the range: h = 0, 1e-9 relative and 1e-6 absolute steps, 0.9 t, t/2, down to TMin
/// (docs/math.md §17.5).
/// </summary>
/// <remarks>
/// The bound is <see cref="GeneratedMemberAccuracyTests.Ulps"/> = 4 ulp of the reference times max(1, cond), with
/// cond = sum_i |x_i dc/dx_i| / |c| from the script over t, t_next, h = t_next - t (taken as independent) and beta
/// or the step size. The arguments are exact doubles, but the emitted code rounds what it builds from them: h
/// (exact for t_next &gt;= t/2, else within eps/2), u = beta_min t + beta_d t^2/2, pi t/2, ..., each a relative
/// perturbation of about one eps of t, t_next or h that the coefficient amplifies by at most its cond; and the few
/// ulp of c in 1 + h c are a relative perturbation of h, so cond includes the sum's scale |h c| / |X| of
/// docs/math.md §17.4, large where h c is near -1 or below (a large step from a small t: X small or negative).
/// An error of 4 cond ulp is the exact coefficient at arguments a few ulp away, the best a double evaluation of
/// that form can promise; docs/math.md §17.5 lists where the cond factor is reached and why the generator keeps the
/// form. A product chain longer than 2 * 4 operations is held to its a-priori n/2 ulp instead
/// (<see cref="LongChains"/>).
/// </remarks>
public sealed class StepCoefficientAccuracyTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Methods()
    {
        var data = new TheoryData<string, string>();
        foreach (string schedule in GoldenValues.Schedules)
        {
            foreach (string method in MethodNames)
            {
                data.Add(schedule, method);
            }
        }

        return data;
    }

    private static readonly string[] MethodNames =
    [
        "EulerStepCoefficients", "HeunCorrectionCoefficients", "ReverseSdeStepCoefficients",
        "LangevinStepCoefficients", "LangevinCorrectorCoefficients",
    ];

    /// <summary>
    /// (schedule, coefficient) emitted as a chain of more than 8 rounded operations, with the count in the emitted
    /// code (each +, *, /, sqrt and library call; constants folded by C# not counted). Cosine's b(t) (t - t_next):
    /// 1/sin(pi t/(2(S + 1))) is 4, sin(pi (t + S)/(2(S + 1))) 4, 1/sin((pi t/2 + S pi)/(S + 1)) 5, and the product
    /// with (t - t_next) 7: 20 operations, so 10 ulp (measured worst: 6 ulp).
    /// </summary>
    private static readonly Dictionary<(string Schedule, string Coefficient), int> LongChains = new()
    {
        [("Cosine", "D")] = 20,
        [("Cosine", "DPredicted")] = 20,
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void Step_coefficients_are_within_a_few_ulp_of_the_golden_values(string schedule, string method)
    {
        INoiseSchedule s = GeneratedMemberAccuracyTests.Schedule(schedule);
        var failures = new List<string>();
        var worst = new Dictionary<string, (double Error, double Condition, string At)>();
        foreach (GoldenValues.Step step in GoldenValues.StepsOf(schedule, method))
        {
            IReadOnlyDictionary<string, double> actual = Evaluate(s, method, step.Arguments);
            foreach ((string name, (double reference, double condition)) in step.Coefficients)
            {
                double error = GeneratedMemberAccuracyTests.UlpError(actual[name], reference);
                string at = "(" + string.Join(", ", step.Arguments) + ")";
                if (!worst.TryGetValue(name, out var w) || error > w.Error || double.IsNaN(error))
                {
                    worst[name] = (error, condition, at);
                }

                double bound = Math.Max(
                    GeneratedMemberAccuracyTests.Ulps * Math.Max(1, condition),
                    LongChains.TryGetValue((schedule, name), out int operations) ? operations / 2.0 : 0);
                if (!(error <= bound))
                {
                    failures.Add($"{method}{at}.{name} = {actual[name]:R}, reference {reference:R}: {error:G3} ulp > {bound:G3} (cond {condition:G3})");
                }
            }
        }

        foreach ((string name, (double error, double condition, string at)) in worst)
        {
            output.WriteLine($"{schedule}.{method}.{name}: worst {error:G3} ulp at {at} (cond {condition:G3})");
        }

        Assert.True(failures.Count == 0, $"{schedule}: {failures.Count} coefficients off:\n" + string.Join("\n", failures));
    }

    private static IReadOnlyDictionary<string, double> Evaluate(INoiseSchedule s, string method, IReadOnlyList<double> x)
    {
        switch (method)
        {
            case "HeunCorrectionCoefficients":
            {
                HeunStepCoefficients c = s.HeunCorrectionCoefficients(x[0], x[1]);
                return new Dictionary<string, double> { ["X"] = c.X, ["D"] = c.D, ["XPredicted"] = c.XPredicted, ["DPredicted"] = c.DPredicted };
            }

            default:
            {
                StepCoefficients c = method switch
                {
                    "EulerStepCoefficients" => s.EulerStepCoefficients(x[0], x[1]),
                    "ReverseSdeStepCoefficients" => s.ReverseSdeStepCoefficients(x[0], x[1]),
                    "LangevinStepCoefficients" => s.LangevinStepCoefficients(x[0], x[1], x[2]),
                    "LangevinCorrectorCoefficients" => s.LangevinCorrectorCoefficients(x[0], x[1]),
                    _ => throw new ArgumentOutOfRangeException(nameof(method), method, "not a step-coefficient method"),
                };
                return new Dictionary<string, double> { ["X"] = c.X, ["D"] = c.D, ["Z"] = c.Z };
            }
        }
    }
}
