using System;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SdeDsl.Benchmarks.Infrastructure;

/// <summary>
/// The memory streams one operation of a benchmark moves, each <c>Size</c> elements long: <see cref="Reads"/> read and
/// <see cref="Writes"/> written. A kernel and its floor carry the same numbers; <see cref="BandwidthColumn"/> turns
/// them into GB/s.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TrafficAttribute : Attribute
{
    /// <summary>Declares the streams.</summary>
    /// <param name="reads">Element streams read per operation.</param>
    /// <param name="writes">Element streams written per operation.</param>
    public TrafficAttribute(int reads, int writes)
    {
        Reads = reads;
        Writes = writes;
    }

    /// <summary>Element streams read per operation.</summary>
    public int Reads { get; }

    /// <summary>Element streams written per operation.</summary>
    public int Writes { get; }

    /// <summary>Bytes per element when the benchmark class is not generic over its element type (default 4, float).</summary>
    public int ElementBytes { get; init; } = 4;
}

/// <summary>Marks a benchmark that produces <c>Size</c> standard normals per operation (<see cref="NormalsRateColumn"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NormalsAttribute : Attribute
{
}

/// <summary>Shared plumbing of the custom columns: the case's <c>Size</c> parameter and mean time.</summary>
public abstract class RateColumn : IColumn
{
    /// <inheritdoc/>
    public abstract string Id { get; }

    /// <inheritdoc/>
    public abstract string ColumnName { get; }

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public abstract string Legend { get; }

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) =>
        summary is not null && summary.BenchmarksCases.Any(c => Attribute(c) is not null);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        Attribute? attribute = Attribute(benchmarkCase);
        double? meanNs = summary?[benchmarkCase]?.ResultStatistics?.Mean;
        object? size = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Size")?.Value;
        if (attribute is null || meanNs is not > 0 || size is not int elements)
        {
            return "-";
        }

        return Rate(attribute, benchmarkCase, elements, meanNs.Value).ToString("0.00", CultureInfo.InvariantCulture);
    }

    /// <summary>The attribute that enables this column on a benchmark method, or null.</summary>
    /// <param name="benchmarkCase">The case.</param>
    /// <returns>The attribute.</returns>
    protected abstract Attribute? Attribute(BenchmarkCase benchmarkCase);

    /// <summary>The value shown.</summary>
    /// <param name="attribute">The method's attribute.</param>
    /// <param name="benchmarkCase">The case.</param>
    /// <param name="elements">Its <c>Size</c>.</param>
    /// <param name="meanNs">Its mean time per operation in nanoseconds.</param>
    /// <returns>The rate.</returns>
    protected abstract double Rate(Attribute attribute, BenchmarkCase benchmarkCase, int elements, double meanNs);
}

/// <summary>
/// GB/s moved by one operation: (reads + writes) x Size x element bytes / mean time, from <see cref="TrafficAttribute"/>
/// (counting the bytes the algorithm needs; a write that misses the cache also costs the hardware a line read).
/// </summary>
public sealed class BandwidthColumn : RateColumn
{
    /// <inheritdoc/>
    public override string Id => "SdeDsl.GBps";

    /// <inheritdoc/>
    public override string ColumnName => "GB/s";

    /// <inheritdoc/>
    public override string Legend => "Bytes the operation must read and write (streams x Size x element size) per nanosecond";

    /// <inheritdoc/>
    protected override Attribute? Attribute(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<TrafficAttribute>();

    /// <inheritdoc/>
    protected override double Rate(Attribute attribute, BenchmarkCase benchmarkCase, int elements, double meanNs)
    {
        var traffic = (TrafficAttribute)attribute;
        Type type = benchmarkCase.Descriptor.Type;
        int elementBytes = type.IsGenericType ? Marshal.SizeOf(type.GetGenericArguments()[0]) : traffic.ElementBytes;
        return (double)(traffic.Reads + traffic.Writes) * elements * elementBytes / meanNs;
    }
}

/// <summary>Standard normals per nanosecond (= 10^9 per second) of one operation, from <see cref="NormalsAttribute"/>.</summary>
public sealed class NormalsRateColumn : RateColumn
{
    /// <inheritdoc/>
    public override string Id => "SdeDsl.GNormals";

    /// <inheritdoc/>
    public override string ColumnName => "Gnormals/s";

    /// <inheritdoc/>
    public override string Legend => "Standard normals produced per second, in 10^9";

    /// <inheritdoc/>
    protected override Attribute? Attribute(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<NormalsAttribute>();

    /// <inheritdoc/>
    protected override double Rate(Attribute attribute, BenchmarkCase benchmarkCase, int elements, double meanNs) => elements / meanNs;
}
