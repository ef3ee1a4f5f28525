using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using SdeDsl.Benchmarks.Steps;
using SdeDsl.Kernels;

namespace SdeDsl.Benchmarks.Infrastructure;

/// <summary>
/// Kernel against floor with the bandwidth wander taken out: <c>-- --interleaved</c> runs, for each of Euler, Heun's
/// correction and DPM-Solver++(2M) on 1 and on all threads, a number of rounds in which every variant (the kernel with
/// its default store policy, the same kernel through the round-3 loop that loads every input into a register
/// (<c>KernelOptions.RegisterLoads</c>, the A/B of round 4), the kernel forced to ordinary and to non-temporal stores, the
/// ordinary-store and the non-temporal floor) runs one operation, in an order rotated each round; each round's ratio is a variant's time over
/// the faster floor of the same round, and the table reports the median over rounds and its quartiles.
/// </summary>
/// <remarks>
/// <para>
/// Why not only BenchmarkDotNet: it measures every case to the end before the next begins, so a case measured while the
/// VM's memory bandwidth is high is compared with a floor measured minutes later while it is low (this VM wandered
/// +-30 % between identical passes in the quiet rerun). Here kernel and floor are always measured seconds apart, in the
/// same round, and the statistic is over per-round ratios. One operation at the DRAM-bound size moves 0.75-1.25 GiB
/// (40-100 ms), long enough for <see cref="Stopwatch"/> and far longer than any timer or call overhead.
/// </para>
/// <para>
/// Arguments: <c>--rounds N</c> (default 15), <c>--size N</c> (elements; default the DRAM-bound size,
/// <see cref="MachineInfo.DramBoundElements"/>; may be repeated), <c>--threads 1,2</c> (default 1 and all cores),
/// <c>--stages Euler,Heun,DpmSolver2M</c> (also <c>EulerOutOfPlace</c> and <c>DpmSolver2MOutOfPlace</c>: the same
/// passes writing a separate buffer, as Heun's prediction does, the streams for which the store policy differs), the fused
/// model-output stages (issue 18 item 5) <c>EulerEpsilon</c>, <c>HeunEpsilon</c> and <c>DpmSolver2MEpsilon</c>
/// (<see cref="Steps.FusedModelOutputCases"/>: fused with each store policy, convert-then-step, and the floors of the
/// fused pass's streams) and <c>EulerGuidedEpsilon</c> (guidance folded into the step against the adapter's combine
/// followed by the step),
/// <c>--skip-forced</c> (leave out the two forced-policy kernel variants: the A/B of the loops only), <c>--probes</c>
/// (add <see cref="LoopShapeProbes"/> and, on more than one thread, the kernel at other chunk sizes: what separates a
/// kernel from its floor beyond the loop's loads, for the in-place stages), <c>--repeat N</c> (each variant runs N
/// operations per round, timed together: for in-cache sizes, whose single operation is too short to time under load; the
/// "median ms" column is then per N operations). Float only: the targets are stated in float. Writes the table to standard
/// output and to <c>BenchmarkDotNet.Artifacts/interleaved.md</c>.
/// </para>
/// </remarks>
public static class InterleavedRatios
{
    /// <summary>The command-line switch that selects this mode.</summary>
    public const string Switch = "--interleaved";

    private const int DefaultRounds = 15;

    private const string DefaultKernel = "kernel (default policy)";

    private const string RegisterLoadKernel = "kernel, register loads (round-3 loop)";

    private sealed record Variant(string Name, bool IsFloor, Action Run);

    /// <summary>Runs the interleaved comparison.</summary>
    /// <param name="args">Command-line arguments (see the remarks).</param>
    /// <returns>0.</returns>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        int rounds = IntArgument(args, "--rounds") ?? DefaultRounds;
        List<int> sizes = AllArguments(args, "--size").Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        if (sizes.Count == 0)
        {
            sizes.Add(MachineInfo.DramBoundElements);
        }

        int[] threadCounts = (StringArgument(args, "--threads") ?? $"1,{Environment.ProcessorCount}")
            .Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Distinct().ToArray();
        string[] stages = (StringArgument(args, "--stages") ?? "Euler,Heun,DpmSolver2M").Split(',');
        bool skipForced = args.Contains("--skip-forced");
        bool probes = args.Contains("--probes");
        int repeats = IntArgument(args, "--repeat") ?? 1;

