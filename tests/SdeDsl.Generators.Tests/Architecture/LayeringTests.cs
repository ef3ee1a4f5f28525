using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Architecture;

/// <summary>
/// The generator's folders follow its pipeline (docs/architecture.md): Parsing -> Derivation -> Emit, with no
/// import back up, and Symbolic/ is the algebra engine alone. Read from the sources: each file's using directives
/// and any namespace-qualified reference (Model.EquatableArray, SdeDsl.Generators.Emit.X) outside comments.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string GeneratorFolder = Path.Combine(RepositoryFiles.Root, "generators", "SdeDsl.Generators");

    public static IEnumerable<object[]> Rules =>
    [
        ["Parsing", new[] { "Derivation", "Emit", "Pipeline" }],
        ["Derivation", new[] { "Parsing", "Emit", "Pipeline" }],
        ["Emit", new[] { "Parsing", "Pipeline" }],
        ["Symbolic", new[] { "Model", "Parsing", "Derivation", "Emit", "Diagnostics", "Pipeline", "Contract" }],
        ["Collections", new[] { "Model", "Parsing", "Derivation", "Emit", "Diagnostics", "Pipeline", "Symbolic", "Contract" }],
        ["Contract", new[] { "Model", "Parsing", "Derivation", "Emit", "Diagnostics", "Pipeline", "Symbolic" }],
        ["Text", new[] { "Model", "Parsing", "Derivation", "Emit", "Diagnostics", "Pipeline", "Symbolic" }],
        ["Model", new[] { "Parsing", "Derivation", "Emit", "Pipeline" }],
    ];

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_folder_imports_nothing_further_down_or_up_the_pipeline_than_it_may(string folder, string[] forbidden)
    {
        string[] files = Directory.GetFiles(Path.Combine(GeneratorFolder, folder), "*.cs", SearchOption.AllDirectories);
        files.ShouldNotBeEmpty();
        var violations = new List<string>();
        foreach (string file in files)
        {
            foreach ((int number, string line) in Code(file))
            {
                foreach (string other in forbidden)
                {
                    if (Regex.IsMatch(line, @"^\s*(global\s+)?using\s+(static\s+)?(\w+\s*=\s*)?SdeDsl\.Generators\." + other + @"\b")
                        || Regex.IsMatch(line, @"(^|[^\w.])(SdeDsl\.Generators\.)?" + other + @"\.[A-Z]\w*"))
                    {
                        violations.Add($"{Path.GetRelativePath(GeneratorFolder, file)}:{number}: {line.Trim()}");
                    }
                }
            }
        }

        violations.ShouldBeEmpty($"{folder}/ must not import {string.Join(", ", forbidden)}");
    }

    [Fact]
    public void The_check_sees_a_using_line_and_a_qualified_name()
    {
        // The rule's own patterns, on the two forms it must catch, so the layering test cannot pass by matching nothing.
        Regex.IsMatch("using SdeDsl.Generators.Emit;", @"^\s*(global\s+)?using\s+(static\s+)?(\w+\s*=\s*)?SdeDsl\.Generators\.Emit\b").ShouldBeTrue();
        Regex.IsMatch("    public Model.EquatableArray<double> B { get; }", @"(^|[^\w.])(SdeDsl\.Generators\.)?Model\.[A-Z]\w*").ShouldBeTrue();
        Regex.IsMatch("SemanticModel.GetSymbolInfo(x)", @"(^|[^\w.])(SdeDsl\.Generators\.)?Model\.[A-Z]\w*").ShouldBeFalse();
        Regex.IsMatch("System.Diagnostics.Debug.Assert(x)", @"(^|[^\w.])(SdeDsl\.Generators\.)?Diagnostics\.[A-Z]\w*").ShouldBeFalse();
    }

    /// <summary>The file's lines with // comments (and so /// doc comments) removed, numbered from 1.</summary>
    private static IEnumerable<(int Number, string Line)> Code(string file)
        => File.ReadAllLines(file)
            .Select((line, i) => (i + 1, StripComment(line)))
            .Where(l => l.Item2.Trim().Length > 0);

    private static string StripComment(string line)
    {
        int comment = line.IndexOf("//", System.StringComparison.Ordinal);
        return comment >= 0 ? line.Substring(0, comment) : line;
    }
}
