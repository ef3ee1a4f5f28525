using System;
using System.Numerics;
using SdeDsl.Denoisers;

namespace SdeDsl.Samplers.Driver;

/// <summary>
/// The one sampler loop. It owns what no sampler repeats: argument and grid validation, the pooled working copy of
/// the caller's buffer and the scratch buffers, denoiser calls with the finite check, the per-step callback,
/// cancellation, the final step into sigma = 0 and the commit. The sampler's own algorithm is its
/// <see cref="ISamplerStep{TSchedule, T}"/>.
/// </summary>
/// <remarks>
/// Steps: one per interval of the grid, plus the final step into sigma = 0 when <see cref="SamplingOptions.DenoiseToZero"/>
/// is set. A grid whose last time already has sigma = 0 (a schedule declared from t = 0) ends with the final step
/// from the time before it instead, whatever <see cref="SamplingOptions.DenoiseToZero"/> says: no step ever divides
/// by sigma = 0 and no denoiser is ever called at sigma = 0 (docs/math.md §7.10).
/// </remarks>
internal static class SamplerDriver
{
    /// <summary>Runs <paramref name="step"/> over <paramref name="times"/> on <paramref name="x"/>; returns the denoiser calls made.</summary>
    public static int Sample<TSchedule, T, TDenoiser, TStep>(
        string sampler, in TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x,
        SamplingOptions? options, StepCallback<T>? onStep, ref TStep step)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
        where TStep : struct, ISamplerStep<TSchedule, T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException($"Samplers support float and double tensors, not {typeof(T).Name}.");
        }

        if (denoiser is null)
        {
            throw new ArgumentNullException(nameof(denoiser));
        }

        options ??= SamplingOptions.Default;
        bool endsAtZero = GridValidation.Validate(schedule, times, options.DenoiseToZero);
        if (x.IsEmpty)
        {
            throw new ArgumentException("x must hold the initial sample x_T (it is empty).", nameof(x));
        }

        if (options.KnownRegion is { } known && known.Length != x.Length)
        {
            throw new ArgumentException(
                $"The known region (inpainting) has {known.Length} elements but x has {x.Length}.", nameof(options));
        }

        options.Samples?.Validate(x.Length, nameof(options));

        int intervals = times.Length - 1;
        int finalStep = endsAtZero ? intervals - 1 : options.DenoiseToZero ? intervals : -1;
        int stepCount = endsAtZero ? intervals : intervals + (options.DenoiseToZero ? 1 : 0);
        var run = new SamplerRun<TSchedule, T, TDenoiser>(sampler, schedule, denoiser, times, x, options, onStep, stepCount);
        try
        {
            run.ImposeKnownRegion(times[0], atZero: false);
            for (int i = 0; i < stepCount; i++)
            {
                double t = step.Prepare(ref run, i, times[i]);
                if (i == finalStep)
                {
                    run.FinalStep(i, t);
                    run.ImposeKnownRegion(0, atZero: true);
                    run.Completed(i, 0);
                }
                else
                {
                    step.Advance(ref run, i, t, times[i + 1]);
                    run.ImposeKnownRegion(times[i + 1], atZero: false);
                    run.Completed(i, schedule.Sigma(times[i + 1]));
                }
            }

            run.Commit();
            return run.Calls;
        }
        finally
        {
            run.Dispose();
        }
    }
}