        var report = new StringWriter(CultureInfo.InvariantCulture);
        report.WriteLine($"Interleaved kernel/floor ratios, float, {rounds} rounds, started {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
        report.WriteLine($"load average at start: {LoadAverage()}");
        report.WriteLine();
        report.WriteLine("| stage | size | threads | variant | median ms | median ratio to the faster floor of its round | quartiles |");
        report.WriteLine("|---|---:|---:|---|---:|---:|---|");
        Console.Write(report.ToString());
        foreach (int size in sizes)
        {
            using var cases = new StepCases<float>(size, withUsualWays: false);
            foreach (int threads in threadCounts)
            {
                foreach (string stage in stages)
                {
                    if (threads != 1 && stage.EndsWith("Epsilon", StringComparison.Ordinal))
                    {
                        continue; // the fused model-output target is on one thread (its 3 + 2 floor is one-threaded)
                    }

                    Variant[] variants = VariantsOf(stage, cases, size, threads)
                        .Where(v => !skipForced || !v.Name.StartsWith("kernel, ordinary", StringComparison.Ordinal) && !v.Name.StartsWith("kernel, non-temporal", StringComparison.Ordinal))
                        .Concat(probes ? ProbesOf(stage, cases, size, threads) : [])
                        .ToArray();
                    foreach (string line in Measure(stage, size, threads, variants, rounds, repeats))
                    {
                        Console.WriteLine(line);
                        report.WriteLine(line);
                    }

                    cases.X.Fill(1);
                }
            }
        }

        report.WriteLine();
        report.WriteLine($"load average at end: {LoadAverage()}");
        Console.WriteLine($"load average at end: {LoadAverage()}");
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        File.WriteAllText(Path.Combine("BenchmarkDotNet.Artifacts", "interleaved.md"), report.ToString());
        return 0;
    }

