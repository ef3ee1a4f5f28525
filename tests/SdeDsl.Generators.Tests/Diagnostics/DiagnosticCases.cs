using System.Collections.Generic;
using System.Linq;

namespace SdeDsl.Generators.Tests.Diagnostics;

/// <summary>
/// One minimal bad declaration per diagnostic, with the span the diagnostic must point at marked [|...|].
/// </summary>
public static class DiagnosticCases
{
    public static readonly IReadOnlyDictionary<string, (string Id, string Source)> All = new Dictionary<string, (string, string)>
    {
        ["SDE001_type_not_partial"] = ("SDE001", Declare("public struct [|NotPartial|]", "[Sigma] static double S(double t) => t;")),
        ["SDE001_container_not_partial"] = ("SDE001", """
            using SdeDsl;
            namespace Tests;
            public class [|Outer|]
            {
                [NoiseSchedule(TMin = 0.1, TMax = 1)]
                public partial struct Inner
                {
                    [Sigma] static double S(double t) => t;
                }
            }
            """),
        ["SDE002_nothing_declared"] = ("SDE002", Declare("public partial struct [|Empty|]", "static double S(double t) => t;")),
        ["SDE003_mixed_pairs"] = ("SDE003", Declare(
            "public partial struct [|Mixed|]",
            "[Sigma] static double S(double t) => t; [Drift] static double F(double t) => -t; [Diffusion] static double G(double t) => 1;")),
        ["SDE004_scale_without_sigma"] = ("SDE004", Declare("public partial struct [|OnlyScale|]", "[Scale] static double S(double t) => 1 - t;")),
        ["SDE004_drift_without_diffusion"] = ("SDE004", Declare("public partial struct [|OnlyDrift|]", "[Drift] static double F(double t) => -t;")),
        ["SDE005_sigma_twice"] = ("SDE005", Declare(
            "public partial struct Twice",
            "[Sigma] static double A(double t) => t; [Sigma] static double [|B|](double t) => 2 * t;")),
        ["SDE006_wrong_signature"] = ("SDE006", Declare("public partial struct Signature", "[Sigma] static double [|S|](float t) => t;")),
        ["SDE006_two_parameters"] = ("SDE006", Declare("public partial struct Signature", "[Sigma] static double [|S|](double t, double u) => t;")),
        ["SDE007_block_body"] = ("SDE007", Declare("public partial struct Block", "[Sigma] static double [|S|](double t) { double x = t; return x; }")),
        ["SDE008_conditional_equality"] = ("SDE008", Declare("public partial struct Conditional", "[Sigma] static double S(double t) => [|t == 1|] ? t : 1;")),
        ["SDE008_floor"] = ("SDE008", Declare("public partial struct Floor", "[Sigma] static double S(double t) => 1 + [|Math.Floor(t)|];")),
        ["SDE008_remainder"] = ("SDE008", Declare("public partial struct Remainder", "[Sigma] static double S(double t) => 2 * [|(t % 3)|];".Replace("[|(t % 3)|]", "([|t % 3|])"))),
        ["SDE008_other_type_call"] = ("SDE008", Declare("public partial struct Helper", "[Sigma] static double S(double t) => [|Other.Twice(t)|]; static class Other { public static double Twice(double t) => 2 * t; }")),
        ["SDE016_recursive_helper"] = ("SDE016", Declare("public partial struct Recursive", "[Sigma] static double S(double t) => 1 + H(t); static double H(double t) => t + [|H(t / 2)|];")),
        ["SDE016_mutually_recursive_helpers"] = ("SDE016", Declare("public partial struct Mutual", "[Sigma] static double S(double t) => A(t); static double A(double t) => 2 * B(t); static double B(double t) => t * [|A(t)|];")),
        ["SDE017_helper_block_body"] = ("SDE017", Declare("public partial struct Block", "[Sigma] static double S(double t) => [|H(t)|]; static double H(double t) { double x = t; return x; }")),
        ["SDE017_helper_int_parameter"] = ("SDE017", Declare("public partial struct IntHelper", "[Sigma] static double S(double t) => [|H(t, 2)|]; static double H(double t, int n) => n * t;")),
        ["SDE018_hyper_parameter_without_default"] = ("SDE018", Declare("public partial struct NoDefault(double [|rate|])", "[Sigma] double S(double t) => rate * t;")),
        ["SDE018_readonly_field_without_initializer"] = ("SDE018", Declare("public partial struct NoInitializer", "readonly double [|rate|]; public NoInitializer(double r) { rate = r; } [Sigma] double S(double t) => rate * t;")),
        ["SDE019_piecewise_quadrature_with_hyper_parameter"] = ("SDE019", Declare(
            "public partial struct MovingSwitch(double cut = 0.25)",
            "[Drift] static double F(double t) => 0; [Diffusion] double [|G|](double t) => Math.Sqrt(t * t < cut ? 1 : 2);")),
        ["SDE018_hyper_parameter_named_sigma"] = ("SDE018", Declare("public partial struct NamedSigma(double [|sigma|] = 1)", "[Sigma] double S(double t) => sigma * t;")),
        ["SDE009_mutable_instance_field"] = ("SDE009", Declare("public partial struct InstanceField", "double rate; [Sigma] double S(double t) => [|rate|] * t;")),
        ["SDE009_mutable_static"] = ("SDE009", Declare("public partial struct MutableStatic", "static double Rate = 2; [Sigma] static double S(double t) => [|Rate|] * t;")),
        ["SDE009_unknown_name"] = ("SDE009", Declare("public partial struct Unknown", "[Sigma] static double S(double t) => [|Nowhere|] * t;")),
        ["SDE010_range_reversed"] = ("SDE010", """
            using SdeDsl;
            namespace Tests;
            [NoiseSchedule[|(TMin = 1, TMax = 0.5)|]]
            public partial struct Reversed
            {
                [Sigma] static double S(double t) => t;
            }
            """),
        ["SDE011_range_missing"] = ("SDE011", """
            using SdeDsl;
            namespace Tests;
            [[|NoiseSchedule(TMin = 1)|]]
            public partial struct NoEnd
            {
                [Sigma] static double S(double t) => t;
            }
            """),
        ["SDE012_name_collision"] = ("SDE012", Declare(
            "public partial struct Collides",
            "[Sigma] static double S(double t) => t; public static double [|Drift|] => 0;")),
        ["SDE013_static_type"] = ("SDE013", Declare("public static partial class [|Static|]", "[Sigma] static double S(double t) => t;")),
        ["SDE015_class"] = ("SDE015", Declare("public sealed partial class [|AClass|]", "[Sigma] static double S(double t) => t;")),
        ["SDE015_generic_record_class"] = ("SDE015", Declare("public partial record [|ARecord|]<T>", "[Sigma] static double S(double t) => t;")),
        ["SDE015_interface"] = ("SDE015", Declare("public partial interface [|ISchedule|]", "[Sigma] static double S(double t) => t;")),
        ["SDE014_too_deep"] = ("SDE014", Declare(
            "public partial struct Deep",
            "[Sigma] static double S(double t) => " + new string('(', 129) + "[|" + new string('(', 71) + "t" + new string(')', 71) + "|]" + new string(')', 129) + ";")),
    };

    public static IEnumerable<object[]> Names => All.Keys.Select(name => new object[] { name });

    private static string Declare(string header, string body) => $$"""
        using System;
        using SdeDsl;

        namespace Tests;

        [NoiseSchedule(TMin = 0.1, TMax = 1)]
        {{header}}
        {
            {{body}}
        }
        """;
}
