using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Quickstart;
using SamplerShootout;
using ScheduleExplorer;
using Shouldly;
using Spectre.Console;
using Xunit;

namespace SdeDsl.Examples.Tests;

/// <summary>The three examples as command-line tools: help, exit codes, one-line errors, output checks, redirected output.</summary>
public sealed class CommandLineTests
{
    public static TheoryData<string> Apps => new(ExampleApp.ByName.Keys);

    /// <summary>Every option of every app with the default the app really uses (read from its options record).</summary>
    public static TheoryData<string, string, string> Defaults()
    {
        var q = new QuickstartOptions();
        var e = new ExplorerOptions();
        var s = new ShootoutOptions();
        return new TheoryData<string, string, string>
        {
            { "Quickstart", "samples", $"{q.Samples}" },
            { "Quickstart", "steps", $"{q.Steps}" },
            { "Quickstart", "out", q.Output },
            { "Quickstart", "seed", $"{q.Seed}" },
            { "ScheduleExplorer", "schedule", e.Schedule },
            { "ScheduleExplorer", "points", $"{e.Points}" },
            { "ScheduleExplorer", "steps", $"{e.Steps}" },
            { "ScheduleExplorer", "out", e.Output },
            { "SamplerShootout", "samples", $"{s.Samples}" },
            { "SamplerShootout", "max-steps", $"{s.MaxSteps}" },
            { "SamplerShootout", "out", s.Output },
            { "SamplerShootout", "seed", $"{s.Seed}" },
        };
    }

