using SdeDsl.Samplers;
using SdeDsl.Samplers.Adaptive;

namespace SdeDsl.Likelihood;

/// <summary>Settings of a likelihood through the probability-flow ODE (docs/math.md §16.4).</summary>
public sealed record LikelihoodOptions
{
    /// <summary>The default options.</summary>
    public static LikelihoodOptions Default { get; } = new();

    /// <summary>The time the data points live at (null: the schedule's TMin, e.g. score_sde's eps = 1e-3 of VP); sigma there must be &gt; 0.</summary>
    public double? StartTime { get; init; }

    /// <summary>The time the ODE is integrated to (null: the schedule's TMax).</summary>
    public double? EndTime { get; init; }

    /// <summary>The adaptive solver (method, variable, tolerances); <see cref="AdaptiveOptions.Default"/> when null.</summary>
    public AdaptiveOptions? Adaptive { get; init; }

    /// <summary>How the divergence is computed.</summary>
    public DivergenceMethod Divergence { get; init; } = DivergenceMethod.Automatic;

    /// <summary>The Hutchinson probe distribution.</summary>
    public HutchinsonProbe Probe { get; init; } = HutchinsonProbe.Rademacher;

    /// <summary>Hutchinson probes per point, averaged (the variance falls as 1/P; each costs two calls per evaluation).</summary>
    public int Probes { get; init; } = 1;

    /// <summary>The seed of the probes (stream (2^32 - 2) 2^32 + p for probe p, sample-keyed by the point's index; docs/math.md §16.5).</summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// log p_T of the endpoint: the exact noisy marginal when given (an analytic denoiser, say), otherwise the Gaussian
    /// prior y_T ~ N(0, sigma_T^2 I), the approximation <see cref="Samplers.Prior"/> draws from.
    /// </summary>
    public INoisyLogDensity? Prior { get; init; }

    /// <summary>Finite check and cancellation of the denoiser calls (the samplers' settings; the seed and final step are not used).</summary>
    public SamplingOptions? Sampling { get; init; }
}
