using System;
using System.IO;
using Spectre.Console;

namespace SdeDsl.Examples.Tests;

/// <summary>A temporary output folder and a plain-text console whose output the test can read.</summary>
public sealed class ExampleRun : IDisposable
{
    private readonly StringWriter _writer = new();

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

    public string Output => _writer.ToString();

    public void Dispose()
    {
        if (Directory.Exists(OutputDirectory))
        {
            Directory.Delete(OutputDirectory, recursive: true);
        }
    }
}
