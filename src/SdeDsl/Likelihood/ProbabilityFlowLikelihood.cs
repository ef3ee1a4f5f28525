using System;
using System.Buffers;
using SdeDsl.Denoisers;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Samplers.Adaptive;

namespace SdeDsl.Likelihood;

/// <summary>
/// Log-likelihoods of data points through the probability-flow ODE (SGM section 4.3, appendix D.2; docs/math.md
/// §16.4): each point is carried from the start time to the end time by the ODE while the divergence of its drift is
/// integrated alongside (the instantaneous change of variables), with an adaptive solver (docs/math.md §16.1-§16.3),
/// and log p_T of the endpoint is added. Exact in the limit of the tolerance with an exact divergence.
/// </summary>
public static class ProbabilityFlowLikelihood
{
    /// <summary>The first noise stream of the Hutchinson probes: probe p uses stream <c>ProbeStream + p</c> (docs/math.md §16.5).</summary>
    public static ulong ProbeStream => 0xFFFF_FFFEUL << 32;

    /// <summary>
    /// Writes log p_{t_0}(x) for every point x of <paramref name="points"/> (B points of <paramref name="dimension"/>
    /// elements, row after row, in the schedule's scaled space at t_0 = <see cref="LikelihoodOptions.StartTime"/>):
    /// log p_{t_0}(x) = log p_T(y_T) + integral_{u_0}^{u_T} r (d - div_y D) du - d log s(t_0), y = x/s.
    /// </summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">The model; with <see cref="DivergenceMethod.Exact"/> it must implement <see cref="IExactDivergence"/>.</param>
    /// <param name="points">The data points, flattened.</param>
    /// <param name="dimension">The number of elements d of a point.</param>
    /// <param name="logLikelihood">Receives one log-likelihood (nats) per point.</param>
    /// <param name="options">Times, solver, divergence method, probes, prior, finite check and cancellation.</param>
    /// <returns>Denoiser calls, accepted and rejected steps of the one solve over the whole batch.</returns>
    /// <exception cref="ArgumentException">The points are empty, not a whole number of points or not finite, the output has the wrong length, the times are outside the range or not increasing, the denoiser cannot give an exact divergence when asked to, the prior's dimension differs, or a setting is invalid.</exception>
    /// <exception cref="AdaptiveStepSizeException">The tolerance could not be met within the step limits.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity or left an element unwritten.</exception>
    /// <exception cref="OperationCanceledException">The solve was cancelled; <paramref name="logLikelihood"/> is unchanged.</exception>
    public static AdaptiveStatistics LogLikelihood<TSchedule, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> points, int dimension, Span<double> logLikelihood,
        LikelihoodOptions? options = null)
        where TSchedule : struct, INoiseSchedule
        where TDenoiser : IDenoiser<double>
    {
        if (denoiser is null)
        {
            throw new ArgumentNullException(nameof(denoiser));
        }

        options ??= LikelihoodOptions.Default;
        AdaptiveOptions adaptive = options.Adaptive ?? AdaptiveOptions.Default;
        adaptive.Validate(nameof(options));
        SamplingOptions sampling = options.Sampling ?? SamplingOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (points.IsEmpty || points.Length % dimension != 0)
        {
            throw new ArgumentException($"{points.Length} values are not a positive whole number of {dimension}-dimensional points.", nameof(points));
        }

        int count = points.Length / dimension;
        if (logLikelihood.Length != count)
        {
            throw new ArgumentException($"logLikelihood needs one element per point ({count}); it has {logLikelihood.Length}.", nameof(logLikelihood));
        }

        for (int i = 0; i < points.Length; i++)
        {
            if (!double.IsFinite(points[i]))
            {
                throw new ArgumentException($"points[{i}] = {points[i]:R} (point {i / dimension}) is not finite.", nameof(points));
            }
        }

        double tStart = options.StartTime ?? schedule.TMin, tEnd = options.EndTime ?? schedule.TMax;
        SolveRange.Validate(schedule, tStart, tEnd, nameof(LikelihoodOptions.StartTime), nameof(LikelihoodOptions.EndTime), forward: true);
        DivergenceMethod method = Resolve(options.Divergence, denoiser, out IExactDivergence? exact);
        if (method == DivergenceMethod.Hutchinson && options.Probes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Probes, $"LikelihoodOptions.Probes = {options.Probes}: at least one Hutchinson probe is needed.");
        }

        if (!Enum.IsDefined(options.Probe))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Probe, $"LikelihoodOptions.Probe = {options.Probe} is not a defined probe.");
        }

        if (options.Prior is { } prior && prior.Dimension != dimension)
        {
            throw new ArgumentException($"The prior's log density is for {prior.Dimension}-dimensional points, not {dimension}.", nameof(options));
        }

        int n = points.Length, probes = method == DivergenceMethod.Hutchinson ? options.Probes : 0;
        double[] state = ArrayPool<double>.Shared.Rent(n + count);
        double[] denoised = ArrayPool<double>.Shared.Rent(n), shifted = ArrayPool<double>.Shared.Rent(n);
        double[] plus = ArrayPool<double>.Shared.Rent(n), minus = ArrayPool<double>.Shared.Rent(n);
        double[] divergence = ArrayPool<double>.Shared.Rent(count), probeValues = ArrayPool<double>.Shared.Rent(Math.Max(1, probes * n));
        try
        {
            DrawProbes(options, probes, dimension, probeValues.AsSpan(0, probes * n));
            double s0 = schedule.Scale(tStart);
            Span<double> y = state.AsSpan(0, n + count);
            for (int i = 0; i < n; i++)
            {
                y[i] = points[i] / s0;
            }

            y[n..].Clear();
            string solver = EmbeddedTableau.Of(adaptive.Method).LikelihoodName;
            var calls = new AdaptiveDenoiserCalls<double, TDenoiser>(solver, denoiser, sampling);
            var system = new LikelihoodSystem<TSchedule, TDenoiser>(
                schedule, adaptive.Variable, calls, exact, method, count, dimension, probes, denoised, shifted, plus, minus, divergence, probeValues);
            double u0 = system.Map.AtTime(tStart), u1 = system.Map.AtTime(tEnd);
            AdaptiveStatistics statistics = AdaptiveIntegrator.Integrate(solver, ref system, u0, u1, y, adaptive);
            system.Calls.ThrowIfCancelled();

            // docs/math.md (16.7) and (16.9): log p_{t_0}(x) = log p(y_T; sigma_T) + delta - d log s(t_0).
            double sigmaEnd = schedule.Sigma(tEnd), logScale = dimension * Math.Log(s0);
            for (int b = 0; b < count; b++)
            {
                ReadOnlySpan<double> end = y.Slice(b * dimension, dimension);
                double logPrior = options.Prior?.LogDensity(end, sigmaEnd) ?? GaussianLogDensity(end, sigmaEnd);
                logLikelihood[b] = logPrior + y[n + b] - logScale;
            }

            return statistics with { DenoiserCalls = system.Calls.Calls };
        }
        finally
        {
            ArrayPool<double>.Shared.Return(state);
            ArrayPool<double>.Shared.Return(denoised);
            ArrayPool<double>.Shared.Return(shifted);
            ArrayPool<double>.Shared.Return(plus);
            ArrayPool<double>.Shared.Return(minus);
            ArrayPool<double>.Shared.Return(divergence);
            ArrayPool<double>.Shared.Return(probeValues);
        }
    }

    /// <summary>log N(y; 0, sigma^2 I) = -1/2 (||y||^2/sigma^2 + d log(2 pi sigma^2)), the prior p_T approximation.</summary>
    public static double GaussianLogDensity(ReadOnlySpan<double> y, double sigma)
    {
        double sum = 0;
        foreach (double value in y)
        {
            sum += value * value;
        }

        return -0.5 * (sum / (sigma * sigma) + y.Length * Math.Log(2 * Math.PI * sigma * sigma));
    }

    /// <summary>
    /// The Hutchinson probes: probe p of point b is element b of a sample-keyed draw of stream
    /// <see cref="ProbeStream"/> + p (normals, or their signs for Rademacher), so a point's probe depends on its index
    /// only, not on the batch size.
    /// </summary>
    internal static void DrawProbes(LikelihoodOptions options, int probes, int dimension, Span<double> destination)
    {
        if (probes == 0)
        {
            return;
        }

        var noise = new GaussianNoise(options.Seed);
        int n = destination.Length / probes;
        for (int p = 0; p < probes; p++)
        {
            Span<double> probe = destination.Slice(p * n, n);
            noise.FillSamples(ProbeStream + (ulong)p, new SampleLayout(dimension), probe);
            if (options.Probe == HutchinsonProbe.Rademacher)
            {
                for (int i = 0; i < n; i++)
                {
                    probe[i] = probe[i] >= 0 ? 1 : -1;
                }
            }
        }
    }

    private static DivergenceMethod Resolve<TDenoiser>(DivergenceMethod requested, TDenoiser denoiser, out IExactDivergence? exact)
        where TDenoiser : IDenoiser<double>
    {
        exact = denoiser as IExactDivergence;
        switch (requested)
        {
            case DivergenceMethod.Automatic:
                return exact is null ? DivergenceMethod.Hutchinson : DivergenceMethod.Exact;
            case DivergenceMethod.Exact when exact is null:
                throw new ArgumentException(
                    $"DivergenceMethod.Exact needs a denoiser implementing {nameof(IExactDivergence)}; {typeof(TDenoiser).Name} does not " +
                    "(use JacobianVectorProducts for small dimensions or Hutchinson).",
                    nameof(denoiser));
            case DivergenceMethod.Exact:
            case DivergenceMethod.JacobianVectorProducts:
            case DivergenceMethod.Hutchinson:
                return requested;
            default:
                throw new ArgumentOutOfRangeException(nameof(requested), requested, "Unknown divergence method.");
        }
    }
}
