using System;
using System.ComponentModel;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using SdeDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace SdeDsl.Generators.Tests.Snapshots;

/// <summary>
/// The contract between generated code and the runtime: generated code names SdeDsl.INoiseSchedule (with its step
/// coefficient structs) and the types of SdeDsl.Generated only; those are hidden from IntelliSense; the generator's linked copies are internal.
/// </summary>
public sealed class GeneratedCodeContractTests
{
    [Fact]
    public void Generated_code_calls_only_INoiseSchedule_and_the_SdeDsl_Generated_namespace()
    {
        string[] snapshots = Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "tests/SdeDsl.Generators.Tests/Snapshots"), "*.approved.txt");
        Assert.NotEmpty(snapshots);
        var referenced = snapshots
            .SelectMany(file => Regex.Matches(File.ReadAllText(file), @"global::SdeDsl\.[A-Za-z0-9_.]+").Select(m => m.Value))
            .ToHashSet();
        Assert.Contains("global::SdeDsl.INoiseSchedule", referenced);
        // The step kernels' coefficient structs are the supported return types of INoiseSchedule's step members.
        string[] contract = { "global::SdeDsl.INoiseSchedule", "global::SdeDsl.StepCoefficients", "global::SdeDsl.HeunStepCoefficients" };
        Assert.All(contract, name => Assert.Contains(name, referenced));
        Assert.All(
            referenced.Where(name => !contract.Contains(name)),
            name => Assert.StartsWith("global::SdeDsl.Generated.", name, StringComparison.Ordinal));

        // Every type that generated code names exists, public, in the runtime.
        foreach (string name in referenced.Where(n => n.StartsWith("global::SdeDsl.Generated.", StringComparison.Ordinal)))
        {
            string typeName = string.Join('.', name["global::".Length..].Split('.').Take(3));
            Type? type = typeof(INoiseSchedule).Assembly.GetType(typeName);
            Assert.True(type is { IsPublic: true }, name + " must name a public runtime type");
        }
    }

    [Fact]
    public void Every_SdeDsl_Generated_type_is_hidden_and_says_it_is_for_generated_code()
    {
        Type[] types = typeof(INoiseSchedule).Assembly.GetExportedTypes().Where(t => t.Namespace == "SdeDsl.Generated").ToArray();
        Assert.Equal(new[] { "AccurateMath", "IIntegrand", "INestedIntegrand", "NestedQuadrature", "Quadrature", "ScheduleInversion", "ScheduleValidation" }, types.Select(t => t.Name).Order(StringComparer.Ordinal));
        string documentation = File.ReadAllText(Path.ChangeExtension(typeof(INoiseSchedule).Assembly.Location, ".xml"));
        foreach (Type type in types)
        {
            Assert.Equal(EditorBrowsableState.Never, type.GetCustomAttribute<EditorBrowsableAttribute>()?.State);
            Match summary = Regex.Match(documentation, "<member name=\"T:" + Regex.Escape(type.FullName!) + "\">\\s*<summary>(.*?)</summary>", RegexOptions.Singleline);
            Assert.True(summary.Success, type.FullName + " has no summary");
            Assert.Contains("For generated code only; not a supported API.", summary.Groups[1].Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_generator_s_linked_copies_are_internal()
    {
        Assembly generator = typeof(NoiseScheduleGenerator).Assembly;
        foreach (string name in new[] { "AccurateMath", "IIntegrand", "Quadrature" })
        {
            Type? type = generator.GetType("SdeDsl.Generated." + name);
            Assert.NotNull(type);
            Assert.False(type.IsPublic, name + " must be internal in the generator, or a project referencing both assemblies sees two");
        }

        Assert.DoesNotContain(generator.GetExportedTypes(), t => t.Namespace == "SdeDsl.Generated");
    }
}
