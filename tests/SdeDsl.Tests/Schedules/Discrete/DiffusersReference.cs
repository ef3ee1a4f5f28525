using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace SdeDsl.Tests.Schedules.Discrete;

/// <summary>
/// The values of reference/diffusers_reference.py (numpy re-implementation of diffusers' formulas, float32 and float64),
/// committed beside it as reference/diffusers_reference.json; and the committed scheduler configs.
/// </summary>
internal static class DiffusersReference
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schedules", "Discrete", "reference", "diffusers_reference.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static double[] Array(JsonElement element) => element.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static double[] Table(string name, string field) => Array(Root.GetProperty("tables").GetProperty(name).GetProperty(field));

    public static double[] Spacing(string name) => Array(Root.GetProperty("spacings").GetProperty(name));

    public static string ConfigPath(string name) => Path.Combine(AppContext.BaseDirectory, "Schedules", "Discrete", "configs", name + ".json");
}
