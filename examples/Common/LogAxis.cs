using System;
using System.Globalization;

namespace SdeDsl.Examples;

/// <summary>Axis labelling shared by the examples' plots.</summary>
internal static class LogAxis
{
    /// <summary>Labels an axis holding log10 values with the values themselves (1e-5, 0.01, 1, 100, 1e4).</summary>
    public static void Label(ScottPlot.IAxis axis) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = v => Math.Abs(v) <= 3
                ? Math.Pow(10, v).ToString("0.###", CultureInfo.InvariantCulture)
                : "1e" + v.ToString("0", CultureInfo.InvariantCulture),
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
        };
}
