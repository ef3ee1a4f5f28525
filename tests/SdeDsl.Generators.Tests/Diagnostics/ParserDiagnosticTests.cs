using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Diagnostics;

/// <summary>
/// The parser diagnostics of issue 17: integer division (SDE020), a misspelt constant inside a Math call (SDE009 at
/// the name) and every form of hand-written generated member (SDE012), each asserted by id, severity, full message
/// and the exact span marked [|...|].
/// </summary>
public sealed class ParserDiagnosticTests
{
    public static readonly IReadOnlyDictionary<string, (string Id, DiagnosticSeverity Severity, string Message, string Source)> Cases =
        new Dictionary<string, (string, DiagnosticSeverity, string, string)>
        {
            ["SDE020_literals"] = ("SDE020", DiagnosticSeverity.Warning,
                "'1 / 2' is integer division and equals 0; write 1.0 / 2",
                Declare("IntLiterals", "[Sigma] static double S(double t) => t + [|1 / 2|] * t;")),
            ["SDE020_const_ints"] = ("SDE020", DiagnosticSeverity.Warning,
                "'A / B' is integer division and equals 1; write (double)A / B",
                Declare("IntConstants", "const int A = 3, B = 2; [Sigma] static double S(double t) => [|A / B|] * t;")),
            ["SDE020_parenthesised_sum"] = ("SDE020", DiagnosticSeverity.Warning,
                "'(1 + 2) / 2' is integer division and equals 1; write (double)(1 + 2) / 2",
                Declare("IntSum", "[Sigma] static double S(double t) => [|(1 + 2) / 2|] * t;")),
            ["SDE020_inner_division_of_an_exact_one"] = ("SDE020", DiagnosticSeverity.Warning,
                "'7 / 2' is integer division and equals 3; write 7.0 / 2",
                Declare("IntNested", "[Sigma] static double S(double t) => t * (([|7 / 2|]) / 3);")),
            ["SDE020_long_inside_a_math_call"] = ("SDE020", DiagnosticSeverity.Warning,
                "'-3L / 2' is integer division and equals -1; write -3.0 / 2",
                Declare("IntInCall", "[Sigma] static double S(double t) => Math.Exp(t) - Math.Exp([|-3L / 2|] * 0);")),
            ["SDE009_misspelt_constant_in_exp"] = ("SDE009", DiagnosticSeverity.Error,
                "'Bta' cannot be used in a schedule expression: the name is not known here",
                Declare("MisspeltExp", "const double Beta = 2; [Sigma] static double S(double t) => Math.Exp([|Bta|] * t) - 1;")),
            ["SDE009_misspelt_constant_in_overloaded_abs"] = ("SDE009", DiagnosticSeverity.Error,
                "'Bta' cannot be used in a schedule expression: the name is not known here",
                Declare("MisspeltAbs", "const double Beta = 2; [Sigma] static double S(double t) => t + Math.Abs([|Bta|] - t);")),
            ["SDE009_misspelt_constant_in_two_argument_log"] = ("SDE009", DiagnosticSeverity.Error,
                "'Bta' cannot be used in a schedule expression: the name is not known here",
                Declare("MisspeltLog", "const double Beta = 2; [Sigma] static double S(double t) => Math.Log(1 + t, [|Bta|]);")),
            ["SDE009_misspelt_constant_in_pow"] = ("SDE009", DiagnosticSeverity.Error,
                "'Bta' cannot be used in a schedule expression: the name is not known here",
                Declare("MisspeltPow", "const double Beta = 2; [Sigma] static double S(double t) => Math.Pow(t, 1 + [|Bta|]);")),
            ["SDE012_explicit_sigma"] = ("SDE012", DiagnosticSeverity.Error,
                "'INoiseSchedule.Sigma' collides with the member SdeDsl generates for noise schedule 'ExplicitSigma'; rename or remove it",
                Declare("ExplicitSigma : INoiseSchedule", "[Sigma] static double S(double t) => t; double INoiseSchedule.[|Sigma|](double t) => t;")),
            ["SDE012_explicit_property"] = ("SDE012", DiagnosticSeverity.Error,
                "'INoiseSchedule.TMin' collides with the member SdeDsl generates for noise schedule 'ExplicitTMin'; rename or remove it",
                Declare("ExplicitTMin : INoiseSchedule", "[Sigma] static double S(double t) => t; double INoiseSchedule.[|TMin|] => 0.1;")),
            ["SDE012_explicit_step_coefficients"] = ("SDE012", DiagnosticSeverity.Error,
                "'INoiseSchedule.EulerStepCoefficients' collides with the member SdeDsl generates for noise schedule 'ExplicitEuler'; rename or remove it",
                Declare("ExplicitEuler : INoiseSchedule", "[Sigma] static double S(double t) => t; StepCoefficients INoiseSchedule.[|EulerStepCoefficients|](double t, double tNext) => default;")),
            ["SDE012_same_signature_method"] = ("SDE012", DiagnosticSeverity.Error,
                "'Sigma' collides with the member SdeDsl generates for noise schedule 'SameMethod'; rename or remove it",
                Declare("SameMethod", "[Sigma] static double S(double t) => t; public double [|Sigma|](double t) => t;")),
            ["SDE012_overload_with_other_parameters"] = ("SDE012", DiagnosticSeverity.Error,
                "'Sigma' collides with the member SdeDsl generates for noise schedule 'Overload'; rename or remove it",
                Declare("Overload", "[Sigma] static double S(double t) => t; public double [|Sigma|](float t) => t;")),
            ["SDE012_declared_method_named_like_a_member"] = ("SDE012", DiagnosticSeverity.Error,
                "'Sigma' collides with the member SdeDsl generates for noise schedule 'RoleNamedSigma'; rename or remove it",
                Declare("RoleNamedSigma", "[Sigma] static double [|Sigma|](double t) => t;")),
            ["SDE012_property_named_like_a_method"] = ("SDE012", DiagnosticSeverity.Error,
                "'Scale' collides with the member SdeDsl generates for noise schedule 'PropertyScale'; rename or remove it",
                Declare("PropertyScale", "[Sigma] static double S(double t) => t; public double [|Scale|] => 1;")),
            ["SDE012_method_named_like_a_property"] = ("SDE012", DiagnosticSeverity.Error,
                "'TMax' collides with the member SdeDsl generates for noise schedule 'MethodTMax'; rename or remove it",
                Declare("MethodTMax", "[Sigma] static double S(double t) => t; public double [|TMax|]() => 1;")),
            ["SDE012_field"] = ("SDE012", DiagnosticSeverity.Error,
                "'IsScaleIdentity' collides with the member SdeDsl generates for noise schedule 'Field'; rename or remove it",
                Declare("Field", "[Sigma] static double S(double t) => t; public static readonly bool [|IsScaleIdentity|] = true;")),
            ["SDE012_const"] = ("SDE012", DiagnosticSeverity.Error,
                "'Drift' collides with the member SdeDsl generates for noise schedule 'ConstDrift'; rename or remove it",
                Declare("ConstDrift", "const double [|Drift|] = 2; [Sigma] static double S(double t) => t;")),
            ["SDE012_nested_type"] = ("SDE012", DiagnosticSeverity.Error,
                "'Diffusion' collides with the member SdeDsl generates for noise schedule 'Nested'; rename or remove it",
                Declare("Nested", "[Sigma] static double S(double t) => t; public struct [|Diffusion|] { }")),
            ["SDE012_event"] = ("SDE012", DiagnosticSeverity.Error,
                "'TimeAtSigma' collides with the member SdeDsl generates for noise schedule 'Event'; rename or remove it",
                Declare("Event", "[Sigma] static double S(double t) => t; public event System.Action? [|TimeAtSigma|];")),
            ["SDE012_type_parameter"] = ("SDE012", DiagnosticSeverity.Error,
                "'Scale' collides with the member SdeDsl generates for noise schedule 'Generic'; rename or remove it",
                Declare("Generic<[|Scale|]>", "[Sigma] static double S(double t) => t;")),
            ["SDE012_type_itself"] = ("SDE012", DiagnosticSeverity.Error,
                "'Drift' collides with the member SdeDsl generates for noise schedule 'Drift'; rename or remove it",
                Declare("[|Drift|]", "[Sigma] static double S(double t) => t;")),
        };

