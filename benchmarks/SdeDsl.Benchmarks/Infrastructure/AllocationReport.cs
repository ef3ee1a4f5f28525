using System;
using System.Collections.Generic;
using System.Numerics;
using SdeDsl.Benchmarks.Samplers;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Schedules;

namespace SdeDsl.Benchmarks.Infrastructure;

/// <summary>
/// Managed bytes allocated per call of each SdeDsl step kernel, the noise fill and a whole Heun run, on one thread,
/// measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/> over many calls after a warm-up. Printed at the end
/// of quick mode: exact where an in-process quick run's Allocated column is not (BenchmarkDotNet's in-process engine
/// counts every thread's allocations). The full run's MemoryDiagnoser column is the reference.
/// </summary>
public static class AllocationReport
{
    private const int Calls = 200;

    /// <summary>Measures and prints a markdown table.</summary>
    public static void Print()
    {
        Console.WriteLine();
        Console.WriteLine("Managed allocation per call, one thread, 16384 elements (GC.GetAllocatedBytesForCurrentThread over 200 calls):");
        Console.WriteLine();
        Console.WriteLine("| call | float | double |");
        Console.WriteLine("|---|---:|---:|");
        Dictionary<string, double> f = Measure<float>(), d = Measure<double>();
        foreach ((string name, double bytes) in f)
        {
            Console.WriteLine($"| {name} | {bytes:0.#} B | {d[name]:0.#} B |");
        }
    }

    private static Dictionary<string, double> Measure<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        const int n = BenchmarkSettings.Small;
        var one = new KernelOptions { MaxDegreeOfParallelism = 1 };
        var results = new Dictionary<string, double>();
        using var cases = new StepCases<T>(n, withUsualWays: false);
        var noise = new GaussianNoise(1);
        var free = (IDenoiser<T>)(object)new FreeDenoiser();
        var options = new SamplingOptions { Kernel = one };
        double[] times = Edm.DefaultTimes(SamplerBenchmarks.GridTimes);

        void Add(string name, Action call)
        {
            for (int i = 0; i < 20; i++)
            {
                call();
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Calls; i++)
            {
                call();
            }

            results[name] = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Calls;
        }

        Add("EulerSampler.Step.Pass", () => cases.EulerKernel(n, one));
        Add("HeunSampler.Step.Correction", () => cases.HeunKernel(n, one));
        Add("EulerMaruyamaSampler.Step.Pass", () => cases.EulerMaruyamaKernel(n, one));
        Add("EulerAncestralSampler.Step.Pass", () => cases.AncestralKernel(n, one));
        Add("DpmSolverPlusPlus2MSampler.Step.Pass", () => cases.DpmSolverKernel(n, one));
        Add("GaussianNoise.Fill", () => noise.Fill(3, 0, cases.D.Prefix(n), one));
        Add("HeunSampler.Sample (whole run, free denoiser)", () => HeunSampler.Sample(default(Edm), free, times, cases.X.Prefix(n), options));
        return results;
    }
}
