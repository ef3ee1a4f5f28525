using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace SdeDsl.Tests.Accuracy;

/// <summary>
/// The values of reference/schedule_golden_values.py (mpmath, 50 digits), committed beside it as
/// reference/schedule_golden_values.json: per schedule, per grid time, every member's value and condition number.
/// </summary>
internal static class GoldenValues
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Accuracy", "reference", "schedule_golden_values.json"))));

    /// <summary>One reference value: the member at a time (or, for TimeAtSigma, at a sigma), and its condition number.</summary>
    public readonly record struct Point(double Argument, double Value, double Condition);

    public static IReadOnlyList<string> Schedules
        => Document.Value.RootElement.GetProperty("schedules").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToList();

    public static IReadOnlyList<Point> Of(string schedule, string member)
    {
        JsonElement entry = Document.Value.RootElement.GetProperty("schedules").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == schedule);
        string argument = member == "TimeAtSigma" ? "TimeAtSigmaInput" : "t";
        return entry.GetProperty("points").EnumerateArray()
            .Select(p => new Point(
                Parse(p.GetProperty(argument).GetString()!),
                Parse(p.GetProperty(member).GetString()!),
                p.GetProperty(member + "Cond").GetDouble()))
            .ToList();
    }

    /// <summary>
    /// One reference step: a step-coefficient method's arguments (t, tNext and beta or the step size) and every
    /// coefficient it returns, each with its condition number with respect to those arguments.
    /// </summary>
    public sealed record Step(string Method, IReadOnlyList<double> Arguments, IReadOnlyDictionary<string, (double Value, double Condition)> Coefficients);

    /// <summary>The reference steps of <paramref name="schedule"/> for <paramref name="method"/> (docs/math.md §17.5).</summary>
    public static IReadOnlyList<Step> StepsOf(string schedule, string method)
    {
        JsonElement entry = Document.Value.RootElement.GetProperty("schedules").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == schedule);
        return entry.GetProperty("steps").EnumerateArray()
            .Where(row => row.GetProperty("method").GetString() == method)
            .Select(row => new Step(
                method,
                row.GetProperty("arguments").EnumerateArray().Select(a => Parse(a.GetString()!)).ToList(),
                row.GetProperty("values").EnumerateObject().ToDictionary(
                    v => v.Name,
                    v => (Parse(v.Value.GetString()!), row.GetProperty("conditions").GetProperty(v.Name).GetDouble()))))
            .ToList();
    }

    private static double Parse(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