    public static IEnumerable<object[]> Names => Cases.Keys.Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_parser_diagnostic_has_its_id_severity_message_and_span(string name)
    {
        (string id, DiagnosticSeverity severity, string message, string marked) = Cases[name];
        Markup markup = Markup.Parse(marked);

        GeneratorRun run = GeneratorHarness.Run(markup.Source);

        run.Exception.ShouldBeNull();
        Diagnostic diagnostic = run.GeneratorDiagnostics.Where(d => d.Id.StartsWith("SDE0", System.StringComparison.Ordinal)).ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe(id);
        diagnostic.Severity.ShouldBe(severity);
        diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(message);
        diagnostic.Location.SourceSpan.ShouldBe(markup.Span, $"'{markup.Source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length)}' was marked instead");
        if (severity == DiagnosticSeverity.Error)
        {
            run.Sources.ShouldBeEmpty("a schedule with an error generates nothing rather than something wrong");
        }
        else
        {
            run.Sources.ShouldHaveSingleItem("a warning does not stop generation");
            run.CompilationProblems.ShouldBeEmpty();
        }
    }

    [Fact]
    public void Integer_division_keeps_the_value_CSharp_computes()
    {
        // sigma(t) = t + (1 / 2) * t is t in C# (1 / 2 is the int 0): the generated Sigma must agree exactly.
        GeneratorRun run = GeneratorHarness.Run(Declare("KeepsZero", "[Sigma] static double S(double t) => t + 1 / 2 * t;"));
        run.Schedule("Tests.KeepsZero").Sigma(0.5).ShouldBe(0.5);
    }

