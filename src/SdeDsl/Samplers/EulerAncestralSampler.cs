using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;

namespace SdeDsl.Samplers;

/// <summary>Euler ancestral (k-diffusion's sample_euler_ancestral; math.md section 7): a deterministic DDIM move down to sigma_down, then fresh noise of standard deviation sigma_up, with eta scaling the injected noise (eta = 0 is DDIM).</summary>
public static class EulerAncestralSampler
{
    /// <summary>Samples over <paramref name="times"/>; the shared arguments as in <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">The model.</param>
    /// <param name="times">t_0 &gt; ... &gt; t_{N-1} inside the schedule's range.</param>
    /// <param name="x">On entry x_{t_0}; on success the sample; unchanged if the run fails or is cancelled.</param>
    /// <param name="options">Seed, final step, kernel settings, cancellation, progress.</param>
    /// <param name="onStep">Called after every step.</param>
    /// <param name="eta">The fraction of ancestral noise (1 is the usual choice, 0 is DDIM).</param>
    /// <returns>The number of denoiser calls (N with the final step into sigma = 0).</returns>
    /// <exception cref="ArgumentException">The grid is empty, not strictly decreasing or outside the schedule's range.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; <paramref name="x"/> is unchanged.</exception>
    public static int Sample<TSchedule, T, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x,
        double eta,
        SamplingOptions? options = null, StepCallback<T>? onStep = null)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        if (!(eta >= 0) || double.IsInfinity(eta))
        {
            throw new ArgumentOutOfRangeException(nameof(eta), eta, "eta must be finite and non-negative.");
        }

        var run = new SamplerRun<TSchedule, T, TDenoiser>(nameof(EulerAncestralSampler), schedule, denoiser, times, x, options, onStep);
        try
        {
            Span<T> denoised = run.Rent();
            for (int i = 0; i < run.IntervalCount; i++)
            {
                run.Denoise(i, run.Y, times[i], denoised);
                StepKernels.Ancestral(schedule, times[i], times[i + 1], eta, run.State, denoised, run.Noise, (ulong)i << 32, run.State, run.ScaledOutput, run.Kernel);
                run.Completed(i, times[i], times[i + 1], denoised);
            }

            return run.Finish(denoised);
        }
        finally
        {
            run.Dispose();
        }
    }
}
