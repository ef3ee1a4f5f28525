using System.Globalization;

namespace SdeDsl.Generators.Text;

/// <summary>
/// Doubles as text for messages and for the few C# literals the parser writes itself (the default-constructor
/// arguments): round-trip digits ("R"), so a value read back is the same double. Emit's ExpressionPrinter prints
/// numbers inside expressions the same way.
/// </summary>
internal static class NumberText
{
    /// <summary>Readable math, for diagnostics: 0.5, -inf, NaN.</summary>
    public static string Math(double value)
        => double.IsNaN(value) ? "NaN"
            : double.IsInfinity(value) ? (value < 0 ? "-inf" : "inf")
            : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A C# expression of exactly this double: 0.5, double.NegativeInfinity, double.NaN.</summary>
    public static string CSharp(double value)
        => double.IsNaN(value) ? "double.NaN"
            : double.IsInfinity(value) ? (value < 0 ? "double.NegativeInfinity" : "double.PositiveInfinity")
            : value.ToString("R", CultureInfo.InvariantCulture);
}
