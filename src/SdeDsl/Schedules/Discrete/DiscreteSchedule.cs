using System;

namespace SdeDsl.Schedules;

/// <summary>
/// A discrete training schedule (DDPM, Stable Diffusion, SDXL) as a continuous VP schedule (docs/math.md §12.2):
/// the time t is the fractional training timestep in [0, N-1], sigma_i = sqrt((1 - alpha_bar_i) / alpha_bar_i) at the
/// integers, log sigma linear between them (k-diffusion's discrete wrapper), and s(t) = 1 / sqrt(1 + sigma(t)^2).
/// </summary>
/// <remarks>
/// <para>
/// On segment k (t in [k, k+1]) with slope d = ln sigma_{k+1} - ln sigma_k: sigma' = d sigma, s' = -d s^3 sigma^2,
/// f = -d sigma^2/(1 + sigma^2), g^2 = 2 d sigma^2/(1 + sigma^2), a = d/(1 + sigma^2), b = d s (docs/math.md §12.2).
/// At an integer t = k &gt; 0 the derivatives are those of the segment below, [k-1, k], the one a sampler moving
/// down from t enters; at t = 0 those of [0, 1]. Outside [0, N-1] the end segments are continued (so EDM churn
/// may look beyond TMax, and <see cref="TimeAtSigma"/> is total on sigma &gt; 0).
/// </para>
/// <para>
/// Zero terminal SNR: a table whose last alpha_bar is 0 has sigma_{N-1} = infinity, which no sampler grid accepts.
/// <see cref="Create"/> then replaces that alpha_bar by <see cref="ZeroSnrAlphaBar"/> = 2^-24 (diffusers'
/// EulerDiscreteScheduler does the same), so sigma_{N-1} = 4096 and the whole range [0, N-1] stays usable: the run
/// starts from x = s(N-1) (x_0 + 4096 eps), which is pure noise to float32 precision in the network's input.
/// <see cref="FromAlphasCumprod"/> rejects a 0 instead of guessing.
/// </para>
/// <para>The default value has no table; every member then throws <see cref="InvalidOperationException"/>.</para>
/// </remarks>
public readonly struct DiscreteSchedule : INoiseSchedule
{
    /// <summary>The alpha_bar that stands for 0 at a zero-terminal-SNR end: 2^-24 (diffusers' Euler scheduler), sigma = 4096.</summary>
    public const double ZeroSnrAlphaBar = 1.0 / (1 << 24);

    private readonly double[]? _alphasCumprod;
    private readonly double[]? _logSigmas;

    private DiscreteSchedule(double[] alphasCumprod)
    {
        _alphasCumprod = alphasCumprod;
        _logSigmas = new double[alphasCumprod.Length];
        for (int i = 0; i < alphasCumprod.Length; i++)
        {
            // ln sigma = (ln(1 - abar) - ln abar) / 2; 1 - abar is exact for abar >= 1/2 (Sterbenz).
            _logSigmas[i] = 0.5 * (Math.Log(1 - alphasCumprod[i]) - Math.Log(alphasCumprod[i]));
        }
    }

    /// <summary>
    /// The schedule of a table alpha_bar_0 &gt; ... &gt; alpha_bar_{N-1} (docs/math.md §12.2).
    /// </summary>
    /// <param name="alphasCumprod">N &gt;= 2 values, strictly decreasing, in (0, 1); copied.</param>
    /// <exception cref="ArgumentException">Fewer than 2 values, a value outside (0, 1) (a 0 names <see cref="ZeroSnrAlphaBar"/>), or not strictly decreasing.</exception>
    public static DiscreteSchedule FromAlphasCumprod(ReadOnlySpan<double> alphasCumprod)
    {
        if (alphasCumprod.Length < 2)
        {
            throw new ArgumentException($"Need at least 2 alphas_cumprod; got {alphasCumprod.Length}.", nameof(alphasCumprod));
        }

        for (int i = 0; i < alphasCumprod.Length; i++)
        {
            double value = alphasCumprod[i];
            if (value == 0)
            {
                throw new ArgumentException(
                    $"alphas_cumprod[{i}] = 0 (zero terminal SNR) gives an infinite sigma; replace it by a small positive value such as DiscreteSchedule.ZeroSnrAlphaBar = 2^-24 (as DiscreteSchedule.Create does).",
                    nameof(alphasCumprod));
            }

            if (!(value > 0 && value < 1))
            {
                throw new ArgumentException($"alphas_cumprod[{i}] = {value:R} is not in (0, 1).", nameof(alphasCumprod));
            }

            if (i > 0 && !(value < alphasCumprod[i - 1]))
            {
                throw new ArgumentException($"alphas_cumprod must strictly decrease; [{i - 1}] = {alphasCumprod[i - 1]:R}, [{i}] = {value:R}.", nameof(alphasCumprod));
            }
        }

        return new DiscreteSchedule(alphasCumprod.ToArray());
    }

    /// <summary>
    /// The schedule of training betas: alpha_bar_i = prod_{j &lt;= i} (1 - beta_j) (docs/math.md §12.2), a final
    /// alpha_bar of 0 (a last beta of 1) replaced by <see cref="ZeroSnrAlphaBar"/>.
    /// </summary>
    /// <param name="betas">N &gt;= 2 betas in (0, 1] (diffusers' trained_betas).</param>
    /// <param name="precision">float32 as diffusers, or double.</param>
    /// <exception cref="ArgumentException">A beta outside (0, 1], or an alpha_bar of 0 before the last.</exception>
    public static DiscreteSchedule FromBetas(ReadOnlySpan<double> betas, TrainingPrecision precision = TrainingPrecision.Single)
    {
        double[] alphasCumprod = TrainingTables.AlphasCumprod(betas, precision);
        if (alphasCumprod[^1] == 0)
        {
            alphasCumprod[^1] = ZeroSnrAlphaBar;
        }

        return FromAlphasCumprod(alphasCumprod);
    }

    /// <summary>
    /// The schedule diffusers builds from <c>beta_schedule</c>, <c>num_train_timesteps</c>, <c>beta_start</c>,
    /// <c>beta_end</c> and <c>rescale_betas_zero_snr</c> (docs/math.md §12.1-§12.3).
    /// </summary>
    /// <param name="schedule">The beta schedule.</param>
    /// <param name="trainingSteps">N &gt;= 2 (1000 for Stable Diffusion).</param>
    /// <param name="betaStart">beta_0 (0.00085 for Stable Diffusion).</param>
    /// <param name="betaEnd">beta_{N-1} (0.012 for Stable Diffusion).</param>
    /// <param name="rescaleZeroTerminalSnr">Rescale to zero terminal SNR; the final alpha_bar is then <see cref="ZeroSnrAlphaBar"/>.</param>
    /// <param name="precision">float32 as diffusers (default), or double.</param>
    /// <exception cref="ArgumentOutOfRangeException">See <see cref="TrainingTables.Betas"/>.</exception>
    public static DiscreteSchedule Create(
        BetaSchedule schedule, int trainingSteps, double betaStart = 0.0001, double betaEnd = 0.02,
        bool rescaleZeroTerminalSnr = false, TrainingPrecision precision = TrainingPrecision.Single)
    {
        double[] betas = TrainingTables.Betas(schedule, trainingSteps, betaStart, betaEnd, precision);
        if (rescaleZeroTerminalSnr)
        {
            betas = TrainingTables.RescaleZeroTerminalSnr(betas, precision);
        }

        return FromBetas(betas, precision);
    }

    private double[] LogSigmas => _logSigmas ?? throw new InvalidOperationException("This DiscreteSchedule is the default value and has no table; build one with DiscreteSchedule.Create, FromBetas or FromAlphasCumprod.");

    /// <summary>The number of training timesteps N.</summary>
    public int TrainingSteps => LogSigmas.Length;

    /// <summary>The table alpha_bar_0 .. alpha_bar_{N-1} (a zero terminal SNR end as <see cref="ZeroSnrAlphaBar"/>).</summary>
    public ReadOnlySpan<double> AlphasCumprod => _alphasCumprod ?? throw new InvalidOperationException("This DiscreteSchedule is the default value and has no table.");

    /// <summary>sigma_i = sqrt((1 - alpha_bar_i) / alpha_bar_i) at training timestep <paramref name="timestep"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The timestep is outside [0, N-1].</exception>
    public double SigmaAt(int timestep)
    {
        double[] table = LogSigmas;
        ArgumentOutOfRangeException.ThrowIfNegative(timestep);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(timestep, table.Length);
        return Math.Exp(table[timestep]);
    }

    /// <summary>The smallest time: training timestep 0.</summary>
    public double TMin
    {
        get
        {
            _ = LogSigmas; // throws for the default value, like every other member
            return 0;
        }
    }

    /// <summary>The largest time: training timestep N - 1.</summary>
    public double TMax => LogSigmas.Length - 1;

    /// <summary>False: s = 1/sqrt(1 + sigma^2) (VP).</summary>
    public bool IsScaleIdentity => false;

    /// <summary>
    /// The segment of t: k = ceil(t) - 1 clamped to [0, N-2], so t in (k, k+1] (t = 0 and below: segment 0; above
    /// N-1: segment N-2); returns ln sigma(t) and the slope d = ln sigma_{k+1} - ln sigma_k.
    /// </summary>
    private (double LogSigma, double Slope) Segment(double t)
    {
        double[] table = LogSigmas;
        if (double.IsNaN(t))
        {
            return (double.NaN, double.NaN);
        }

        double upper = Math.Ceiling(t);
        int k = upper <= 1 ? 0 : upper >= table.Length - 1 ? table.Length - 2 : (int)upper - 1;
        double slope = table[k + 1] - table[k];
        return (table[k] + (t - k) * slope, slope);
    }

    /// <summary>sigma(t) = exp((1 - w) ln sigma_k + w ln sigma_{k+1}), w = t - k (docs/math.md §12.2).</summary>
    public double Sigma(double t) => Math.Exp(Segment(t).LogSigma);

    /// <summary>sigma'(t) = d sigma(t), d = ln sigma_{k+1} - ln sigma_k (docs/math.md §12.2).</summary>
    public double SigmaDerivative(double t)
    {
        (double logSigma, double slope) = Segment(t);
        return slope * Math.Exp(logSigma);
    }

    /// <summary>s(t) = 1/sqrt(1 + sigma^2) = sqrt(alpha_bar(t)) (docs/math.md §12.2).</summary>
    public double Scale(double t) => ScaleOf(Segment(t).LogSigma);

    /// <summary>s'(t) = -d s^3 sigma^2 (docs/math.md §12.2).</summary>
    public double ScaleDerivative(double t)
    {
        (double logSigma, double slope) = Segment(t);
        double s = ScaleOf(logSigma);
        return -slope * s * NoiseFraction(logSigma);
    }

    /// <summary>f(t) = s'/s = -d sigma^2/(1 + sigma^2) (docs/math.md §12.2).</summary>
    public double Drift(double t)
    {
        (double logSigma, double slope) = Segment(t);
        return -slope * NoiseFraction(logSigma);
    }

    /// <summary>g(t) = sqrt(2 d sigma^2/(1 + sigma^2)) (docs/math.md §12.2).</summary>
    public double Diffusion(double t) => Math.Sqrt(DiffusionSquared(t));

    /// <summary>g(t)^2 = 2 s^2 sigma' sigma = 2 d sigma^2/(1 + sigma^2) (docs/math.md §12.2).</summary>
    public double DiffusionSquared(double t)
    {
        (double logSigma, double slope) = Segment(t);
        return 2 * slope * NoiseFraction(logSigma);
    }

    /// <summary>a(t) = sigma'/sigma + s'/s = d/(1 + sigma^2) (docs/math.md §12.2).</summary>
    public double OdeStateCoefficient(double t)
    {
        (double logSigma, double slope) = Segment(t);
        return slope * (1 - NoiseFraction(logSigma));
    }

    /// <summary>b(t) = sigma' s/sigma = d s (docs/math.md §12.2).</summary>
    public double OdeDenoiserCoefficient(double t)
    {
        (double logSigma, double slope) = Segment(t);
        return slope * ScaleOf(logSigma);
    }

    /// <summary>
    /// sigma^-1: binary search for the segment with ln sigma_k &lt;= ln sigma &lt;= ln sigma_{k+1}, then
    /// t = k + (ln sigma - ln sigma_k)/d (docs/math.md §12.2); the end segments are continued outside the table.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sigma"/> is not positive and finite.</exception>
    public double TimeAtSigma(double sigma)
    {
        double[] table = LogSigmas;
        if (!(sigma > 0) || double.IsPositiveInfinity(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be positive and finite.");
        }

        double logSigma = Math.Log(sigma);
        int lo = 0, hi = table.Length - 1; // invariant: the segment is in [lo, hi - 1]
        while (hi - lo > 1)
        {
            int mid = (lo + hi) >>> 1;
            if (table[mid] <= logSigma) lo = mid;
            else hi = mid;
        }

        return lo + (logSigma - table[lo]) / (table[lo + 1] - table[lo]);
    }

    /// <summary>s = 1/sqrt(1 + sigma^2) = exp(-ln(1 + e^(2 ln sigma))/2), without overflow for large sigma.</summary>
    private static double ScaleOf(double logSigma) => Math.Exp(-0.5 * SoftPlus(2 * logSigma));

    /// <summary>sigma^2/(1 + sigma^2) = 1 - alpha_bar, the logistic function of 2 ln sigma.</summary>
    private static double NoiseFraction(double logSigma) => 1 / (1 + Math.Exp(-2 * logSigma));

    private static double SoftPlus(double z) => z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));
}
