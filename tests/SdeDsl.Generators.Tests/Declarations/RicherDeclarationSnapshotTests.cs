using System.Linq;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Declarations;

/// <summary>
/// Approval snapshots (files beside this test, *.approved.txt) of declarations with helpers, hyper-parameters and
/// piecewise functions (docs/math.md §18): what each construct becomes in the generated source.
/// </summary>
public sealed class RicherDeclarationSnapshotTests
{
    public static TheoryData<string> Names => new(RicherDeclarationSources.All.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Declaration(string name)
    {
        GeneratorRun run = GeneratorHarness.Run(RicherDeclarationSources.All[name]);
        run.Exception.ShouldBeNull();
        run.GeneratorDiagnostics.ShouldAllBe(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Info, string.Join("\n", run.GeneratorDiagnostics));
        run.CompilationProblems.ShouldBeEmpty();
        run.Sources.Values.Single().ShouldMatchApproved(c => c.WithDiscriminator(name).NoDiff());
    }
}
