using System;
using System.Collections.Generic;
using System.Linq;
using SdeDsl.Schedules;
using Xunit;
using Xunit.Abstractions;

namespace SdeDsl.Tests.Accuracy;

/// <summary>
/// Every generated member of every built-in schedule (and of <see cref="UserCosine"/>) against the 50-digit golden
/// values of reference/schedule_golden_values.py over the whole range, ends included (docs/math.md §10.8).
/// </summary>
/// <remarks>
/// The bound is <see cref="Ulps"/> = 4 ulp of the reference value: each member is a short chain of correctly
/// rounded operations (+, *, /, sqrt: 1/2 ulp each) and library functions (exp, log, sin, cos, sinh, expm1,
/// log1p: about 1 ulp each) without cancellation, and a chain of n such operations whose intermediate results are
/// well conditioned errs by at most about n/2 ulp. A cancellation shows as many ulp at once: exp(u) - 1 at
/// u = 1e-6 loses 1e6 ulp, cos(x) near its zero loses 1/|cos x| times the argument's rounding. The argument t is
/// an exact double, so the condition number with respect to t excuses nothing by itself; it enters only through
/// <see cref="ExcusedByCondition"/>, listed member by member with the reason.
/// </remarks>
public sealed class GeneratedMemberAccuracyTests(ITestOutputHelper output)
{
    /// <summary>The bound in ulp of the reference for a member without a listed excuse.</summary>
    public const double Ulps = 4;

    public static TheoryData<string, string> Members()
    {
        var data = new TheoryData<string, string>();
        foreach (string schedule in GoldenValues.Schedules)
        {
            foreach (string member in MemberNames)
            {
                data.Add(schedule, member);
            }
        }

        return data;
    }

    private static readonly string[] MemberNames =
    [
        "Sigma", "SigmaDerivative", "Scale", "ScaleDerivative", "Drift", "Diffusion", "DiffusionSquared",
        "OdeStateCoefficient", "OdeDenoiserCoefficient", "TimeAtSigma",
    ];

    /// <summary>
    /// Members whose evaluation in double cannot avoid an error proportional to a condition number, with the
    /// reason; their bound is <see cref="Ulps"/> times max(1, cond) with cond from the script.
    /// </summary>
    private static readonly Dictionary<(string Schedule, string Member), string> ExcusedByCondition = Exponentials();

    /// <summary>
    /// VP and sub-VP exponentiate u = beta_min t + beta_d t^2/2, |u| up to 10: the rounding of u (about 1.5 |u| eps
    /// absolute) becomes about 1.5 |u| ulp of exp(u), and cond = |t m'/m| is about 2 |u| for these members. Only
    /// u in double-double would remove it. Listed are the members the test measured above 3 ulp (4 to 7 ulp near
    /// t = 1); the other members of VP and sub-VP, exponentials included, are held to the plain 4 ulp.
    /// </summary>
    private static Dictionary<(string, string), string> Exponentials()
    {
        const string reason = "exp(u) amplifies the rounding of u by |u|";
        var excused = new Dictionary<(string, string), string>();
        foreach (string member in new[] { "SigmaDerivative", "Scale", "OdeStateCoefficient" })
        {
            excused[("Vp", member)] = reason;
            excused[("SubVp", member)] = reason;
        }

        return excused;
    }

    /// <summary>
    /// Members emitted as a chain of more than 2 * <see cref="Ulps"/> rounded operations, with the count of the
    /// emitted code (each +, *, /, sqrt and library call, constants folded by C# not counted): their bound is the
    /// chain's a-priori n/2 ulp (remarks). Cosine's sigma'(t) = (pi/2) sin(p) cos(c)^2 / ((S + 1) sin(q)^3
    /// sqrt(sin(c + p) sin(r) / sin(q)^2)) with p, q, r linear in t is 24 operations (measured worst: 5 ulp).
    /// </summary>
    private static readonly Dictionary<(string Schedule, string Member), int> LongChains = new()
    {
        [("Cosine", "SigmaDerivative")] = 24,
    };

