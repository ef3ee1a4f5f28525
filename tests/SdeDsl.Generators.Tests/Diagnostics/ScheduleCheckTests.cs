using System.Linq;
using Microsoft.CodeAnalysis;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Diagnostics;

public sealed class ScheduleCheckTests
{
    [Theory]
    [MemberData(nameof(ScheduleCheckCases.Names), MemberType = typeof(ScheduleCheckCases))]
    public void A_schedule_that_goes_wrong_gets_a_warning_at_its_method_naming_the_t(string name)
    {
        (string id, string marked, string firstBadT) = ScheduleCheckCases.All[name];
        Markup markup = Markup.Parse(marked);

        GeneratorRun run = GeneratorHarness.Run(markup.Source);

        run.Exception.ShouldBeNull();
        run.Sources.ShouldHaveSingleItem("a warning still generates the schedule");
        var warnings = run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).ToList();
        warnings.ShouldAllBe(d => d.Id.StartsWith("SDE2", System.StringComparison.Ordinal));
        Diagnostic first = warnings.First(d => d.Id == id); // a falling sigma also makes g^2 negative: both are reported
        first.Location.SourceSpan.ShouldBe(markup.Span);
        first.Location.IsInSource.ShouldBeTrue("a location in the compilation's own tree is what lets #pragma and .editorconfig suppress it");
        first.Location.SourceTree.ShouldBe(run.Input.SyntaxTrees.Single());
        first.GetMessage().ShouldContain(firstBadT);
        string.Join("\n", warnings.Select(w => w.ToString())).ShouldMatchApproved(c => c.WithDiscriminator(name).NoDiff());
    }

    [Theory]
    [InlineData("Edm")]
    [InlineData("Ve")]
    [InlineData("Vp")]
    [InlineData("SubVp")]
    public void The_built_in_schedules_pass_every_check(string name)
    {
        GeneratorRun run = GeneratorHarness.Run(RepositoryFiles.Read($"src/SdeDsl/Schedules/{name}.cs"));
        run.GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ShouldBeEmpty();
    }
}
