using System.IO;
using System.Linq;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Robustness;

/// <summary>Hint names become file names with EmitCompilerGeneratedFiles, so they are capped and stay unique.</summary>
public sealed class HintNameTests
{
    /// <summary>Where the SDK writes generated files below the project with EmitCompilerGeneratedFiles.</summary>
    private const string GeneratedFolder = "obj/Release/net10.0/generated/SdeDsl.Generators/SdeDsl.Generators.NoiseScheduleGenerator";

    [Fact]
    public void A_248_character_nested_generic_type_name_gets_a_capped_hint_name_that_can_be_written_to_disk()
    {
        // Two schedules whose 248-character names differ only in the last character: capped names must still differ.
        string first = LongName('A'), second = LongName('B');
        string source = "using SdeDsl; namespace N; public partial class Outer { "
                        + "[NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct " + first + "<T> { [Sigma] static double S(double t) => t; } "
                        + "[NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct " + second + "<T> { [Sigma] static double S(double t) => 2 * t; } }";

        GeneratorRun run = GeneratorHarness.Run(source);

        run.Exception.ShouldBeNull();
        run.GenerationProblems.ShouldBeEmpty();
        run.CompilationProblems.ShouldBeEmpty();
        run.Sources.Count.ShouldBe(2);
        foreach (string hint in run.Sources.Keys)
        {
            hint.Length.ShouldBeLessThanOrEqualTo(100);
            hint.ShouldStartWith("N.Outer." + first.Substring(0, 20)); // a readable prefix of the full name
            hint.ShouldEndWith(".g.cs");
        }

        run.Sources.Keys.Select(k => k.ToUpperInvariant()).Distinct().Count().ShouldBe(2, "hint names are compared ignoring case");

        // What EmitCompilerGeneratedFiles does: before the cap, a 260-character file name threw PathTooLongException here.
        string project = Directory.CreateTempSubdirectory("sdedsl-hint").FullName;
        try
        {
            foreach ((string hint, string text) in run.Sources)
            {
                string path = Path.Combine(project, GeneratedFolder, hint);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
                File.ReadAllText(path).ShouldBe(text);
            }
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    [Fact]
    public void Short_names_keep_their_plain_hint_name()
    {
        GeneratorRun run = GeneratorHarness.Run(TestSources.BySigma("Plain", "t"));
        run.Sources.Keys.ShouldBe(new[] { "Tests.Plain.g.cs" });
    }

    [Fact]
    public void The_capped_hint_name_is_stable_across_runs()
    {
        string source = "using SdeDsl; namespace N; [NoiseSchedule(TMin = 0.1, TMax = 1)] public partial struct " + LongName('C') + " { [Sigma] static double S(double t) => t; }";
        GeneratorHarness.Run(source).Sources.Keys.ShouldBe(GeneratorHarness.Run(source).Sources.Keys);
    }

    /// <summary>An identifier of 248 characters ending in <paramref name="last"/>.</summary>
    private static string LongName(char last)
    {
        string name = "VeryLongScheduleName" + new string('x', 248 - 21) + last;
        name.Length.ShouldBe(248);
        return name;
    }
}
