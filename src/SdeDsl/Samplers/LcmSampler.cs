using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Samplers.Driver;

namespace SdeDsl.Samplers;

/// <summary>
/// Multistep consistency sampling for latent consistency models (Song et al. 2023, "Consistency Models", Algorithm 1;
/// Luo et al. 2023, "Latent Consistency Models"; diffusers' LCMScheduler, ComfyUI's "lcm"; docs/math.md §15.10): at each
/// grid time predict x_0 with the boundary conditions, f = c_skip x + c_out D, then re-noise it to the next grid time
/// with fresh noise, x_next = s_next (f + sigma_next z). One denoiser call per step. The final step into sigma = 0 is
/// the driver's x = D, i.e. c_skip(t_last) taken as 0 (7e-6 at diffusers' last LCM timestep 19).
/// </summary>
public static class LcmSampler
{
    /// <summary>Samples over <paramref name="times"/>; the shared arguments as in <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">The model (its D is the consistency model's x_0 prediction F).</param>
    /// <param name="times">t_0 &gt; ... &gt; t_{N-1} inside the schedule's range (LCM uses 1 to 8 steps).</param>
    /// <param name="x">On entry x_{t_0}; on success the sample; unchanged if the run fails or is cancelled.</param>
    /// <param name="boundary">c_skip and c_out; <see cref="ConsistencyBoundary.Lcm"/> when null.</param>
    /// <param name="options">Seed, final step, kernel settings, cancellation.</param>
    /// <param name="onStep">Called after every step.</param>
    /// <returns>The number of denoiser calls (N with the final step into sigma = 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A bad boundary (sigma_data or the timestep scaling not positive).</exception>
    /// <exception cref="ArgumentException">The grid is empty, not strictly decreasing, outside the schedule's range or has sigma = 0 before its last time.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity or left an element unwritten.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; <paramref name="x"/> is unchanged.</exception>
    public static int Sample<TSchedule, T, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x,
        ConsistencyBoundary? boundary = null, SamplingOptions? options = null, StepCallback<T>? onStep = null)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        ConsistencyBoundary b = boundary ?? ConsistencyBoundary.Lcm;
        b.Validate();
        IndependentNoiseOnly.Require(options, nameof(LcmSampler));
        var step = new Step<TSchedule, T>(b);
        return SamplerDriver.Sample(nameof(LcmSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }

    /// <summary>x_next = s_next (c_skip(t) x + c_out(t) D + sigma_next z), z from stream step &lt;&lt; 32 (docs/math.md §15.10).</summary>
    internal readonly struct Step<TSchedule, T>(ConsistencyBoundary boundary) : ISamplerStep<TSchedule, T>
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public double Prepare<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t)
            where TDenoiser : IDenoiser<T> => t;

        public void Advance<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t, double tNext)
            where TDenoiser : IDenoiser<T>
        {
            Span<T> denoised = run.Denoise(step, t);
            TSchedule schedule = run.Schedule;
            (double skip, double output) = boundary.At(t);
            double sNext = schedule.Scale(tNext), sigmaNext = schedule.Sigma(tNext);
            FusedPass.CombineWithNoise(
                sNext * skip, run.State, sNext * output, denoised, sNext * sigmaNext, run.Noise(step), 0,
                run.State, run.ScaledOutput, 1 / sNext, run.Kernel);
        }
    }
}
