using System;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Kernels;
using SdeDsl.Samplers;
using SdeDsl.Tests.TestSchedules;
using Xunit;

namespace SdeDsl.Tests;

/// <summary>
/// No allocation at all once warm: a whole run (pooled buffers, inline bookkeeping) allocates nothing, for 4 steps
/// or 99. Single-threaded, so the count is the run's alone; the parallel paths allocate nothing on the calling thread
/// either (the kernels: ParallelChunksTests; the analytic denoisers, split with ParallelChunks: VectorisedDenoiserTests).
/// </summary>
[Collection(AllocationMeasurement.Name)]
public sealed class AllocationTests
{
    [Theory]
    [InlineData("Euler")]
    [InlineData("Heun")]
    [InlineData("EdmStochastic")]
    [InlineData("EulerMaruyama")]
    [InlineData("Langevin")]
    [InlineData("EulerAncestral")]
    [InlineData("Ddim")]
    [InlineData("DpmSolverPlusPlus2M")]
    [InlineData("PredictorCorrector")]
    public void Allocations_do_not_grow_with_the_step_count(string sampler)
    {
        HandVp schedule = default;
        var denoiser = new GaussianDenoiser(new[] { 0.5, -1.0 }, 0.7) { MaxDegreeOfParallelism = 1 };
        var options = new SamplingOptions { Seed = 1, Kernel = new KernelOptions { MaxDegreeOfParallelism = 1 } };
        Func<double, double> beta = t => 1.0;
        float[] x = new float[4096];
        double[] few = TimeSteps.Karras(schedule, 5), many = TimeSteps.Karras(schedule, 100);

        long Measure(double[] times)
        {
            Prior.Sample(schedule, times[0], x.AsSpan(), 2);
            long before = GC.GetAllocatedBytesForCurrentThread();
            switch (sampler)
            {
                case "Euler": EulerSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
                case "Heun": HeunSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
                case "EdmStochastic": EdmStochasticSampler.Sample(schedule, denoiser, times, x.AsSpan(), new ChurnSettings(10), options); break;
                case "EulerMaruyama": EulerMaruyamaSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
                case "Langevin": LangevinSampler.Sample(schedule, denoiser, times, x.AsSpan(), beta, options); break;
                case "EulerAncestral": EulerAncestralSampler.Sample(schedule, denoiser, times, x.AsSpan(), 1.0, options); break;
                case "Ddim": DdimSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
                case "DpmSolverPlusPlus2M": DpmSolverPlusPlus2MSampler.Sample(schedule, denoiser, times, x.AsSpan(), options); break;
                default: PredictorCorrectorSampler.Sample(schedule, denoiser, times, x.AsSpan(), 64, Predictor.ReverseSde, 1, 0.16, options); break;
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Measure(few);
        Measure(many); // warm-up: pools filled, code jitted
        long small = Measure(few), large = Measure(many);
        Assert.True(large == small, $"{sampler}: {small} bytes for 4 steps but {large} bytes for 99 steps");
        Assert.True(small == 0, $"{sampler}: {small} bytes per run");
    }
}
