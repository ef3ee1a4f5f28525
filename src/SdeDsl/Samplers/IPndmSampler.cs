using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Samplers.Driver;

namespace SdeDsl.Samplers;

/// <summary>
/// iPNDM (Zhang and Chen 2023, "Fast Sampling of Diffusion Models with Exponential Integrator" (DEIS), eq. 24: the
/// improved pseudo numerical method of Liu et al. 2022; ComfyUI's "ipndm"; docs/math.md §15.9): Adams-Bashforth with the
/// fixed weights of equal steps (1; 3/2, -1/2; 23/12, -16/12, 5/12; 55/24, -59/24, 37/24, -9/24) on
/// dy/dsigma = (y - D)/sigma, order rising to 4 over the first steps. One denoiser call per step; the final step into
/// sigma = 0 is x = D.
/// </summary>
public static class IPndmSampler
{
    /// <summary>Samples over <paramref name="times"/>; the shared arguments as in <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">The model.</param>
    /// <param name="times">t_0 &gt; ... &gt; t_{N-1} inside the schedule's range.</param>
    /// <param name="x">On entry x_{t_0}; on success the sample; unchanged if the run fails or is cancelled.</param>
    /// <param name="order">The highest order, 1 to 4 (ComfyUI's max_order 4).</param>
    /// <param name="options">Final step, kernel settings, cancellation.</param>
    /// <param name="onStep">Called after every step.</param>
    /// <returns>The number of denoiser calls (N with the final step into sigma = 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is outside [1, 4].</exception>
    /// <exception cref="ArgumentException">The grid is empty, not strictly decreasing, outside the schedule's range or has sigma = 0 before its last time.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity or left an element unwritten.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; <paramref name="x"/> is unchanged.</exception>
    public static int Sample<TSchedule, T, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x,
        int order = 4, SamplingOptions? options = null, StepCallback<T>? onStep = null)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        SdeArguments.CheckOrder(order, 4);
        var step = new LmsSampler.Step<TSchedule, T>(order, true);
        return SamplerDriver.Sample(nameof(IPndmSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }
}
