using System;
using System.IO;

namespace SdeDsl.Kernels;

/// <summary>
/// The size of the machine's last-level cache, read once at startup (Linux: the highest-level data or unified cache
/// under <c>/sys/devices/system/cpu/cpu0/cache</c>), one input of the per-pass store policy (<see cref="StoreRule"/>).
/// </summary>
/// <remarks>
/// Where the size cannot be read (another operating system, a container without /sys) it is taken as
/// <see cref="FallbackBytes"/>: a pass then counts as leaving the cache above 32 MiB of footprint, which on a machine with
/// a larger cache costs a pass that could have stayed in cache at most the difference between the two store kinds.
/// </remarks>
internal static class LastLevelCache
{
    /// <summary>The size assumed when the machine does not say: 32 MiB.</summary>
    public const long FallbackBytes = 32L << 20;

    private static readonly long? s_read = Read();

    /// <summary>The last-level cache in bytes (read once).</summary>
    public static long Bytes { get; } = s_read ?? FallbackBytes;

    /// <summary>Whether the size was read from the machine (false: <see cref="FallbackBytes"/>).</summary>
    public static bool FromMachine => s_read is not null;

    /// <summary>The largest cache of the highest level under /sys, or null.</summary>
    internal static long? Read()
    {
        try
        {
            const string root = "/sys/devices/system/cpu/cpu0/cache";
            if (!Directory.Exists(root))
            {
                return null;
            }

            int bestLevel = -1;
            long best = 0;
            foreach (string index in Directory.GetDirectories(root, "index*"))
            {
                string type = File.ReadAllText(Path.Combine(index, "type")).Trim();
                if (type == "Instruction")
                {
                    continue;
                }

                int level = int.Parse(File.ReadAllText(Path.Combine(index, "level")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                long? size = ParseSize(File.ReadAllText(Path.Combine(index, "size")).Trim());
                if (size is { } s && (level > bestLevel || (level == bestLevel && s > best)))
                {
                    bestLevel = level;
                    best = s;
                }
            }

            return best > 0 ? best : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>"32768K", "32M", "512" (bytes) as bytes, or null.</summary>
    internal static long? ParseSize(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        long unit = char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 1L << 10,
            'M' => 1L << 20,
            'G' => 1L << 30,
            _ => 1,
        };
        string digits = unit == 1 ? text : text[..^1];
        return long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long value)
            ? value * unit
            : null;
    }
}
