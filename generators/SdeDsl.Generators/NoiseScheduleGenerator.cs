using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SdeDsl.Generators.Collections;
using SdeDsl.Generators.Diagnostics;
using SdeDsl.Generators.Model;
using SdeDsl.Generators.Parsing;
using SdeDsl.Generators.Pipeline;

namespace SdeDsl.Generators;

/// <summary>
/// The SdeDsl source generator: for each <c>[NoiseSchedule]</c> type, parse the declared functions into
/// symbolic expressions, derive the rest (derivatives, drift, diffusion, inverse) and emit the
/// <c>INoiseSchedule</c> implementation. Stages: parse (symbols and syntax to plain data), generate
/// (symbolic derivation and emission), output.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NoiseScheduleGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // A type whose partial parts carry the attribute more than once (an error, CS0579) is seen once per part;
        // only the part with its first attribute is parsed, so one type never adds the same source twice.
        IncrementalValuesProvider<ScheduleModel> declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ScheduleParser.NoiseScheduleAttribute,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: static (context, cancellationToken) => ScheduleParser.IsFirstAttributedPart(context) ? ParseSafely(context, cancellationToken) : null)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Declarations);

        IncrementalValuesProvider<GeneratedSchedule> generated = declarations
            .Select(static (model, cancellationToken) => ScheduleGeneration.Generate(model, cancellationToken))
            .WithTrackingName(TrackingNames.Generated);

        // Sources depend on the schedule models alone, so an unrelated edit re-adds nothing.
        IncrementalValuesProvider<GeneratedSource> sources = generated
            .Where(static schedule => schedule.Source is not null)
            .Select(static (schedule, _) => new GeneratedSource(schedule.HintName, schedule.Source!))
            .WithTrackingName(TrackingNames.Sources);
        context.RegisterSourceOutput(sources, static (output, source) => output.AddSource(source.HintName, source.Text));

        // Diagnostics are reported at real source locations (found again in the current compilation by
        // file path), so #pragma warning disable and .editorconfig severities apply to them. Only this
        // cheap reporting step runs again when the compilation changes.
        IncrementalValueProvider<EquatableArray<DiagnosticInfo>> diagnostics = generated
            .SelectMany(static (schedule, _) => schedule.Diagnostics)
            .Collect()
            .Select(static (all, _) => all.ToEquatableArray())
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics.Combine(context.CompilationProvider), static (output, pair) =>
        {
            if (pair.Left.Count == 0)
            {
                return;
            }

            var trees = new Dictionary<string, SyntaxTree>();
            foreach (SyntaxTree tree in pair.Right.SyntaxTrees)
            {
                trees[tree.FilePath] = tree;
            }

            foreach (DiagnosticInfo diagnostic in pair.Left)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic(trees));
            }
        });
    }

    private static ScheduleModel? ParseSafely(GeneratorAttributeSyntaxContext context, System.Threading.CancellationToken cancellationToken)
    {
        try
        {
            return ScheduleParser.Parse(context, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            return ScheduleParser.Failed(context, exception);
        }
    }
}
