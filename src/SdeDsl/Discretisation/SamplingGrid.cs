using System;

namespace SdeDsl.Discretisation;

/// <summary>
/// A named grid (docs/math.md §15.6): the times a sampler visits, their sigmas, and whether the run ends with the final
/// step into sigma = 0. Pass <see cref="Times"/> to a sampler and <see cref="DenoiseToZero"/> to
/// <c>SamplingOptions.DenoiseToZero</c>.
/// </summary>
public sealed class SamplingGrid
{
    internal SamplingGrid(double[] times, double[] sigmas, bool denoiseToZero)
    {
        Times = times;
        Sigmas = sigmas;
        DenoiseToZero = denoiseToZero;
    }

    /// <summary>The strictly decreasing grid times inside the schedule's range.</summary>
    public double[] Times { get; }

    /// <summary>sigma at each of <see cref="Times"/> (the same length).</summary>
    public double[] Sigmas { get; }

    /// <summary>True when the run should end with the final step into sigma = 0 (<see cref="FinalSigma.Zero"/>).</summary>
    public bool DenoiseToZero { get; }

    /// <summary>The number of sampler steps: the intervals, plus the final step into sigma = 0 when <see cref="DenoiseToZero"/>.</summary>
    public int Steps => Times.Length - 1 + (DenoiseToZero ? 1 : 0);

    /// <summary>The grid as diffusers and ComfyUI write it: <see cref="Sigmas"/>, then 0 when <see cref="DenoiseToZero"/>.</summary>
    public double[] SigmasWithFinal()
    {
        double[] result = new double[Sigmas.Length + (DenoiseToZero ? 1 : 0)];
        Sigmas.AsSpan().CopyTo(result);
        return result;
    }
}