    private static Variant[] VariantsOf(string stage, StepCases<float> cases, int n, int threads)
    {
        var standard = new KernelOptions { MaxDegreeOfParallelism = threads };
        var ordinary = standard with { ForceNonTemporal = false };
        var nonTemporal = standard with { ForceNonTemporal = true };
        var registerLoads = standard with { RegisterLoads = true };
        return stage switch
        {
            "Euler" => new Variant[]
            {
                new(DefaultKernel, false, () => cases.EulerKernel(n, standard)),
                new(RegisterLoadKernel, false, () => cases.EulerKernel(n, registerLoads)),
                new("kernel, ordinary stores", false, () => cases.EulerKernel(n, ordinary)),
                new("kernel, non-temporal stores", false, () => cases.EulerKernel(n, nonTemporal)),
                new("floor, ordinary stores", true, () => cases.Floor2(n, threads)),
                new("floor, non-temporal stores", true, () => cases.Floor2(n, threads, nonTemporal: true)),
            },
            "Heun" => new Variant[]
            {
                new(DefaultKernel, false, () => cases.HeunKernel(n, standard)),
                new(RegisterLoadKernel, false, () => cases.HeunKernel(n, registerLoads)),
                new("kernel, ordinary stores", false, () => cases.HeunKernel(n, ordinary)),
                new("kernel, non-temporal stores", false, () => cases.HeunKernel(n, nonTemporal)),
                new("floor, ordinary stores", true, () => cases.Floor4(n, threads)),
                new("floor, non-temporal stores", true, () => cases.Floor4(n, threads, nonTemporal: true)),
            },
            "DpmSolver2M" => new Variant[]
            {
                new(DefaultKernel, false, () => cases.DpmSolverKernel(n, standard)),
                new(RegisterLoadKernel, false, () => cases.DpmSolverKernel(n, registerLoads)),
                new("kernel, ordinary stores", false, () => cases.DpmSolverKernel(n, ordinary)),
                new("kernel, non-temporal stores", false, () => cases.DpmSolverKernel(n, nonTemporal)),
                new("floor, ordinary stores", true, () => cases.Floor3(n, threads)),
                new("floor, non-temporal stores", true, () => cases.Floor3(n, threads, nonTemporal: true)),
            },
            "EulerOutOfPlace" => new Variant[]
            {
                new(DefaultKernel, false, () => OutOfPlace.Euler(cases, n, standard)),
                new(RegisterLoadKernel, false, () => OutOfPlace.Euler(cases, n, registerLoads)),
                new("kernel, ordinary stores", false, () => OutOfPlace.Euler(cases, n, ordinary)),
                new("kernel, non-temporal stores", false, () => OutOfPlace.Euler(cases, n, nonTemporal)),
                new("floor, ordinary stores", true, () => OutOfPlace.Floor2(cases, n, threads, false)),
                new("floor, non-temporal stores", true, () => OutOfPlace.Floor2(cases, n, threads, true)),
            },
            "DpmSolver2MOutOfPlace" => new Variant[]
            {
                new(DefaultKernel, false, () => OutOfPlace.DpmSolver(cases, n, standard)),
                new(RegisterLoadKernel, false, () => OutOfPlace.DpmSolver(cases, n, registerLoads)),
                new("kernel, ordinary stores", false, () => OutOfPlace.DpmSolver(cases, n, ordinary)),
                new("kernel, non-temporal stores", false, () => OutOfPlace.DpmSolver(cases, n, nonTemporal)),
                new("floor, ordinary stores", true, () => OutOfPlace.Floor3(cases, n, threads, false)),
                new("floor, non-temporal stores", true, () => OutOfPlace.Floor3(cases, n, threads, true)),
            },
            // Issue 18 item 5, round 4: the fused model-output steps (epsilon network, EDM) against the floors of their streams.
            "EulerEpsilon" => new Variant[]
            {
                new("fused (default policy)", false, () => cases.EulerEpsilonFused(n, standard)),
                new("fused, ordinary stores", false, () => cases.EulerEpsilonFused(n, ordinary)),
                new("fused, non-temporal stores", false, () => cases.EulerEpsilonFused(n, nonTemporal)),
                new("Euler kernel on D (same loop)", false, () => cases.EulerKernel(n, standard)),
                new("convert-then-step", false, () => cases.EulerEpsilonConvertThenStep(n, standard)),
                new("floor, ordinary stores", true, () => cases.Floor2(n, threads)),
                new("floor, non-temporal stores", true, () => cases.Floor2(n, threads, nonTemporal: true)),
            },
            "HeunEpsilon" => new Variant[]
            {
                new("fused (default policy)", false, () => cases.HeunEpsilonFused(n, standard)),
                new("fused, ordinary stores", false, () => cases.HeunEpsilonFused(n, ordinary)),
                new("fused, non-temporal stores", false, () => cases.HeunEpsilonFused(n, nonTemporal)),
                new("convert-then-step", false, () => cases.HeunEpsilonConvertThenStep(n, standard)),
                new("floor, ordinary stores", true, () => cases.Floor4(n, threads)),
                new("floor, non-temporal stores", true, () => cases.Floor4(n, threads, nonTemporal: true)),
            },
            "DpmSolver2MEpsilon" => new Variant[]
            {
                new("fused (default policy)", false, () => cases.DpmSolverEpsilonFused(n, standard)),
                new("fused, ordinary stores", false, () => cases.DpmSolverEpsilonFused(n, ordinary)),
                new("fused, non-temporal stores", false, () => cases.DpmSolverEpsilonFused(n, nonTemporal)),
                new("fused, round 3's loop (default policy)", false, () => cases.DpmSolverEpsilonFusedRound3(n, standard)),
                new("fused, round 3's loop, non-temporal stores", false, () => cases.DpmSolverEpsilonFusedRound3(n, nonTemporal)),
                new("convert-then-step", false, () => cases.DpmSolverEpsilonConvertThenStep(n, standard)),
                new("floor, ordinary stores", true, () => cases.FloorThreeTwo(n)),
                new("floor, non-temporal stores", true, () => cases.FloorThreeTwo(n, nonTemporal: true)),
            },
            "EulerGuidedEpsilon" => new Variant[]
            {
                new("fused (default policy)", false, () => cases.EulerGuidedFused(n, standard)),
                new("fused, non-temporal stores", false, () => cases.EulerGuidedFused(n, nonTemporal)),
                new("combine-then-step", false, () => cases.EulerGuidedCombineThenStep(n, standard)),
                new("floor, ordinary stores", true, () => cases.Floor3(n, threads)),
                new("floor, non-temporal stores", true, () => cases.Floor3(n, threads, nonTemporal: true)),
            },
            _ => throw new ArgumentException(
                $"Unknown stage '{stage}' (Euler, Heun, DpmSolver2M, EulerOutOfPlace, DpmSolver2MOutOfPlace, EulerEpsilon, HeunEpsilon, DpmSolver2MEpsilon, EulerGuidedEpsilon).", nameof(stage)),
        };
    }

    /// <summary>The probes of round 4 item 3 for an in-place stage: the floor's loop with one change each, and the kernel's chunk size.</summary>
    private static unsafe List<Variant> ProbesOf(string stage, StepCases<float> cases, int n, int threads)
    {
        var probes = new List<Variant>();
        (int inputs, Action<KernelOptions>? kernel) = stage switch
        {
            "Euler" => (2, o => cases.EulerKernel(n, o)),
            "Heun" => (4, o => cases.HeunKernel(n, o)),
            "DpmSolver2M" => (3, new Action<KernelOptions>(o => cases.DpmSolverKernel(n, o))),
            _ => (0, null),
        };
        if (kernel is null)
        {
            return probes;
        }

        nint x = (nint)cases.X.Pointer, dd = (nint)cases.D.Pointer, fourth = (nint)cases.DPredicted.Pointer;
        nint third = inputs == 4 ? (nint)cases.XPredicted.Pointer : (nint)cases.DPrevious.Pointer;
        foreach (LoopShapeProbes.Shape shape in Enum.GetValues<LoopShapeProbes.Shape>())
        {
            probes.Add(new($"probe: floor loop, {shape}", false, () =>
                LoopShapeProbes.Run(shape, (float*)x, (float*)dd, (float*)third, (float*)fourth, (float*)x, inputs, n, threads)));
        }

        if (threads > 1)
        {
            foreach (int chunk in new[] { 1 << 14, 1 << 18, 1 << 20 })
            {
                var options = new KernelOptions { MaxDegreeOfParallelism = threads, ChunkSize = chunk };
                probes.Add(new($"probe: kernel, chunk {chunk >> 10} Ki", false, () => kernel(options)));
            }
        }

        return probes;
    }

