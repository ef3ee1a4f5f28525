using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Xunit;

namespace SdeDsl.Tests;

/// <summary>Every "docs/math.md §N" citation in the repository's code and docs names a section docs/math.md has.</summary>
public sealed partial class MathCitationTests
{
    private static string Root([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", ".."));

    [GeneratedRegex(@"math\.md\)?\s*§\s*(\d+(?:\.\d+)?)")]
    private static partial Regex Citation();

    [GeneratedRegex(@"^#+\s*§(\d+(?:\.\d+)?)\s", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [Fact]
    public void Every_citation_resolves_to_a_section()
    {
        string root = Root();
        var sections = Heading().Matches(File.ReadAllText(Path.Combine(root, "docs", "math.md"))).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Contains("7.10", sections);

        var files = new[] { "src", "generators", "tests", "examples", "benchmarks", "docs" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.*", SearchOption.AllDirectories))
            .Append(Path.Combine(root, "README.md"))
            .Where(f => f.EndsWith(".cs") || f.EndsWith(".md") || f.EndsWith(".approved.txt"))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));
        var unresolved = new List<string>();
        int count = 0;
        foreach (string file in files)
        {
            foreach (Match m in Citation().Matches(File.ReadAllText(file)))
            {
                count++;
                if (!sections.Contains(m.Groups[1].Value))
                {
                    unresolved.Add($"{Path.GetRelativePath(root, file)}: §{m.Groups[1].Value}");
                }
            }
        }

        Assert.True(count > 50, $"only {count} citations found: is the pattern right?");
        Assert.Empty(unresolved);
    }
}
