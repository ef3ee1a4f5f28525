using System;
using System.Collections.Generic;
using System.Globalization;

namespace SdeDsl.Examples;

/// <summary>
/// The examples' command line: <c>--name value</c> pairs (and <c>--help</c>). Unknown names and bad values are
/// reported with the list of options, never ignored.
/// </summary>
internal sealed class ExampleArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    private ExampleArguments()
    {
    }

    public bool Help { get; private set; }

    /// <summary>Parses <paramref name="args"/>, accepting only the option names in <paramref name="known"/>.</summary>
    /// <exception cref="ArgumentException">An unknown option or a missing value.</exception>
    public static ExampleArguments Parse(string[] args, params string[] known)
    {
        var result = new ExampleArguments();
        var allowed = new HashSet<string>(known, StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "--help" or "-h" or "-?")
            {
                result.Help = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || !allowed.Contains(arg[2..]))
            {
                throw new ArgumentException($"Unknown option '{arg}'. Options: {string.Join(", ", Array.ConvertAll(known, k => "--" + k))}.");
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"Option '{arg}' needs a value.");
            }

            result._values[arg[2..]] = args[++i];
        }

        return result;
    }

    public int Int(string name, int fallback, int min = int.MinValue) =>
        _values.TryGetValue(name, out string? text)
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min
                ? value
                : throw new ArgumentException($"--{name} must be an integer >= {min}; got '{text}'.")
            : fallback;

    public string String(string name, string fallback) => _values.TryGetValue(name, out string? text) ? text : fallback;
}
