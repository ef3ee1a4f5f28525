using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using SdeDsl.Benchmarks.Infrastructure;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Schedules;

namespace SdeDsl.Benchmarks.Noise;

/// <summary>
/// Issue 18 item 3, round 4: the noise rate per size and the noisy steps against Euler, cases alternated round by round
/// in one process, each timed in wall clock AND in the calling thread's CPU time (Linux
/// <c>CLOCK_THREAD_CPUTIME_ID</c>: time the thread was descheduled or the vCPU stolen is not counted, so the figures
/// survive a loaded machine). <c>-- --noise-sizes [--rounds N]</c>; about a minute at the default 9 rounds.
/// </summary>
/// <remarks>
/// The cases separate what the BenchmarkDotNet rows mix: 64 calls of 16 Ki against one call of 1 Mi (per-call cost),
/// 64 Mi into a reused, already touched buffer (what <c>NoisyStepBenchmarks</c> measures) against 64 Mi into a freshly
/// allocated one (first-touch page faults), and the noisy steps against the Euler pass over the same buffers at 64 Mi.
/// Reported: median and best per round, in ns per element; the best CPU-time round is the least disturbed estimate.
/// </remarks>
public static unsafe class NoiseSizeRatios
{
    /// <summary>The command-line switch.</summary>
    public const string Switch = "--noise-sizes";

    private const int Small = 16 << 10, Medium = 1 << 20, Dram = 64 << 20;

    /// <summary>Runs the cases and prints the table.</summary>
    /// <param name="args">Command-line arguments (<c>--rounds N</c>).</param>
    /// <returns>0.</returns>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        int at = Array.IndexOf(args, "--rounds");
        int rounds = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : 9;
        Print(Console.Out, rounds);
        return 0;
    }

    private static void Print(TextWriter output, int rounds)
    {
        var one = new KernelOptions { MaxDegreeOfParallelism = 1 };
        var noise = new GaussianNoise(seed: 42);
        ulong step = 0;
        using var small = new NativeBuffer<float>(Small, 1);
        using var medium = new NativeBuffer<float>(Medium, 1);
        using var x = new NativeBuffer<float>(Dram, 1);
        using var d = new NativeBuffer<float>(Dram, 2);
        StepProblem ode = StepProblem.Ode, sde = StepProblem.Sde;
        var cases = new List<(string Name, long Elements, Action Run)>
        {
            ("Fill 16 Ki, 64 calls", 64L * Small, () => { for (int k = 0; k < 64; k++) noise.Fill(step++, 0, small.Span, one); }),
            ("Fill 1 Mi, 1 call", Medium, () => noise.Fill(step++, 0, medium.Span, one)),
            ("Fill 64 Mi, reused buffer", Dram, () => noise.Fill(step++, 0, x.Span, one)),
            ("Fill 64 Mi, fresh buffer", Dram, () => FreshFill(noise, step++, one)),
            ("Euler 64 Mi", Dram, () => EulerSampler.Step<Edm, float>.Pass(default, ode.T, ode.TNext, x.Span, d.Span, x.Span, default, one)),
            ("Euler-Maruyama 64 Mi", Dram, () => EulerMaruyamaSampler.Step<Vp, float>.Pass(default, sde.T, sde.TNext, x.Span, d.Span, new NoiseKey(noise.Seed, step++), x.Span, default, one)),
            ("ancestral 64 Mi", Dram, () => EulerAncestralSampler.Step<Vp, float>.Pass(default, sde.T, sde.TNext, sde.Eta, x.Span, d.Span, new NoiseKey(noise.Seed, step++), x.Span, default, one)),
            ("churn 64 Mi", Dram, () => HeunSampler.Step<Edm, float>.ChurnPass(default, ode.T, 1.1 * ode.T, 1.0, x.Span, new NoiseKey(noise.Seed, step++), x.Span, default, one)),
        };

        foreach ((string _, long _, Action run) in cases)
        {
            run(); // compiled and touched before the first timed round
        }

        var wall = cases.ToDictionary(c => c.Name, _ => new List<double>());
        var cpu = cases.ToDictionary(c => c.Name, _ => new List<double>());
        for (int r = 0; r < rounds; r++)
        {
            foreach ((string name, long elements, Action run) in cases)
            {
                double cpuStart = ThreadCpuSeconds();
                long start = Stopwatch.GetTimestamp();
                run();
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                wall[name].Add(seconds / elements * 1e9);
                cpu[name].Add((ThreadCpuSeconds() - cpuStart) / elements * 1e9);
            }
        }

        double eulerCpu = cpu["Euler 64 Mi"].Min();
        output.WriteLine($"Noise per size and the noisy steps, {rounds} alternating rounds, one thread, float (ns per element; best CPU round also as 1e9 elements/s and / Euler)");
        output.WriteLine("| case | wall median | wall best | CPU median | CPU best | CPU best, 1e9/s | CPU best / Euler |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach ((string name, long _, Action _) in cases)
        {
            double best = cpu[name].Min();
            output.WriteLine(FormattableString.Invariant(
                $"| {name} | {Median(wall[name]):F3} | {wall[name].Min():F3} | {Median(cpu[name]):F3} | {best:F3} | {1 / best:F3} | {best / eulerCpu:F2} |"));
        }
    }

    private static void FreshFill(GaussianNoise noise, ulong step, KernelOptions options)
    {
        void* memory = NativeMemory.AlignedAlloc((nuint)Dram * sizeof(float), 64);
        try
        {
            noise.Fill(step, 0, new Span<float>(memory, Dram), options);
        }
        finally
        {
            NativeMemory.AlignedFree(memory);
        }
    }

    private static double Median(List<double> values)
    {
        List<double> sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }

    private static double ThreadCpuSeconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return double.NaN;
        }

        _ = clock_gettime(ClockThreadCpuTime, out Timespec now);
        return now.Seconds + (now.Nanoseconds * 1e-9);
    }

    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clock, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
