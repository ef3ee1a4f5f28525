using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SdeDsl.Examples;

/// <summary>One command-line option of an example: <c>--Name Value</c>, its default and what it does.</summary>
/// <param name="Name">The option's name without the leading dashes.</param>
/// <param name="Value">The placeholder shown in the help (N, DIR, NAME).</param>
/// <param name="Default">The default value, as it would be typed.</param>
/// <param name="Description">One short line for the help.</param>
internal sealed record ExampleOption(string Name, string Value, string Default, string Description);

/// <summary>
/// The examples' command line: <c>--name value</c> or <c>--name=value</c> pairs from a fixed list of options, and
/// <c>--help</c>. Unknown names, missing values and bad values are refused with an <see cref="ArgumentException"/>
/// whose message is one line, never ignored; an option not given takes its declared default.
/// </summary>
internal sealed class ExampleArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ExampleOption> _options;

    private ExampleArguments(IReadOnlyList<ExampleOption> options) =>
        _options = options.ToDictionary(o => o.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>True when <c>--help</c> (or <c>-h</c>, <c>-?</c>) was given anywhere; nothing else is then checked.</summary>
    public bool Help { get; private set; }

    /// <summary>Parses <paramref name="args"/>, accepting only the options in <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing value or a stray argument.</exception>
    public static ExampleArguments Parse(string[] args, IReadOnlyList<ExampleOption> options)
    {
        var result = new ExampleArguments(options);
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            result.Help = true;
            return result;
        }

        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'; options are {Names(options)}.");
            }

            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? arg[2..] : arg[2..equals];
            if (!result._options.ContainsKey(name))
            {
                throw new ArgumentException($"unknown option '--{name}'; options are {Names(options)}.");
            }

            if (equals >= 0)
            {
                result._values[name] = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                result._values[name] = args[++i];
            }
            else
            {
                throw new ArgumentException($"option '--{name}' needs a value ({result._options[name].Value}).");
            }
        }

        return result;
    }

    /// <summary>The integer value of <c>--name</c>, or its default; it must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="ArgumentException">Not an integer, or out of range.</exception>
    public int Int(string name, int min, int max)
    {
        string text = Text(name);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"--{name} must be an integer from {min} to {max}; got '{text}'.");
    }

    /// <summary>The non-negative 64-bit integer value of <c>--name</c> (a seed), or its default.</summary>
    /// <exception cref="ArgumentException">Not a non-negative integer.</exception>
    public ulong ULong(string name)
    {
        string text = Text(name);
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw new ArgumentException($"--{name} must be an integer from 0 to {ulong.MaxValue}; got '{text}'.");
    }

    /// <summary>The text of <c>--name</c>, or its default; never empty.</summary>
    /// <exception cref="ArgumentException">Given as an empty string.</exception>
    public string String(string name)
    {
        string text = Text(name);
        return text.Trim().Length > 0 ? text : throw new ArgumentException($"--{name} must not be empty.");
    }

    private string Text(string name) =>
        _values.TryGetValue(name, out string? text) ? text
        : _options.TryGetValue(name, out ExampleOption? option) ? option.Default
        : throw new InvalidOperationException($"The example reads an option it did not declare: --{name}.");

    private static string Names(IReadOnlyList<ExampleOption> options) =>
        string.Join(", ", options.Select(o => "--" + o.Name)) + ", --help";
}
