using System;
using SdeDsl.Samplers;
using Spectre.Console;

namespace SdeDsl.Examples;

/// <summary>Console helpers shared by the examples.</summary>
internal static class ExampleConsole
{
    /// <summary>Line width of redirected output: wide enough that no printed line (a path, a formula) is wrapped.</summary>
    public const int RedirectedWidth = 1000;

    /// <summary>
    /// The console <c>Program.cs</c> hands to the example: Spectre's own console on a terminal; when standard output
    /// is redirected (a file, a pipe, a test) a plain one, without colours, cursor movement or progress bars, that
    /// does not wrap lines at 80 columns.
    /// </summary>
    public static IAnsiConsole ForStandardOutput()
    {
        if (!Console.IsOutputRedirected)
        {
            return AnsiConsole.Console;
        }

        IAnsiConsole console = Plain(Console.Out);
        console.Profile.Width = RedirectedWidth;
        return console;
    }

    /// <summary>A console that writes plain text (no colours, no cursor movement) to <paramref name="writer"/>.</summary>
    public static IAnsiConsole Plain(System.IO.TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(writer),
    });

    /// <summary>
    /// True when <paramref name="console"/> is an interactive ANSI terminal, the only place a live progress bar
    /// belongs; elsewhere (redirected output, a plain console) nothing of a progress bar is written.
    /// </summary>
    public static bool ShowsProgress(IAnsiConsole console) =>
        console.Profile.Capabilities is { Ansi: true, Interactive: true } && console.Profile.Out.IsTerminal;

    /// <summary>
    /// Runs <paramref name="work"/> with live progress bars on a terminal, or with bars that draw nothing when
    /// <see cref="ShowsProgress"/> is false.
    /// </summary>
    public static void WithProgress(IAnsiConsole console, Action<ProgressBars> work)
    {
        if (!ShowsProgress(console))
        {
            work(new ProgressBars(null));
            return;
        }

        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context => work(new ProgressBars(context)));
    }
}

/// <summary>Adds progress bars to a live display, or nothing when there is none.</summary>
internal sealed class ProgressBars
{
    private readonly ProgressContext? _context;

    internal ProgressBars(ProgressContext? context) => _context = context;

    /// <summary>A bar for <paramref name="description"/> with <paramref name="total"/> units of work.</summary>
    public ProgressBar Add(string description, double total) => new(_context?.AddTask(description, maxValue: total));
}

/// <summary>One progress bar (possibly one that draws nothing).</summary>
internal sealed class ProgressBar
{
    private readonly ProgressTask? _task;

    internal ProgressBar(ProgressTask? task) => _task = task;

    /// <summary>
    /// The sampler's per-step callback (<c>onStep</c>) that moves this bar: after step i of n the bar shows i + 1 of n.
    /// Null when the bar draws nothing, so the sampler makes no calls at all.
    /// </summary>
    public StepCallback<double>? OnStep
    {
        get
        {
            ProgressTask? task = _task;
            if (task is null)
            {
                return null;
            }

            return step =>
            {
                task.MaxValue = step.StepCount;
                task.Value = step.StepIndex + 1;
            };
        }
    }

    /// <summary>Advances the bar by one unit.</summary>
    public void Increment() => _task?.Increment(1);

    /// <summary>Fills the bar.</summary>
    public void Complete()
    {
        if (_task is not null)
        {
            _task.Value = _task.MaxValue;
        }
    }
}
