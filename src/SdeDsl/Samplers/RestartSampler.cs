using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Samplers.Driver;

namespace SdeDsl.Samplers;

/// <summary>
/// Restart sampling (Xu et al. 2023, "Restart Sampling for Improving Generative Processes", Algorithm 1; ComfyUI's
/// "restart" sampler, <c>sample_restart</c>; docs/math.md §15.11): Heun's method (EDM Algorithm 1,
/// <see cref="HeunSampler"/>'s step) along the grid, and at each <see cref="RestartSegment"/>'s t_min, K times: a forward
/// jump to t_max with fresh noise, x = s(t_max)/s(t_min) x + s(t_max) sqrt(sigma_max^2 - sigma_min^2) S_noise z, then Heun
/// back to t_min on a Karras (rho = 7) sub-grid of N_restart points. The forward jumps contract the accumulated
/// error of the ODE part; with K = 0 (or no segments) it is the Heun run exactly.
/// </summary>
public static class RestartSampler
{
    /// <summary>Samples with restarts <paramref name="restarts"/>; the other arguments as <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">D(y; sigma).</param>
    /// <param name="times">The grid t_0 &gt; t_1 &gt; ...; the segments' sigmas snap to its points, as in ComfyUI.</param>
    /// <param name="x">The initial sample x_T, overwritten with the result.</param>
    /// <param name="restarts">The restart segments; an empty list gives Heun's method.</param>
    /// <param name="options">Seed, final step, kernel settings, cancellation. <see cref="SamplingOptions.NoiseProcess"/> must be
    /// <see cref="SdeNoise.Independent"/>: the forward jump is not an increment of the reverse process's Brownian motion.</param>
    /// <param name="onStep">Called after each grid step (a step's restarts belong to it).</param>
    /// <param name="sNoise">S_noise, the scale of the forward jump's noise (1 in the paper; finite, non-negative).</param>
    /// <remarks>
    /// The noise of the r-th restart after grid step i (counting the restarts of every segment at that point, in list
    /// order) is stream <c>(i &lt;&lt; 32) | r</c> of <see cref="SamplingOptions.Seed"/>, sample-keyed with
    /// <see cref="SamplingOptions.Samples"/>, so runs are bitwise reproducible across threads and batch sizes.
    /// Each restart costs 2 (N_restart - 1) denoiser calls.
    /// </remarks>
    /// <returns>The number of denoiser calls.</returns>
    /// <exception cref="ArgumentException">Invalid grid, a segment that is invalid or snaps to an empty interval, a negative S_noise, or Brownian-tree noise.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity or left an element unwritten.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; <paramref name="x"/> is unchanged.</exception>
    public static int Sample<TSchedule, T, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x, ReadOnlySpan<RestartSegment> restarts,
        SamplingOptions? options = null, StepCallback<T>? onStep = null, double sNoise = 1)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        IndependentNoiseOnly.Require(options, nameof(RestartSampler));
        options ??= SamplingOptions.Default;

        if (!(sNoise >= 0) || !double.IsFinite(sNoise))
        {
            throw new ArgumentOutOfRangeException(nameof(sNoise), sNoise, "S_noise must be finite and non-negative.");
        }

        GridValidation.Validate(schedule, times, options.DenoiseToZero);
        var step = new Step<TSchedule, T>(schedule, Resolve(schedule, times, restarts), sNoise);
        return SamplerDriver.Sample(nameof(RestartSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }

    /// <summary>A segment snapped to the grid: restarts at grid index <c>Min</c> up to grid index <c>Max</c> &lt; <c>Min</c>.</summary>
    internal readonly record struct Resolved(int Min, int Max, int Points, int Repeats);

    /// <summary>Snaps each segment's sigmas to the nearest grid point (ComfyUI's argmin |sigmas - key|) and checks it.</summary>
    private static Resolved[] Resolve<TSchedule>(in TSchedule schedule, ReadOnlySpan<double> times, ReadOnlySpan<RestartSegment> restarts)
        where TSchedule : struct, INoiseSchedule
    {
        var resolved = new Resolved[restarts.Length];
        for (int k = 0; k < restarts.Length; k++)
        {
            RestartSegment segment = restarts[k];
            if (segment.Steps < 2 || segment.Repeats < 0
                || !(segment.SigmaMin > 0) || !double.IsFinite(segment.SigmaMax) || !(segment.SigmaMax > segment.SigmaMin))
            {
                throw new ArgumentException(
                    $"Restart segment {k} ({segment}) needs Steps >= 2, Repeats >= 0 and 0 < SigmaMin < SigmaMax < infinity.", nameof(restarts));
            }

            int min = Nearest(schedule, times, segment.SigmaMin), max = Nearest(schedule, times, segment.SigmaMax);
            if (!(max < min) || !(schedule.Sigma(times[min]) > 0))
            {
                throw new ArgumentException(
                    $"Restart segment {k} ({segment}) snaps to grid sigmas {schedule.Sigma(times[max]):R} (t_max) and " +
                    $"{schedule.Sigma(times[min]):R} (t_min): t_max must be above t_min and t_min above 0.", nameof(restarts));
            }

            resolved[k] = new Resolved(min, max, segment.Steps, segment.Repeats);
        }

        return resolved;
    }

    private static int Nearest<TSchedule>(in TSchedule schedule, ReadOnlySpan<double> times, double sigma)
        where TSchedule : struct, INoiseSchedule
    {
        int best = 0;
        for (int j = 1; j < times.Length; j++)
        {
            if (Math.Abs(schedule.Sigma(times[j]) - sigma) < Math.Abs(schedule.Sigma(times[best]) - sigma))
            {
                best = j;
            }
        }

        return best;
    }

    /// <summary>Heun's step along the grid, then the restarts whose t_min is the grid point just reached.</summary>
    internal struct Step<TSchedule, T> : ISamplerStep<TSchedule, T>
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private const double Rho = 7;
        private readonly HeunSampler.Step<TSchedule, T> _heun;
        private readonly Resolved[] _restarts;
        private readonly double _sNoise;

        /// <summary>Heun without churn plus the snapped restart segments.</summary>
        public Step(in TSchedule schedule, Resolved[] restarts, double sNoise)
        {
            _heun = new HeunSampler.Step<TSchedule, T>(schedule, default);
            _restarts = restarts;
            _sNoise = sNoise;
        }

        /// <summary>No churn: the step starts at the grid time.</summary>
        public readonly double Prepare<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t)
            where TDenoiser : IDenoiser<T> => t;

        /// <summary>Heun to t_next (docs/math.md §7.2), then the restarts at t_next (docs/math.md §15.11).</summary>
        public readonly void Advance<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t, double tNext)
            where TDenoiser : IDenoiser<T>
        {
            _heun.Advance(ref run, step, t, tNext);
            uint restart = 0;
            foreach (Resolved segment in _restarts)
            {
                if (segment.Min != step + 1)
                {
                    continue;
                }

                for (int k = 0; k < segment.Repeats; k++)
                {
                    Restart(ref run, step, segment, restart++);
                }
            }
        }

        /// <summary>
        /// The forward jump t_min -> t_max, y = y + sqrt(sigma_max^2 - sigma_min^2) S_noise z (EDM's churn pass, in x:
        /// x = s(t_max)/s(t_min) x + s(t_max) sqrt(...) S_noise z), then Heun over the Karras sub-grid
        /// sigma_j = (sigma_max^(1/rho) + j/(N-1) (sigma_min^(1/rho) - sigma_max^(1/rho)))^rho, j = 0 .. N - 1.
        /// </summary>
        private readonly void Restart<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, in Resolved segment, uint restart)
            where TDenoiser : IDenoiser<T>
        {
            TSchedule schedule = run.Schedule;
            double tMin = run.Times[segment.Min], tMax = run.Times[segment.Max];
            HeunSampler.Step<TSchedule, T>.ChurnPass(schedule, tMin, tMax, _sNoise, run.State, run.Noise(step, restart), run.State, run.ScaledOutput, run.Kernel);

            double top = Math.Pow(schedule.Sigma(tMax), 1 / Rho), bottom = Math.Pow(schedule.Sigma(tMin), 1 / Rho);
            int intervals = segment.Points - 1;
            double from = tMax;
            for (int j = 1; j <= intervals; j++)
            {
                double to = j == intervals ? tMin : schedule.TimeAtSigma(Math.Pow(top + (double)j / intervals * (bottom - top), Rho));
                _heun.Advance(ref run, step, from, to);
                from = to;
            }
        }
    }
}
