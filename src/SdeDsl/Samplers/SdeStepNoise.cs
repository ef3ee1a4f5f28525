using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using SdeDsl.Samplers.Driver;

namespace SdeDsl.Samplers;

/// <summary>
/// The noise of one stochastic update of the samplers of docs/math.md §15: adds c z to a buffer in place, z standard
/// normal, either fresh (stream (step &lt;&lt; 32) | substream, docs/math.md §8.4) or the normalised Brownian-tree
/// increment over [sigma_to, sigma_from] (docs/math.md §15.7).
/// </summary>
internal readonly struct SdeStepNoise(SdeNoise process)
{
    /// <summary>Whether the increments come from the Brownian tree.</summary>
    public bool IsBrownianTree => process == SdeNoise.BrownianTree;

    /// <summary>target = target + coefficient z; scaled = target * inverseScale when not empty.</summary>
    /// <param name="run">The run (seed, sample layout, schedule range, scratch).</param>
    /// <param name="step">The step (its streams).</param>
    /// <param name="substream">The substream of independent noise.</param>
    /// <param name="sigmaFrom">The interval's upper sigma (Brownian tree).</param>
    /// <param name="sigmaTo">The interval's lower sigma (Brownian tree).</param>
    /// <param name="coefficient">c.</param>
    /// <param name="target">The buffer updated in place.</param>
    /// <param name="scaled">Where target/s goes, or empty.</param>
    /// <param name="inverseScale">1/s.</param>
    /// <param name="scratchSlot">A run buffer the tree's increment may use.</param>
    public void Add<TSchedule, T, TDenoiser>(
        ref SamplerRun<TSchedule, T, TDenoiser> run, int step, uint substream, double sigmaFrom, double sigmaTo,
        double coefficient, Span<T> target, Span<T> scaled, double inverseScale, int scratchSlot)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        NoiseKey key = run.Noise(step, substream);
        if (process == SdeNoise.BrownianTree)
        {
            Span<T> z = run.Buffer(scratchSlot);
            TSchedule schedule = run.Schedule;
            SampleLayout? layout = key.IsSampleKeyed ? key.Samples : null;
            var tree = new BrownianTree(key.Seed, schedule.Sigma(schedule.TMin), schedule.Sigma(schedule.TMax), layout);
            tree.NormalisedIncrement(sigmaFrom, sigmaTo, z, run.Kernel);
            FusedPass.Combine<T>(1, target, coefficient, z, target, scaled, inverseScale, run.Kernel);
        }
        else
        {
            FusedPass.CombineWithNoise<T>(1, target, coefficient, key, target, scaled, inverseScale, run.Kernel);
        }
    }
}