    [Theory]
    [InlineData("t / 2")]        // t is double: a double division
    [InlineData("4 / 2 * t")]    // exact: C# and real division agree
    [InlineData("1.0 / 2 * t")]
    [InlineData("(double)1 / 2 * t")]
    [InlineData("1 / 2.0 * t")]
    [InlineData("1f / 2 * t")]   // float division, not truncated (refused or kept by the float rules, never SDE020)
    public void Divisions_that_do_not_truncate_get_no_SDE020(string sigma)
    {
        GeneratorRun run = GeneratorHarness.Run(Declare("NoWarning", "[Sigma] static double S(double t) => " + sigma + ";"));
        run.GeneratorDiagnostics.ShouldNotContain(d => d.Id == "SDE020");
    }

    [Fact]
    public void A_misspelt_constant_in_a_call_gets_the_compilers_error_and_one_SDE009_at_the_same_name()
    {
        // CS0103 from the compiler and SDE009 from the generator point at the same token; there is no SDE008 at the call.
        Markup markup = Markup.Parse(Declare("Misspelt", "const double Beta = 2; [Sigma] static double S(double t) => Math.Exp([|Bta|] * t) - 1;"));
        GeneratorRun run = GeneratorHarness.Run(markup.Source);

        run.Input.GetDiagnostics().ShouldContain(d => d.Id == "CS0103" && d.Location.SourceSpan == markup.Span);
        run.GeneratorDiagnostics.Select(d => d.Id).ShouldBe(new[] { "SDE009" });
    }

    [Fact]
    public void Methods_and_members_of_other_names_and_other_interfaces_do_not_collide()
    {
        string source = Declare(
            "Fine : IOther",
            "[Sigma] static double S(double t) => t; public double SigmaOf(double t) => t; double IOther.Sigma(double t) => 2 * t; public double Tmin => 0;")
            + "\nnamespace Tests { public interface IOther { double Sigma(double t); } }";
        GeneratorRun run = GeneratorHarness.Run(source);
        run.GeneratorDiagnostics.ShouldNotContain(d => d.Id == "SDE012");
        run.Sources.ShouldHaveSingleItem();
        run.CompilationProblems.ShouldBeEmpty();
    }

    private static string Declare(string nameAndBase, string body) => $$"""
        using System;
        using SdeDsl;

        namespace Tests
        {
            [NoiseSchedule(TMin = 1e-3, TMax = 1)]
            public partial struct {{nameAndBase}}
            {
                {{body}}
            }
        }
        """;
}
