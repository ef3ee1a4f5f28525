using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Intrinsics;
using SdeDsl.Kernels;

namespace SdeDsl.Benchmarks.Infrastructure;

/// <summary>
/// What a results section must record about the machine and BenchmarkDotNet's environment summary does not show: the
/// processor model, every cache level's size (from <c>/sys/devices/system/cpu/cpu0/cache</c>), the widest vector the
/// JIT accelerates, the memory available, and the DRAM-bound size chosen from the last-level cache. Printed at the
/// start of every run (<see cref="Print"/>).
/// </summary>
public static class MachineInfo
{
    /// <summary>How many times the last-level cache one float stream of the DRAM-bound size is at least.</summary>
    public const int DramFactor = 8;

    /// <summary>Buffers the largest step case allocates at once (the Heun and usual-way buffers of <see cref="StepCases{T}"/>).</summary>
    public const int LargestCaseBuffers = 13;

    /// <summary>The processor model (<c>/proc/cpuinfo</c>), or "unknown".</summary>
    public static string ProcessorModel { get; } = ReadProcessorModel();

    /// <summary>The caches of cpu0: (level, type, bytes), from /sys; empty where the system does not say.</summary>
    public static IReadOnlyList<(int Level, string Type, long Bytes)> Caches { get; } = ReadCaches();

    /// <summary>The last-level cache in bytes, as the kernels read it (<see cref="LastLevelCache"/>).</summary>
    public static long LastLevelCacheBytes => LastLevelCache.Bytes;

    /// <summary>The widest vector the JIT accelerates here, in bits.</summary>
    public static int VectorBits =>
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;

    /// <summary>MemAvailable from /proc/meminfo in bytes, or null.</summary>
    public static long? AvailableMemoryBytes { get; } = ReadAvailableMemory();

    /// <summary>
    /// The DRAM-bound tensor size in elements: the smallest power of two whose float stream is at least
    /// <see cref="DramFactor"/> times the last-level cache (and at least 16 Mi), halved while the largest case's double
    /// buffers (<see cref="LargestCaseBuffers"/> of them) would take more than half the available memory, but never
    /// below 4x the last-level cache. Here (L3 32 MiB): 64 Mi elements, 256 MiB per float stream.
    /// </summary>
    public static int DramBoundElements { get; } = ChooseDramBound();

    /// <summary>Prints the machine lines of a results section.</summary>
    /// <param name="output">Where to write.</param>
    public static void Print(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        string caches = Caches.Count == 0
            ? "not visible"
            : string.Join(", ", Caches.Select(c => $"L{c.Level} {c.Type} {FormatBytes(c.Bytes)}"));
        output.WriteLine($"// SdeDsl machine: {ProcessorModel}; {Environment.ProcessorCount} logical cores; caches of cpu0: {caches}");
        output.WriteLine(
            $"// SdeDsl machine: last-level cache {FormatBytes(LastLevelCacheBytes)}{(LastLevelCache.FromMachine ? "" : " (not readable: assumed)")}; " +
            $"widest accelerated vector {VectorBits} bits; available memory {(AvailableMemoryBytes is { } m ? FormatBytes(m) : "unknown")}");
        output.WriteLine(
            $"// SdeDsl machine: DRAM-bound size {DramBoundElements / (1024 * 1024)} Mi elements " +
            $"({FormatBytes(DramBoundElements * 4L)} per float stream = {DramBoundElements * 4.0 / LastLevelCacheBytes:0.#}x the last-level cache); " +
            $"kernels choose their stores per pass (StoreRule: non-temporal only for outputs written out of place, footprint above {FormatBytes(LastLevelCacheBytes)})");
    }

    private static int ChooseDramBound()
    {
        long llc = LastLevelCache.Bytes;
        long n = 16L << 20;
        while (n * sizeof(float) < DramFactor * llc && n < (1L << 30))
        {
            n *= 2;
        }

        if (AvailableMemoryBytes is { } available)
        {
            while (LargestCaseBuffers * sizeof(double) * n > available / 2 && (n / 2) * sizeof(float) >= 4 * llc)
            {
                n /= 2;
            }
        }

        return (int)Math.Min(n, int.MaxValue / 2 + 1);
    }

    private static string FormatBytes(long bytes) =>
        bytes >= 1L << 30 && bytes % (1L << 30) == 0 ? $"{bytes >> 30} GiB"
        : bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):0.#} MiB"
        : $"{bytes >> 10} KiB";

    private static string ReadProcessorModel()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            string model = line is null ? "unknown" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            string? family = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("cpu family", StringComparison.Ordinal));
            string? number = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model\t", StringComparison.Ordinal));
            return family is null || number is null
                ? model
                : $"{model} (family {family[(family.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()}, model {number[(number.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()})";
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static List<(int, string, long)> ReadCaches()
    {
        var caches = new List<(int, string, long)>();
        try
        {
            const string root = "/sys/devices/system/cpu/cpu0/cache";
            if (!Directory.Exists(root))
            {
                return caches;
            }

            foreach (string index in Directory.GetDirectories(root, "index*").Order(StringComparer.Ordinal))
            {
                int level = int.Parse(File.ReadAllText(Path.Combine(index, "level")).Trim(), CultureInfo.InvariantCulture);
                string type = File.ReadAllText(Path.Combine(index, "type")).Trim();
                if (LastLevelCache.ParseSize(File.ReadAllText(Path.Combine(index, "size")).Trim()) is { } bytes)
                {
                    caches.Add((level, type, bytes));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            caches.Clear();
        }

        return caches;
    }

    private static long? ReadAvailableMemory()
    {
        try
        {
            string? line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
            if (line is null)
            {
                return null;
            }

            string kib = line["MemAvailable:".Length..].Trim().Split(' ')[0];
            return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
