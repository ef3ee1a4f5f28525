using System;
using System.Buffers;
using System.Numerics;
using SdeDsl.Denoisers;

namespace SdeDsl.Samplers.Adaptive;

/// <summary>
/// Samples by solving the probability-flow ODE with an adaptive embedded Runge-Kutta pair (Dormand-Prince 5(4) or
/// Bogacki-Shampine 3(2)) under a PI step-size controller (docs/math.md §16): the solver picks its own steps to meet
/// rtol and atol, in t, sigma or log sigma. The conventions are the fixed-step samplers': cancellation before every
/// denoiser call, the finite check naming the step and sigma, the caller's buffer unchanged on failure, the final
/// step x = D into sigma = 0, pooled buffers (nothing allocated per step) and a deterministic result.
/// </summary>
public static class AdaptiveOdeSampler
{
    /// <summary>
    /// Integrates dy/du = (d log sigma/du) (y - D(y; sigma)), y = x/s, from <paramref name="tStart"/> down to
    /// <paramref name="tEnd"/> with adaptive steps, then takes the final step into sigma = 0 (x = D) unless
    /// <see cref="SamplingOptions.DenoiseToZero"/> is off (x = s(t_end) y then).
    /// </summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">The model.</param>
    /// <param name="tStart">The start time (the noise end), inside the schedule's range.</param>
    /// <param name="tEnd">The end time, below <paramref name="tStart"/>, with sigma(t_end) &gt; 0.</param>
    /// <param name="x">On entry x at <paramref name="tStart"/>; on success the sample. Unchanged if the solve fails or is cancelled.</param>
    /// <param name="adaptive">Method, variable, tolerances and controller; <see cref="AdaptiveOptions.Default"/> when null.</param>
    /// <param name="options">Final step, finite check and cancellation (the seed is not used: the solve is deterministic).</param>
    /// <param name="onStep">Called after every accepted step and the final step; <see cref="SamplerStepInfo{T}.StepCount"/> is 0 (not known in advance).</param>
    /// <returns>Denoiser calls, accepted and rejected steps.</returns>
    /// <exception cref="ArgumentException">A time is outside the range or not finite, the times are not decreasing, sigma(t_end) is 0, x is empty, inpainting is requested, or an adaptive setting is invalid.</exception>
    /// <exception cref="AdaptiveStepSizeException">The tolerance could not be met within the step limits.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity or left an element unwritten.</exception>
    /// <exception cref="OperationCanceledException">The solve was cancelled; <paramref name="x"/> is unchanged.</exception>
    public static AdaptiveStatistics Sample<TSchedule, T, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, double tStart, double tEnd, Span<T> x,
        AdaptiveOptions? adaptive = null, SamplingOptions? options = null, StepCallback<T>? onStep = null)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException($"Samplers support float and double tensors, not {typeof(T).Name}.");
        }

        if (denoiser is null)
        {
            throw new ArgumentNullException(nameof(denoiser));
        }

        adaptive ??= AdaptiveOptions.Default;
        options ??= SamplingOptions.Default;
        adaptive.Validate(nameof(adaptive));
        SolveRange.Validate(schedule, tStart, tEnd, nameof(tStart), nameof(tEnd), forward: false);
        if (x.IsEmpty)
        {
            throw new ArgumentException("x must hold the initial sample x_T (it is empty).", nameof(x));
        }

        if (options.KnownRegion is not null)
        {
            throw new ArgumentException("The adaptive sampler does not support inpainting (SamplingOptions.KnownRegion); use a fixed-step sampler.", nameof(options));
        }

        string solver = EmbeddedTableau.Of(adaptive.Method).SamplerName;
        int n = x.Length;
        double[] y = ArrayPool<double>.Shared.Rent(n);
        T[] input = ArrayPool<T>.Shared.Rent(n), denoised = ArrayPool<T>.Shared.Rent(n);
        T[]? observed = onStep is null ? null : ArrayPool<T>.Shared.Rent(n);
        try
        {
            Span<double> state = y.AsSpan(0, n);
            double inverseScale = 1 / schedule.Scale(tStart);
            for (int i = 0; i < n; i++)
            {
                state[i] = double.CreateTruncating(x[i]) * inverseScale;
            }

            var calls = new AdaptiveDenoiserCalls<T, TDenoiser>(solver, denoiser, options);
            var system = new ProbabilityFlowSystem<TSchedule, T, TDenoiser>(schedule, adaptive.Variable, calls, input, denoised, observed, n, onStep);
            double u0 = system.Map.AtTime(tStart), u1 = system.Map.AtTime(tEnd);
            AdaptiveStatistics statistics = AdaptiveIntegrator.Integrate(solver, ref system, u0, u1, state, adaptive);

            Span<T> result = (observed ?? input).AsSpan(0, n);
            double sigmaEnd = schedule.Sigma(tEnd);
            if (options.DenoiseToZero)
            {
                // docs/math.md §7.10: Euler in sigma from sigma_end to 0 lands on y(0) = D(y; sigma_end) = x.
                system.Denoise(state, sigmaEnd, system.Denoised);
                system.Denoised.CopyTo(result);
                if (onStep is not null)
                {
                    onStep(new SamplerStepInfo<T>(statistics.AcceptedSteps, 0, tEnd, sigmaEnd, 0, result, system.Denoised));
                }
            }
            else
            {
                double s = schedule.Scale(tEnd);
                for (int i = 0; i < n; i++)
                {
                    result[i] = T.CreateTruncating(s * state[i]);
                }
            }

            system.Calls.ThrowIfCancelled();
            result.CopyTo(x);
            return statistics with { DenoiserCalls = system.Calls.Calls };
        }
        finally
        {
            ArrayPool<double>.Shared.Return(y);
            ArrayPool<T>.Shared.Return(input);
            ArrayPool<T>.Shared.Return(denoised);
            if (observed is not null)
            {
                ArrayPool<T>.Shared.Return(observed);
            }
        }
    }
}
