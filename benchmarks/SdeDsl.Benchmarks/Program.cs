using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SdeDsl.Benchmarks.Infrastructure;

namespace SdeDsl.Benchmarks;

/// <summary>
/// Entry point. <c>dotnet run -c Release --project benchmarks/SdeDsl.Benchmarks -- --filter '*'</c> runs everything
/// (any BenchmarkDotNet command-line arguments work); <c>-- --quick</c> runs every benchmark once at a small size, in
/// process, as a smoke test (exit code 1 if any fails); <c>-- --quick --out-of-process</c> does the same through the
/// full run's toolchain (a generated, separately built benchmark process); <c>-- --interleaved</c> times kernels and
/// floors alternately, round by round, outside BenchmarkDotNet (<see cref="InterleavedRatios"/>).
/// </summary>
public static class Program
{
    /// <summary>Runs the benchmarks.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>0 on success.</returns>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        MachineInfo.Print(Console.Out); // the cache sizes and vector width a results section records, beside BenchmarkDotNet's environment summary
        if (args.Contains(InterleavedRatios.Switch))
        {
            return InterleavedRatios.Run(args); // kernel and floor alternated round by round (issue 18, item 2)
        }

        if (args.Contains(Noise.NoiseSizeRatios.Switch))
        {
            return Noise.NoiseSizeRatios.Run(args); // issue 18 item 3, round 4: noise per size and noisy steps, wall and thread CPU time
        }

        if (args.Contains("--paired-mixture"))
        {
            // Issue 18 item 6: the analytic denoisers' before/after ratios from alternating rounds (docs/benchmarks.md).
            Samplers.GaussianMixtureSamplerBenchmarks.PrintPairedRatios(Console.Out);
            return 0;
        }

        var switcher = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly);
        if (!args.Contains("--quick"))
        {
            Summary[] full = switcher.Run(args, Configs.FullConfig).ToArray();
            return full.Any(Failed) ? 1 : 0;
        }

        Environment.SetEnvironmentVariable(BenchmarkSettings.QuickVariable, "1");
        bool outOfProcess = args.Contains("--out-of-process");
        List<string> rest = args.Where(a => a is not "--quick" and not "--out-of-process").ToList();
        if (!rest.Any(a => a is "--filter" or "-f" or "--list" or "--allCategories" or "--anyCategories"))
        {
            rest.AddRange(new[] { "--filter", "*" });
        }

        var clock = Stopwatch.StartNew();
        Summary[] summaries;
        try
        {
            summaries = switcher.Run(rest.ToArray(), Configs.QuickConfig(outOfProcess)).ToArray();
        }
        catch (NullReferenceException e)
        {
            // BenchmarkDotNet 0.15.8's in-process toolchain throws this while reporting a benchmark that failed (an
            // exception in its [GlobalSetup], logged above), instead of returning a failed report.
            Console.WriteLine();
            Console.WriteLine($"quick: FAILED (a benchmark failed and BenchmarkDotNet stopped: {e.Message}; its exception is above) in {clock.Elapsed.TotalSeconds:0.0} s");
            return 1;
        }

        int cases = summaries.Sum(s => s.BenchmarksCases.Length);
        Summary[] failed = summaries.Where(Failed).ToArray();
        Console.WriteLine();
        if (summaries.Length == 0 || failed.Length > 0)
        {
            Console.WriteLine($"quick: FAILED ({string.Join(", ", failed.Select(s => s.Title))}; {summaries.Length} summaries) in {clock.Elapsed.TotalSeconds:0.0} s");
            return 1;
        }

        AllocationReport.Print();
        Console.WriteLine();
        Console.WriteLine($"quick: all {cases} benchmark cases of {summaries.Length} classes ran in {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    private static bool Failed(Summary summary) =>
        summary.HasCriticalValidationErrors ||
        summary.Reports.Length != summary.BenchmarksCases.Length ||
        summary.Reports.Any(r => !r.Success || r.ResultStatistics is null);
}
