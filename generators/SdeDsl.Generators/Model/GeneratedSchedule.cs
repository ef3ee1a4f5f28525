using SdeDsl.Generators.Collections;

namespace SdeDsl.Generators.Model;

/// <summary>The second pipeline stage's output: the source text to add (if any) and the diagnostics to report.</summary>
internal sealed record GeneratedSchedule(string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>One generated file: hint name and text.</summary>
internal sealed record GeneratedSource(string HintName, string Text);
