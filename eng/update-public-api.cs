// Refreshes src/SdeDsl/PublicAPI.Unshipped.txt from the compiler's own view of the public API.
//
//   dotnet run eng/update-public-api.cs                      add new public API, drop vanished unshipped API
//   dotnet run eng/update-public-api.cs -- --accept-breaking also record removed *shipped* API as *REMOVED*
//
// It builds src/SdeDsl once with a SARIF error log, takes the exact API line of every RS0016 (public symbol not
// declared) and RS0017 (declared symbol gone) from the diagnostics' properties, rewrites the Unshipped file
// (sorted, "#nullable enable" first) and builds again to verify. This covers the generator's output too (the
// built-in schedules' generated members), which `dotnet format analyzers --diagnostics RS0016` does not fix.
// Needs only the .NET SDK, no network beyond the normal restore.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;

bool acceptBreaking = args.Contains("--accept-breaking");
string root = FindRoot(Directory.GetCurrentDirectory());
string project = Path.Combine(root, "src", "SdeDsl", "SdeDsl.csproj");
string shippedPath = Path.Combine(root, "src", "SdeDsl", "PublicAPI.Shipped.txt");
string unshippedPath = Path.Combine(root, "src", "SdeDsl", "PublicAPI.Unshipped.txt");
const string Header = "#nullable enable";

var (added, removed) = Analyze();
var shipped = ReadApi(shippedPath);
var unshipped = ReadApi(unshippedPath);
int exit = 0;

foreach (string api in removed)
{
    if (unshipped.Remove(api))
    {
        Console.WriteLine($"- {api}");
    }
    else if (shipped.Contains(api))
    {
        if (acceptBreaking)
        {
            unshipped.Add("*REMOVED*" + api);
            Console.WriteLine($"- {api}   (shipped: recorded as *REMOVED*, a breaking change)");
        }
        else
        {
            Console.Error.WriteLine($"breaking change: shipped API '{api}' no longer exists; restore it, or rerun with --accept-breaking");
            exit = 1;
        }
    }
}

foreach (string api in added)
{
    if (unshipped.Add(api))
    {
        Console.WriteLine($"+ {api}");
    }
}

var lines = unshipped.OrderBy(l => l.StartsWith("*REMOVED*", StringComparison.Ordinal) ? l.Substring(9) : l, StringComparer.Ordinal);
File.WriteAllText(unshippedPath, string.Join("\n", new[] { Header }.Concat(lines)) + "\n");
Console.WriteLine($"{Path.GetRelativePath(root, unshippedPath)}: {unshipped.Count} entries ({added.Count} undeclared found, {removed.Count} vanished found)");

var (addedAfter, removedAfter) = Analyze();
if (addedAfter.Count + removedAfter.Count != 0 && exit == 0)
{
    Console.Error.WriteLine($"still {addedAfter.Count} undeclared and {removedAfter.Count} vanished API entries after the update");
    exit = 1;
}

return exit;

(SortedSet<string> Added, SortedSet<string> Removed) Analyze()
{
    string sarif = Path.Combine(Path.GetTempPath(), $"sdedsl-publicapi-{Environment.ProcessId}.sarif");
    var psi = new ProcessStartInfo("dotnet")
    {
        ArgumentList =
        {
            "build", project, "-c", "Release", "--no-incremental", "-nologo", "-v:q",
            "-p:TreatWarningsAsErrors=false", $"-p:ErrorLog={sarif}%2Cversion=2.1",
        },
        RedirectStandardOutput = true,
    };
    using (var process = Process.Start(psi)!)
    {
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
    }

    if (!File.Exists(sarif))
    {
        throw new InvalidOperationException($"the build of {project} wrote no SARIF log (did it fail before compiling?)");
    }

    var add = new SortedSet<string>(StringComparer.Ordinal);
    var remove = new SortedSet<string>(StringComparer.Ordinal);
    using (var document = JsonDocument.Parse(File.ReadAllText(sarif)))
    {
        foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
        {
            foreach (var result in run.GetProperty("results").EnumerateArray())
            {
                string id = result.GetProperty("ruleId").GetString() ?? "";
                if (id is not ("RS0016" or "RS0017"))
                {
                    continue;
                }

                if (!result.TryGetProperty("properties", out var properties)
                    || !properties.TryGetProperty("customProperties", out var custom)
                    || !custom.TryGetProperty("APIName", out var name))
                {
                    throw new InvalidOperationException($"{id} without an APIName property: {result}");
                }

                (id == "RS0016" ? add : remove).Add(name.GetString()!);
            }
        }
    }

    File.Delete(sarif);
    return (add, remove);
}

static HashSet<string> ReadApi(string path) =>
    File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length != 0 && l != Header).ToHashSet(StringComparer.Ordinal);

static string FindRoot(string directory)
{
    for (var d = new DirectoryInfo(directory); d != null; d = d.Parent)
    {
        if (File.Exists(Path.Combine(d.FullName, "SdeDsl.sln")))
        {
            return d.FullName;
        }
    }

    throw new InvalidOperationException("run from inside the SdeDsl repository");
}