    [Theory]
    [MemberData(nameof(Members))]
    public void Generated_member_is_within_a_few_ulp_of_the_golden_value(string schedule, string member)
    {
        INoiseSchedule s = Schedule(schedule);
        bool excused = ExcusedByCondition.ContainsKey((schedule, member));
        var failures = new List<string>();
        double worst = 0, worstAt = double.NaN;
        foreach (GoldenValues.Point p in GoldenValues.Of(schedule, member))
        {
            double actual = Evaluate(s, member, p.Argument);
            double error = UlpError(actual, p.Value);
            double bound = excused ? Ulps * Math.Max(1, p.Condition) : LongChains.TryGetValue((schedule, member), out int operations) ? operations / 2.0 : Ulps;
            if (error > worst || double.IsNaN(error))
            {
                worst = error;
                worstAt = p.Argument;
            }

            if (!(error <= bound))
            {
                failures.Add($"{member}({p.Argument:R}) = {actual:R}, reference {p.Value:R}: {error:G3} ulp > {bound:G3} (cond {p.Condition:G3})");
            }
        }

        output.WriteLine(worst == 0
            ? $"{schedule}.{member}: exact at every point"
            : $"{schedule}.{member}: worst {worst:G3} ulp at {worstAt:R}{(excused ? " (excused to 4 max(1, cond))" : "")}");
        Assert.True(failures.Count == 0, $"{schedule}: {failures.Count} points off:\n" + string.Join("\n", failures));
    }

    public static TheoryData<string> ScheduleNames()
    {
        var data = new TheoryData<string>();
        foreach (string schedule in GoldenValues.Schedules)
        {
            data.Add(schedule);
        }

        return data;
    }

    /// <summary>
    /// sigma^-1(sigma(t)) = t over the range with the emitted sigma (docs/math.md §10.5): sigma(t) errs by at most
    /// 4 ulp (the test above), which the inverse turns into 4 cond ulp of t (cond = |sigma t'(sigma) / t| from the
    /// script), plus the inverse's own 4 ulp.
    /// </summary>
    [Theory]
    [MemberData(nameof(ScheduleNames))]
    public void Inverse_maps_the_emitted_sigma_back_to_t(string schedule)
    {
        INoiseSchedule s = Schedule(schedule);
        var failures = new List<string>();
        foreach ((GoldenValues.Point sigma, GoldenValues.Point inverse) in GoldenValues.Of(schedule, "Sigma").Zip(GoldenValues.Of(schedule, "TimeAtSigma")))
        {
            double t = sigma.Argument;
            double back = s.TimeAtSigma(s.Sigma(t));
            double bound = Ulps + Ulps * inverse.Condition;
            double error = UlpError(back, t);
            if (!(error <= bound))
            {
                failures.Add($"TimeAtSigma(Sigma({t:R})) = {back:R}: {error:G3} ulp > {bound:G3}");
            }
        }

        Assert.True(failures.Count == 0, $"{schedule}: {failures.Count} points off:\n" + string.Join("\n", failures));
    }

    /// <summary>|actual - reference| in ulp of the reference; exact zero must be exactly zero.</summary>
    internal static double UlpError(double actual, double reference)
    {
        if (reference == 0)
        {
            return actual == 0 ? 0 : double.PositiveInfinity;
        }

        double ulp = Math.BitIncrement(Math.Abs(reference)) - Math.Abs(reference);
        return Math.Abs(actual - reference) / ulp;
    }

    private static double Evaluate(INoiseSchedule s, string member, double x) => member switch
    {
        "Sigma" => s.Sigma(x),
        "SigmaDerivative" => s.SigmaDerivative(x),
        "Scale" => s.Scale(x),
        "ScaleDerivative" => s.ScaleDerivative(x),
        "Drift" => s.Drift(x),
        "Diffusion" => s.Diffusion(x),
        "DiffusionSquared" => s.DiffusionSquared(x),
        "OdeStateCoefficient" => s.OdeStateCoefficient(x),
        "OdeDenoiserCoefficient" => s.OdeDenoiserCoefficient(x),
        "TimeAtSigma" => s.TimeAtSigma(x),
        _ => throw new ArgumentOutOfRangeException(nameof(member), member, "not a schedule member"),
    };

    internal static INoiseSchedule Schedule(string name) => name switch
    {
        "Cosine" => default(Cosine),
        "Edm" => default(Edm),
        "RectifiedFlow" => default(RectifiedFlow),
        "SubVp" => default(SubVp),
        "Ve" => default(Ve),
        "Vp" => default(Vp),
        "UserCosine" => default(UserCosine),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a schedule of the golden values"),
    };
}
