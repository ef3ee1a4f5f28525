using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SdeDsl.Generators.Diagnostics;
using SdeDsl.Generators.Emit;
using SdeDsl.Generators.Model;
using SdeDsl.Generators.Parsing;

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

        // All schedules are output together so hint names can be made unique: the compiler compares them
        // ignoring case (they are file names), so types Foo and foo of one namespace would otherwise collide
        // and the second AddSource would throw (CS8785, all generated code lost). Derivation stays per schedule
        // and cached; only this cheap step sees the whole set.
        context.RegisterSourceOutput(generated.Collect(), static (output, schedules) =>
        {
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (GeneratedSchedule schedule in schedules)
            {
                foreach (DiagnosticInfo diagnostic in schedule.Diagnostics)
                {
                    output.ReportDiagnostic(diagnostic.ToDiagnostic());
                }

                if (schedule.Source is not null)
                {
                    output.AddSource(UniqueHintName(schedule.HintName, used), schedule.Source);
                }
            }
        });
    }

    private static string UniqueHintName(string hintName, HashSet<string> used)
    {
        const string Suffix = ".g.cs";
        string stem = hintName.EndsWith(Suffix, StringComparison.Ordinal) ? hintName.Substring(0, hintName.Length - Suffix.Length) : hintName;
        string candidate = hintName;
        for (int i = 2; !used.Add(candidate); i++)
        {
            candidate = stem + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + Suffix;
        }

        return candidate;
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
