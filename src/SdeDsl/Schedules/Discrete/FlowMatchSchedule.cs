using System;

namespace SdeDsl.Schedules;

/// <summary>
/// A flow-matching training schedule with a timestep shift (Stable Diffusion 3, Flux; diffusers'
/// FlowMatchEulerDiscreteScheduler; docs/math.md §12.5). The time u in [1/N, 1 - 1/N] is the unshifted flow time;
/// the network's flow time is tau(u) = k u / (1 + (k - 1) u) (shift k), x = (1 - tau) x_0 + tau eps, so
/// s(u) = 1 - tau = (1 - u)/(1 + (k - 1) u) and sigma(u) = tau/(1 - tau) = k u/(1 - u).
/// </summary>
/// <remarks>
/// Derived in docs/math.md §12.5: sigma' = k/(1 - u)^2, s' = -k/(1 + (k-1)u)^2, f = -k/((1 - u)(1 + (k-1)u)),
/// g^2 = 2 k^2 u/((1 - u)(1 + (k-1)u)^2), a = b = 1/(u (1 + (k-1)u)), u = sigma/(k + sigma).
/// The resolution-dependent shift of diffusers (use_dynamic_shifting, time_shift exp(mu)/(exp(mu) + 1/t - 1)) is the
/// same map with k = exp(mu) (<see cref="WithDynamicShift"/>). The range stops 1/N short of u = 1, where sigma is
/// infinite. The default value is k = 1 (no shift), N = 1000.
/// </remarks>
public readonly struct FlowMatchSchedule : INoiseSchedule
{
    // Stored as offsets so that default(FlowMatchSchedule) is the valid unshifted schedule with N = 1000.
    private readonly double _shiftExcess;
    private readonly int _trainingStepsExcess;

    /// <summary>The schedule with shift <paramref name="shift"/> (diffusers' <c>shift</c>; 3.0 for SD3).</summary>
    /// <param name="shift">k &gt; 0, finite.</param>
    /// <param name="trainingSteps">N &gt;= 2 (diffusers' num_train_timesteps, 1000); the range is [1/N, 1 - 1/N].</param>
    /// <exception cref="ArgumentOutOfRangeException">k not positive and finite, or N &lt; 2.</exception>
    public FlowMatchSchedule(double shift, int trainingSteps = 1000)
    {
        if (!(shift > 0) || double.IsPositiveInfinity(shift))
        {
            throw new ArgumentOutOfRangeException(nameof(shift), shift, "shift must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(trainingSteps, 2);
        _shiftExcess = shift - 1;
        _trainingStepsExcess = trainingSteps - 1000;
    }

    /// <summary>
    /// diffusers' resolution-dependent mu (the Flux pipelines' calculate_shift; docs/math.md §12.5):
    /// mu = base_shift + (L - L_base)(max_shift - base_shift)/(L_max - L_base), linear in the image sequence length L.
    /// </summary>
    /// <param name="imageSequenceLength">L &gt; 0 (latent tokens: (height/16)(width/16) for Flux).</param>
    /// <param name="baseShift">mu at L_base (0.5).</param>
    /// <param name="maxShift">mu at L_max (1.15).</param>
    /// <param name="baseImageSequenceLength">L_base (256).</param>
    /// <param name="maxImageSequenceLength">L_max &gt; L_base (4096).</param>
    /// <exception cref="ArgumentOutOfRangeException">L not positive, L_max &lt;= L_base, or a shift not finite.</exception>
    public static double DynamicShiftMu(int imageSequenceLength, double baseShift = 0.5, double maxShift = 1.15, int baseImageSequenceLength = 256, int maxImageSequenceLength = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageSequenceLength);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxImageSequenceLength, baseImageSequenceLength);
        if (!double.IsFinite(baseShift))
        {
            throw new ArgumentOutOfRangeException(nameof(baseShift), baseShift, "base_shift must be finite.");
        }

        if (!double.IsFinite(maxShift))
        {
            throw new ArgumentOutOfRangeException(nameof(maxShift), maxShift, "max_shift must be finite.");
        }

        double slope = (maxShift - baseShift) / (maxImageSequenceLength - baseImageSequenceLength);
        return imageSequenceLength * slope + (baseShift - slope * baseImageSequenceLength);
    }

    /// <summary>
    /// The dynamically shifted schedule: k = exp(mu), mu from <see cref="DynamicShiftMu"/> (docs/math.md §12.5).
    /// </summary>
    /// <param name="imageSequenceLength">L &gt; 0.</param>
    /// <param name="baseShift">mu at L_base.</param>
    /// <param name="maxShift">mu at L_max.</param>
    /// <param name="baseImageSequenceLength">L_base.</param>
    /// <param name="maxImageSequenceLength">L_max &gt; L_base.</param>
    /// <param name="trainingSteps">N &gt;= 2.</param>
    /// <exception cref="ArgumentOutOfRangeException">See <see cref="DynamicShiftMu"/>, or exp(mu) overflows.</exception>
    public static FlowMatchSchedule WithDynamicShift(
        int imageSequenceLength, double baseShift = 0.5, double maxShift = 1.15, int baseImageSequenceLength = 256,
        int maxImageSequenceLength = 4096, int trainingSteps = 1000) =>
        new(Math.Exp(DynamicShiftMu(imageSequenceLength, baseShift, maxShift, baseImageSequenceLength, maxImageSequenceLength)), trainingSteps);

    /// <summary>The shift k.</summary>
    public double Shift => 1 + _shiftExcess;

    /// <summary>The number of training timesteps N (the network's timestep input is N tau).</summary>
    public int TrainingSteps => 1000 + _trainingStepsExcess;

    /// <summary>tau(u) = k u/(1 + (k - 1) u): diffusers' shifted sigma, the network's flow time (docs/math.md §12.5).</summary>
    public double ShiftedTime(double u) => Shift * u / (1 + _shiftExcess * u);

    /// <summary>
    /// The grid diffusers' set_timesteps(n) visits, in u (docs/math.md §12.5): u_i = linspace(1, u_end, n) with
    /// u_end = tau(1/N) (static shift: diffusers shifts its stored sigma_min a second time) or 1/N (dynamic shift),
    /// the top u = 1 (sigma infinite) replaced by TMax = 1 - 1/N.
    /// </summary>
    /// <param name="steps">n &gt;= 1.</param>
    /// <param name="dynamicShift">True for a config with use_dynamic_shifting.</param>
    /// <returns>n strictly decreasing times in [TMin, TMax] (n = 1: [TMax]).</returns>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 1.</exception>
    public double[] DiffusersGrid(int steps, bool dynamicShift = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        double end = dynamicShift ? TMin : ShiftedTime(TMin);
        var times = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            times[i] = steps == 1 ? 1 : 1 + i * ((end - 1) / (steps - 1));
        }

        times[0] = TMax;
        if (steps > 1)
        {
            times[^1] = end;
        }

        return times;
    }

    /// <summary>1/N.</summary>
    public double TMin => 1.0 / TrainingSteps;

    /// <summary>1 - 1/N.</summary>
    public double TMax => 1 - 1.0 / TrainingSteps;

    /// <summary>False: s = 1 - tau.</summary>
    public bool IsScaleIdentity => false;

    private double Denominator(double u) => 1 + _shiftExcess * u;

    /// <summary>sigma(u) = k u/(1 - u).</summary>
    public double Sigma(double t) => Shift * t / (1 - t);

    /// <summary>sigma'(u) = k/(1 - u)^2.</summary>
    public double SigmaDerivative(double t) => Shift / ((1 - t) * (1 - t));

    /// <summary>s(u) = (1 - u)/(1 + (k - 1) u).</summary>
    public double Scale(double t) => (1 - t) / Denominator(t);

    /// <summary>s'(u) = -k/(1 + (k - 1) u)^2.</summary>
    public double ScaleDerivative(double t) => -Shift / (Denominator(t) * Denominator(t));

    /// <summary>f(u) = s'/s = -k/((1 - u)(1 + (k - 1) u)).</summary>
    public double Drift(double t) => -Shift / ((1 - t) * Denominator(t));

    /// <summary>g(u) = sqrt(2 k^2 u/((1 - u)(1 + (k - 1) u)^2)).</summary>
    public double Diffusion(double t) => Shift * Math.Sqrt(2 * t / (1 - t)) / Denominator(t);

    /// <summary>g(u)^2 = 2 s^2 sigma' sigma = 2 k^2 u/((1 - u)(1 + (k - 1) u)^2).</summary>
    public double DiffusionSquared(double t) => 2 * Shift * Shift * t / ((1 - t) * Denominator(t) * Denominator(t));

    /// <summary>a(u) = sigma'/sigma + s'/s = 1/(u (1 + (k - 1) u)).</summary>
    public double OdeStateCoefficient(double t) => 1 / (t * Denominator(t));

    /// <summary>b(u) = sigma' s/sigma = 1/(u (1 + (k - 1) u)).</summary>
    public double OdeDenoiserCoefficient(double t) => 1 / (t * Denominator(t));

    /// <summary>u = sigma/(k + sigma).</summary>
    public double TimeAtSigma(double sigma) => sigma / (Shift + sigma);
}
