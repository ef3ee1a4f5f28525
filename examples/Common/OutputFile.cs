using System;
using System.IO;

namespace SdeDsl.Examples;

/// <summary>Where an example's PNG goes, and the check that it can go there, made before any work.</summary>
internal static class OutputFile
{
    /// <summary>
    /// The PNG path for <c>--out</c>: the value itself when it ends in <c>.png</c>, otherwise
    /// <paramref name="fileName"/> inside the folder it names; always absolute.
    /// </summary>
    public static string Resolve(string output, string fileName) =>
        Path.GetFullPath(output.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? output : Path.Combine(output, fileName));

    /// <summary>
    /// Checks that <paramref name="png"/> can be written: creates its folder, writes and deletes a probe file there,
    /// and opens an existing PNG for writing without changing it. Returns null when it can, else why not.
    /// </summary>
    public static string? WhyNotWritable(string png)
    {
        try
        {
            if (Directory.Exists(png))
            {
                throw new IOException($"'{png}' is a directory.");
            }

            string folder = Path.GetDirectoryName(png) ?? throw new IOException($"'{png}' has no folder.");
            Directory.CreateDirectory(folder);
            string probe = Path.Combine(folder, $".{Path.GetFileName(png)}.{Guid.NewGuid():N}.probe");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            if (File.Exists(png))
            {
                using (new FileStream(png, FileMode.Open, FileAccess.Write))
                {
                }
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return $"cannot write the plot to {png}: {e.Message}";
        }
    }

    /// <summary>Creates the folder of <paramref name="png"/> (for runs that did not go through the check).</summary>
    public static void CreateFolder(string png) => Directory.CreateDirectory(Path.GetDirectoryName(png)!);
}
