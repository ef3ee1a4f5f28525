using System;
using System.Globalization;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SdeDsl.Benchmarks.Infrastructure;

/// <summary>
/// Marks a benchmark as one of its category's floors (an ordinary-store or a non-temporal-store pass over the same
/// streams); <see cref="BestFloorColumn"/> divides by the faster of them.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FloorAttribute : Attribute
{
}

/// <summary>
/// "vs floor": a case's mean over the smallest mean among its category's <see cref="FloorAttribute"/> cases with the
/// same parameters and the same generic type in the same run, so a kernel is measured against whichever store policy
/// moves its streams fastest on this machine at this size (BenchmarkDotNet's Ratio column divides by the baseline,
/// the ordinary-store floor, only).
/// </summary>
public sealed class BestFloorColumn : IColumn
{
    /// <inheritdoc/>
    public string Id => "SdeDsl.VsBestFloor";

    /// <inheritdoc/>
    public string ColumnName => "vs floor";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 1;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => "Mean over the faster of the category's floors (ordinary or non-temporal stores), same parameters, same run";

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => summary is not null && summary.BenchmarksCases.Any(IsFloor);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        double? mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        string categories = string.Join(",", benchmarkCase.Descriptor.Categories);
        string parameters = benchmarkCase.Parameters.DisplayInfo;
        Type type = benchmarkCase.Descriptor.Type;
        double[] floors = summary.BenchmarksCases
            .Where(c => IsFloor(c) && c.Descriptor.Type == type && string.Join(",", c.Descriptor.Categories) == categories && c.Parameters.DisplayInfo == parameters)
            .Select(c => summary[c]?.ResultStatistics?.Mean ?? double.NaN)
            .Where(m => m > 0)
            .ToArray();
        if (mean is not > 0 || floors.Length == 0)
        {
            return "-";
        }

        return (mean.Value / floors.Min()).ToString("0.00", CultureInfo.InvariantCulture);
    }

    private static bool IsFloor(BenchmarkCase c) => c.Descriptor.WorkloadMethod.GetCustomAttribute<FloorAttribute>() is not null;
}