    [Theory]
    [MemberData(nameof(Defaults))]
    public void Help_lists_the_option_with_its_default(string app, string option, string value)
    {
        using var run = new ExampleRun();
        ExampleApp.ByName[app].Run(new[] { "--help" }, run.Console, run.Error).ShouldBe(0);
        run.Errors.ShouldBeEmpty();
        string[] lines = run.Output.Split('\n').Where(l => l.TrimStart().StartsWith($"--{option} ", StringComparison.Ordinal)).ToArray();
        lines.Length.ShouldBe(1, $"one help line for --{option}:\n{run.Output}");
        lines[0].ShouldContain($"(default: {value})");
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void Help_lists_exactly_the_options_and_runs_nothing(string app)
    {
        using var run = new ExampleRun();
        ExampleApp.ByName[app].Run(new[] { "--samples", "oops", "--help" }, run.Console, run.Error).ShouldBe(0, "--help wins over anything else");
        string[] listed = Regex.Matches(run.Output, @"^\s+--([a-z-]+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();
        string[] expected = Defaults().Where(row => (string)row[0] == app).Select(row => (string)row[1]).Append("help").ToArray();
        listed.ShouldBe(expected, ignoreOrder: true);
        run.Output.ShouldStartWith($"Usage: {app} [options]");
        Directory.Exists(run.OutputDirectory).ShouldBeFalse();
    }

    public static TheoryData<string, string, string> BadArguments => new()
    {
        { "Quickstart", "--sample 5", "unknown option '--sample'" },
        { "Quickstart", "--steps", "option '--steps' needs a value" },
        { "Quickstart", "--steps --samples 10", "option '--steps' needs a value" },
        { "Quickstart", "--steps 1", "--steps must be an integer from 2 to" },
        { "Quickstart", "--samples many", "--samples must be an integer" },
        { "Quickstart", "--samples 99999999999", "--samples must be an integer" },
        { "Quickstart", "--seed -1", "--seed must be an integer from 0" },
        { "Quickstart", "extra", "unexpected argument 'extra'" },
        { "Quickstart", "--out=", "--out must not be empty" },
        { "ScheduleExplorer", "--schedule Nope", "unknown schedule 'Nope'; known: ShiftedFlow, Edm, Ve, Vp, SubVp, Cosine, RectifiedFlow." },
        { "ScheduleExplorer", "--points 0", "--points must be an integer from 1 to" },
        { "ScheduleExplorer", "--steps=2", "--steps must be an integer from 3 to" },
        { "SamplerShootout", "--max-steps 2", "--max-steps must be an integer from 4 to" },
        { "SamplerShootout", "--max-steps 100000", "--max-steps must be an integer from 4 to 4096" },
        { "SamplerShootout", "--samples 1", "--samples must be an integer from 2 to" },
        { "SamplerShootout", "--steps 8", "unknown option '--steps'; options are --samples, --max-steps, --out, --seed, --help." },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void A_bad_argument_is_one_line_on_stderr_exit_2_and_nothing_done(string app, string args, string message)
    {
        using var run = new ExampleRun();
        ExampleApp.ByName[app].Run(args.Split(' '), run.Console, run.Error).ShouldBe(2);
        run.Output.ShouldBeEmpty("nothing is printed to standard output: the work did not start");
        string line = OneLine(run.Errors);
        line.ShouldStartWith($"{app}: ");
        line.ShouldContain(message);
    }

    public static TheoryData<string, string> Unwritable()
    {
        var data = new TheoryData<string, string>();
        foreach (string app in ExampleApp.ByName.Keys)
        {
            foreach (string kind in new[] { "under /proc", "parent is a file", "folder under a file", "png is a folder" })
            {
                data.Add(app, kind);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Unwritable))]
    public void An_unwritable_out_is_refused_before_any_work_with_one_line_and_exit_2(string app, string kind)
    {
        if (kind == "under /proc" && !OperatingSystem.IsLinux())
        {
            return;
        }

        using var run = new ExampleRun();
        Directory.CreateDirectory(run.OutputDirectory);
        string file = Path.Combine(run.OutputDirectory, "a-file");
        File.WriteAllText(file, "keep");
        Directory.CreateDirectory(Path.Combine(run.OutputDirectory, "taken.png"));
        (string output, string png) = kind switch
        {
            "under /proc" => ("/proc/nope/x.png", "/proc/nope/x.png"),
            "parent is a file" => (Path.Combine(file, "x.png"), Path.Combine(file, "x.png")),
            "folder under a file" => (Path.Combine(file, "sub"), Path.Combine(file, "sub", ExampleApp.ByName[app].DefaultPngName)),
            _ => (Path.Combine(run.OutputDirectory, "taken.png"), Path.Combine(run.OutputDirectory, "taken.png")),
        };

        // The default sizes: seconds of work for every app, none of which may start.
        ExampleApp.ByName[app].Run(new[] { "--out", output }, run.Console, run.Error).ShouldBe(2);
        run.Output.ShouldBeEmpty("the check comes before the work, which prints first");
        string line = OneLine(run.Errors);
        line.ShouldStartWith($"{app}: cannot write the plot to {png}: ");
        line.ShouldNotContain("--help", customMessage: "the command line was fine; the place is not");
        File.ReadAllText(file).ShouldBe("keep");
        Directory.GetFileSystemEntries(run.OutputDirectory).Select(Path.GetFileName).ShouldBe(new[] { "a-file", "taken.png" }, ignoreOrder: true);
        Directory.GetFileSystemEntries(Path.Combine(run.OutputDirectory, "taken.png")).ShouldBeEmpty();
    }

    [Fact]
    public void An_out_ending_in_png_is_the_file_itself()
    {
        using var run = new ExampleRun();
        string png = Path.Combine(run.OutputDirectory, "deeper", "mine.png");
        QuickstartApp.Run(new[] { "--samples", "200", "--steps", "6", "--out", png }, run.Console, run.Error).ShouldBe(0);
        run.Errors.ShouldBeEmpty();
        PngInfo.Dimensions(png).ShouldBe((QuickstartApp.PngWidth, QuickstartApp.PngHeight));
        Directory.GetFileSystemEntries(Path.GetDirectoryName(png)!).ShouldBe(new[] { png }, "the write probe leaves nothing behind");
        run.Output.ShouldContain(png);
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void A_console_that_is_not_a_terminal_gets_no_progress_bar(string app)
    {
        // Spectre would animate a live progress display on a console claiming ANSI and interaction; the apps
        // draw progress only on a real terminal, so even this console gets no bar, no percentage, no cursor movement.
        using var run = new ExampleRun();
        var writer = new StringWriter();
        IAnsiConsole capable = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(writer),
        });
        ExampleApp a = ExampleApp.ByName[app];
        a.Run(a.TinyArgs.Concat(new[] { "--out", run.OutputDirectory }).ToArray(), capable, run.Error).ShouldBe(0);
        ShouldHaveNoProgressArtefacts(writer.ToString(), allowEscapes: true);
        File.Exists(Path.Combine(run.OutputDirectory, a.TinyPngName)).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void The_program_with_redirected_output_writes_plain_text_without_progress_bars(string app)
    {
        using var run = new ExampleRun();
        Directory.CreateDirectory(run.OutputDirectory);
        ExampleApp a = ExampleApp.ByName[app];
        var terminal = new Dictionary<string, string> { ["TERM"] = "xterm-256color", ["COLORTERM"] = "truecolor" };
        var (exitCode, output, error) = a.Start(run.OutputDirectory, terminal, a.TinyArgs.Concat(new[] { "--out", "plots" }).ToArray());

        error.ShouldBeEmpty();
        exitCode.ShouldBe(0);
        ShouldHaveNoProgressArtefacts(output, allowEscapes: false);
        string png = Path.Combine(run.OutputDirectory, "plots", a.TinyPngName);
        output.Split('\n').ShouldContain(l => l.EndsWith(": " + png, StringComparison.Ordinal), "the path is printed on its line, not wrapped");
        File.Exists(png).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void The_program_refuses_an_unwritable_out_with_one_line_on_stderr_and_exit_2(string app)
    {
        using var run = new ExampleRun();
        Directory.CreateDirectory(run.OutputDirectory);
        string file = Path.Combine(run.OutputDirectory, "a-file");
        File.WriteAllText(file, "keep");
        var (exitCode, output, error) = ExampleApp.ByName[app].Start(run.OutputDirectory, null, "--out", Path.Combine(file, "x.png"));

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        OneLine(error).ShouldStartWith($"{app}: cannot write the plot to {Path.Combine(file, "x.png")}: ");
    }

    [Fact]
    public void The_program_reports_a_bad_option_in_one_line_and_exit_2()
    {
        using var run = new ExampleRun();
        Directory.CreateDirectory(run.OutputDirectory);
        var (exitCode, output, error) = ExampleApp.Quickstart.Start(run.OutputDirectory, null, "--samples", "lots");
        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        OneLine(error).ShouldBe("Quickstart: --samples must be an integer from 2 to 1000000; got 'lots'. (see --help)");
    }

    /// <summary>The text is exactly one line (with its line break) and returns it.</summary>
    private static string OneLine(string text)
    {
        text.ShouldEndWith(Environment.NewLine);
        string line = text[..^Environment.NewLine.Length];
        line.ShouldNotContain("\n", customMessage: $"one line only:\n{text}");
        line.ShouldNotContain("   at ", customMessage: "no stack trace");
        return line;
    }

    private static void ShouldHaveNoProgressArtefacts(string output, bool allowEscapes)
    {
        output.ShouldNotBeEmpty();
        output.ShouldNotContain("━", customMessage: "a progress bar's glyph");
        output.ShouldNotContain("%", customMessage: "a progress percentage");
        output.ShouldNotContain("\r", customMessage: "a redrawn line");
        output.ShouldNotContain("\u001b[?25l", customMessage: "the cursor hidden for an animation");
        output.ShouldNotContain("\u001b[1A", customMessage: "the cursor moved up to redraw");
        output.ShouldNotContain("\u001b[2K", customMessage: "a line erased to redraw");
        if (!allowEscapes)
        {
            output.ShouldNotContain("\u001b", customMessage: "no escape sequence at all in redirected output");
        }
    }
}