    private static IEnumerable<string> Measure(string stage, int size, int threads, Variant[] variants, int rounds, int repeats)
    {
        foreach (Variant v in variants)
        {
            v.Run(); // first touch, jitting (the kernels are AggressiveOptimization; the floors' callers warm here)
            v.Run();
        }

        int k = variants.Length;
        var times = new double[rounds, k];
        for (int r = 0; r < rounds; r++)
        {
            for (int j = 0; j < k; j++)
            {
                int v = (j + r) % k; // rotated order: no variant always follows the same one
                long start = Stopwatch.GetTimestamp();
                for (int repeat = 0; repeat < repeats; repeat++)
                {
                    variants[v].Run();
                }

                times[r, v] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        int[] floors = Enumerable.Range(0, k).Where(v => variants[v].IsFloor).ToArray();
        for (int v = 0; v < k; v++)
        {
            double[] ms = Enumerable.Range(0, rounds).Select(r => times[r, v]).ToArray();
            double[] ratios = Enumerable.Range(0, rounds).Select(r => times[r, v] / floors.Min(f => times[r, f])).ToArray();
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"| {stage} | {SizeLabel(size)} | {threads} | {variants[v].Name} | {Quantile(ms, 0.5):0.0} | {Quantile(ratios, 0.5):0.000} | {Quantile(ratios, 0.25):0.000}-{Quantile(ratios, 0.75):0.000} |");
        }

        // The A/B of round 4 within each round: the operator's own loop over the round-3 register-load loop.
        int current = Array.FindIndex(variants, v => v.Name == DefaultKernel);
        int old = Array.FindIndex(variants, v => v.Name == RegisterLoadKernel);
        if (current >= 0 && old >= 0)
        {
            double[] ab = Enumerable.Range(0, rounds).Select(r => times[r, current] / times[r, old]).ToArray();
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"| {stage} | {SizeLabel(size)} | {threads} | A/B: default kernel / register-load kernel, same round | | {Quantile(ab, 0.5):0.000} | {Quantile(ab, 0.25):0.000}-{Quantile(ab, 0.75):0.000} |");
        }
    }

    private static string SizeLabel(int size) =>
        size >= 1 << 20 ? $"{size / (1 << 20)} Mi" : $"{size / (1 << 10)} Ki";

    private static double Quantile(double[] values, double q)
    {
        double[] sorted = values.OrderBy(x => x).ToArray();
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string? StringArgument(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static IEnumerable<string> AllArguments(string[] args, string name)
    {
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == name)
            {
                yield return args[i + 1];
            }
        }
    }

    private static int? IntArgument(string[] args, string name) =>
        StringArgument(args, name) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : null;

    /// <summary>The passes with a separate output (<see cref="StepCases{T}.XPredicted"/>), read from X, D and DPrevious.</summary>
    private static unsafe class OutOfPlace
    {
        public static void Euler(StepCases<float> c, int n, KernelOptions options)
        {
            StepProblem p = StepProblem.Ode;
            SdeDsl.Samplers.EulerSampler.Step<SdeDsl.Schedules.Edm, float>.Pass(
                default, p.T, p.TNext, c.X.Prefix(n), c.D.Prefix(n), c.XPredicted.Prefix(n), default, options);
        }

        public static void DpmSolver(StepCases<float> c, int n, KernelOptions options)
        {
            StepProblem p = StepProblem.Ode;
            SdeDsl.Samplers.DpmSolverPlusPlus2MSampler.Step<SdeDsl.Schedules.Edm, float>.Pass(
                default, p.TPrevious, p.T, p.TNext, c.X.Prefix(n), c.D.Prefix(n), c.DPrevious.Prefix(n), c.XPredicted.Prefix(n), default, options);
        }

        public static void Floor2(StepCases<float> c, int n, int threads, bool nonTemporal) =>
            Floor.Sum2(c.X.Pointer, c.D.Pointer, c.XPredicted.Pointer, n, threads, nonTemporal);

        public static void Floor3(StepCases<float> c, int n, int threads, bool nonTemporal) =>
            Floor.Sum3(c.X.Pointer, c.D.Pointer, c.DPrevious.Pointer, c.XPredicted.Pointer, n, threads, nonTemporal);
    }
}
