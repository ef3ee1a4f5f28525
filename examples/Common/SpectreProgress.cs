using System;
using SdeDsl.Samplers;
using Spectre.Console;

namespace SdeDsl.Examples;

/// <summary>Forwards a sampler's per-step reports to a Spectre.Console progress task, synchronously.</summary>
internal sealed class SpectreProgress : IProgress<SamplingProgress>
{
    private readonly ProgressTask _task;

    public SpectreProgress(ProgressTask task) => _task = task;

    public void Report(SamplingProgress value) => _task.Increment(1);
}

/// <summary>Console helpers shared by the examples.</summary>
internal static class ExampleConsole
{
    /// <summary>A console that writes plain text (no colours, no cursor movement) to <paramref name="writer"/>: what tests read.</summary>
    public static IAnsiConsole Plain(System.IO.TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(writer),
    });

    /// <summary>The standard progress display: description, bar, percentage, elapsed time.</summary>
    public static Progress Progress(IAnsiConsole console) => console.Progress()
        .AutoClear(false)
        .HideCompleted(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn());
}
