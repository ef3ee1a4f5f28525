using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Spectre.Console;

namespace SdeDsl.Examples;

/// <summary>
/// The command line of one example: its options (with defaults), how they bind to the example's options record,
/// which PNG a run writes, and the run itself. <see cref="Run"/> is the one skeleton every example's
/// <c>Program.cs</c> goes through.
/// </summary>
/// <typeparam name="TOptions">The example's options record.</typeparam>
/// <param name="Name">The program's name, used in the usage line and as the prefix of error messages.</param>
/// <param name="Summary">What the program does, one line for the help.</param>
/// <param name="Options">Every option, in help order; each one's default is what the program uses without it.</param>
/// <param name="Bind">Builds the options record from parsed arguments; throws <see cref="ArgumentException"/> on a bad value.</param>
/// <param name="PngPath">The file a run with these options writes (checked for writability before the run).</param>
/// <param name="Execute">The run: prints to the console, writes the PNG.</param>
internal sealed record ExampleCommand<TOptions>(
    string Name,
    string Summary,
    IReadOnlyList<ExampleOption> Options,
    Func<ExampleArguments, TOptions> Bind,
    Func<TOptions, string> PngPath,
    Action<TOptions, IAnsiConsole> Execute)
{
    /// <summary>Exit code of a run that finished.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a run that failed while working (the PNG could not be written after all).</summary>
    public const int Failure = 1;

    /// <summary>Exit code of a bad command line: nothing was done.</summary>
    public const int Usage = 2;

    /// <summary>
    /// Parses <paramref name="args"/>; prints the help to <paramref name="console"/> and returns 0 on <c>--help</c>;
    /// on an unknown option, a bad value or an output that cannot be written prints one line to
    /// <paramref name="error"/> and returns 2 before any work is done; otherwise runs and returns 0 (or 1, with one
    /// line, if writing fails after all).
    /// </summary>
    public int Run(string[] args, IAnsiConsole console, TextWriter error)
    {
        TOptions options;
        string png;
        try
        {
            ExampleArguments parsed = ExampleArguments.Parse(args, Options);
            if (parsed.Help)
            {
                foreach (string line in HelpLines())
                {
                    console.Profile.Out.Writer.WriteLine(line);
                }

                console.Profile.Out.Writer.Flush();
                return Success;
            }

            options = Bind(parsed);
            png = PngPath(options);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"{Name}: {OneLine(e.Message)} (see --help)");
            return Usage;
        }

        if (OutputFile.WhyNotWritable(png) is { } problem)
        {
            error.WriteLine($"{Name}: {OneLine(problem)}");
            return Usage;
        }

        try
        {
            Execute(options, console);
            return Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{Name}: {OneLine(e.Message)}");
            return Failure;
        }
    }

    /// <summary>The help: usage, summary, and one line per option with its default.</summary>
    public IEnumerable<string> HelpLines()
    {
        yield return $"Usage: {Name} [options]";
        yield return Summary;
        yield return string.Empty;
        yield return "Options:";
        int width = Options.Max(o => o.Name.Length + o.Value.Length) + 4;
        foreach (ExampleOption option in Options)
        {
            yield return $"  {("--" + option.Name + " " + option.Value).PadRight(width)}  {option.Description} (default: {option.Default})";
        }

        yield return $"  {"--help".PadRight(width)}  show this help and exit";
        yield return string.Empty;
        yield return "Exit codes: 0 done, 1 the output could not be written, 2 bad command line (nothing done).";
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
