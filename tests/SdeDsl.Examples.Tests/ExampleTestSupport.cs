using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Spectre.Console;

namespace SdeDsl.Examples.Tests;

/// <summary>A temporary output folder, a plain-text console and an error writer whose output the test can read.</summary>
public sealed class ExampleRun : IDisposable
{
    private readonly StringWriter _writer = new();
    private readonly StringWriter _error = new();

    public ExampleRun()
    {
        OutputDirectory = Path.Combine(Path.GetTempPath(), "sdedsl-examples-" + Guid.NewGuid().ToString("N"));
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_writer),
        });
        Console.Profile.Width = 120;
    }

    public string OutputDirectory { get; }

    public IAnsiConsole Console { get; }

    /// <summary>What was written to the console (standard output).</summary>
    public string Output => _writer.ToString();

    /// <summary>The writer the apps get as standard error.</summary>
    public TextWriter Error => _error;

    /// <summary>What was written to standard error.</summary>
    public string Errors => _error.ToString();

    public void Dispose()
    {
        if (Directory.Exists(OutputDirectory))
        {
            Directory.Delete(OutputDirectory, recursive: true);
        }
    }
}

/// <summary>One example app as the tests drive it: its command-line entry point and how it is started as a program.</summary>
/// <param name="Name">The program's name (also its assembly's and the prefix of its error messages).</param>
/// <param name="Run">The in-process entry point, <c>XxxApp.Run(args, console, error)</c>.</param>
/// <param name="TinyArgs">Arguments for a run that takes well under a second.</param>
/// <param name="TinyPngName">The file name the tiny run writes inside an <c>--out</c> folder.</param>
/// <param name="DefaultPngName">The file name a run with the default options writes inside an <c>--out</c> folder.</param>
public sealed record ExampleApp(string Name, Func<string[], IAnsiConsole, TextWriter, int> Run, string[] TinyArgs, string TinyPngName, string DefaultPngName)
{
    public static readonly ExampleApp Quickstart = new(
        "Quickstart", global::Quickstart.QuickstartApp.Run, new[] { "--samples", "200", "--steps", "6" }, "quickstart.png", "quickstart.png");

    public static readonly ExampleApp Explorer = new(
        "ScheduleExplorer", global::ScheduleExplorer.ExplorerApp.Run, new[] { "--schedule", "Edm", "--points", "2", "--steps", "8" },
        "explorer-Edm.png", "explorer-ShiftedFlow.png");

    public static readonly ExampleApp Shootout = new(
        "SamplerShootout", global::SamplerShootout.ShootoutApp.Run, new[] { "--samples", "16", "--max-steps", "8" }, "shootout.png", "shootout.png");

    public static IReadOnlyDictionary<string, ExampleApp> ByName { get; } =
        new[] { Quickstart, Explorer, Shootout }.ToDictionary(a => a.Name);

    public override string ToString() => Name;

    /// <summary>
    /// Starts the built program (the app's dll beside the tests, on the same dotnet host) with standard output and
    /// error redirected, as a shell pipe or file would; returns the exit code and both streams.
    /// </summary>
    public (int ExitCode, string Output, string Error) Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, Name + ".dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{Name} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Name} {string.Join(' ', args)} did not finish in 120 s.");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        // The runtime directory is <root>/shared/Microsoft.NETCore.App/<version>/; the host is <root>/dotnet.
        string root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        string candidate = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }
}
