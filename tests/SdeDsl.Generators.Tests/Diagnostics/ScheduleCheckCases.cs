using System.Collections.Generic;
using System.Linq;

namespace SdeDsl.Generators.Tests.Diagnostics;

/// <summary>
/// Schedules that compile but are not valid diffusion schedules, each with the method the compile-time
/// check must point at marked [|...|] and the t (as the message prints it) where it first goes wrong.
/// </summary>
public static class ScheduleCheckCases
{
    public static readonly IReadOnlyDictionary<string, (string Id, string Source, string FirstBadT)> All = new Dictionary<string, (string, string, string)>
    {
        // A sign error: sigma = t (1.2 - t) rises to t = 0.6 and then falls.
        ["SDE201_sigma_turns_down"] = ("SDE201", Declare("[Sigma] static double [|S|](double t) => t * (1.2 - t);"), "t = 0.60"),
        // s = 0.6 - t crosses zero at 0.6.
        ["SDE202_scale_crosses_zero"] = ("SDE202", Declare("[Sigma] static double S(double t) => t; [Scale] static double [|Scale_|](double t) => 0.6 - t;"), "s(0.60"),
        // sigma increases but is negative, so g^2 = 2 s^2 sigma' sigma < 0 from the start.
        ["SDE203_negative_sigma"] = ("SDE203", Declare("[Sigma] static double [|S|](double t) => t - 2;"), "g^2(0.0001)"),
        // sqrt(t - 0.25) is NaN below 0.25.
        ["SDE204_not_finite"] = ("SDE204", Declare("[Sigma] static double [|S|](double t) => Math.Sqrt(t - 0.25);"), "at t = 0.0001 "),
        // sigma(TMin) = 1.0001 is half of sigma(TMax) = 2.
        ["SDE205_starts_far_from_data"] = ("SDE205", Declare("[Sigma] static double [|S|](double t) => t + 1;"), "sigma(TMin) = 1.0001"),
        // A kink (docs/math.md §18): sigma = max(t, 2 t - 1/2) turns from slope 1 to slope 2 at t = 0.5.
        ["SDE206_kink_in_sigma"] = ("SDE206", Declare("[Sigma] static double [|S|](double t) => Math.Max(t, 2 * t - 0.5);"), "at t = 0.5"),
        // A jump: sigma = t below 0.5 and t + 1 above.
        ["SDE206_jump_in_sigma"] = ("SDE206", Declare("[Sigma] static double [|S|](double t) => t < 0.5 ? t : t + 1;"), "sigma jumps from 0.5 to 1.5"),
        // A kink in s (a clipped scale): s = min(1, 1.5 - t) bends at t = 0.5; sigma is smooth.
        ["SDE206_kink_in_scale"] = ("SDE206", Declare("[Sigma] static double S(double t) => t; [Scale] static double [|Scale_|](double t) => Math.Min(1, 1.5 - t);"), "s(t) is not differentiable at t = 0.5"),
    };

    public static IEnumerable<object[]> Names => All.Keys.Select(name => new object[] { name });

    private static string Declare(string body) => $$"""
        using System;
        using SdeDsl;

        namespace Tests;

        [NoiseSchedule(TMin = 1e-4, TMax = 1)]
        public partial struct Checked
        {
            {{body}}
        }
        """;
}
