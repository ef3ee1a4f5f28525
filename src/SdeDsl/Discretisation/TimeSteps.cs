using System;

namespace SdeDsl.Discretisation;

/// <summary>
/// The time discretisations of docs/math.md §6. Each returns N strictly decreasing times inside
/// [TMin, TMax]; samplers append the final step into sigma = 0 themselves. Grids chosen in sigma are mapped to t
/// through the schedule's <see cref="INoiseSchedule.TimeAtSigma"/> (and clamped to the range against round-off).
/// </summary>
public static class TimeSteps
{
    /// <summary>
    /// EDM / Karras: sigma_i = (sigma_max^(1/rho) + i/(N-1) (sigma_min^(1/rho) - sigma_max^(1/rho)))^rho, t_i = sigma^-1(sigma_i).
    /// </summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="count">N &gt;= 1 (N = 1 gives [t(sigma_max)]).</param>
    /// <param name="rho">The warping exponent (7 in EDM).</param>
    /// <param name="sigmaMin">sigma_min; defaults to sigma(TMin).</param>
    /// <param name="sigmaMax">sigma_max; defaults to sigma(TMax).</param>
    /// <exception cref="ArgumentOutOfRangeException">Bad count or rho, or sigma outside the schedule's range.</exception>
    public static double[] Karras<TSchedule>(in TSchedule schedule, int count, double rho = 7, double? sigmaMin = null, double? sigmaMax = null)
        where TSchedule : struct, INoiseSchedule
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!(rho > 0) || double.IsInfinity(rho))
        {
            throw new ArgumentOutOfRangeException(nameof(rho), rho, "rho must be positive and finite.");
        }

        (double lo, double hi) = SigmaRange(schedule, sigmaMin, sigmaMax);
        double a = Math.Pow(hi, 1 / rho), b = Math.Pow(lo, 1 / rho);
        var sigmas = new double[count];
        for (int i = 0; i < count; i++)
        {
            sigmas[i] = i == 0 ? hi : i == count - 1 ? lo : Math.Pow(a + (double)i / (count - 1) * (b - a), rho);
        }

        return ToTimes(schedule, sigmas);
    }

    /// <summary>VP (SGM): t_i = T + i/(N-1) (eps_s - T), uniform in t from T = TMax down to eps_s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Bad count, or eps_s outside [TMin, TMax).</exception>
    public static double[] VpLinear<TSchedule>(in TSchedule schedule, int count, double epsS = 1e-3)
        where TSchedule : struct, INoiseSchedule
    {
        if (!(epsS >= schedule.TMin && epsS < schedule.TMax))
        {
            throw new ArgumentOutOfRangeException(nameof(epsS), epsS, $"eps_s must lie in [TMin, TMax) = [{schedule.TMin:R}, {schedule.TMax:R}).");
        }

        return UniformTime(schedule, count, epsS, schedule.TMax);
    }

    /// <summary>VE (SGM): sigma_i geometric (log-uniform) from sigma_max down to sigma_min, t_i = sigma^-1(sigma_i).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Bad count, or sigma outside the schedule's range.</exception>
    public static double[] VeGeometric<TSchedule>(in TSchedule schedule, int count, double? sigmaMin = null, double? sigmaMax = null)
        where TSchedule : struct, INoiseSchedule
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        (double lo, double hi) = SigmaRange(schedule, sigmaMin, sigmaMax);
        var sigmas = new double[count];
        double logHi = Math.Log(hi), logLo = Math.Log(lo);
        for (int i = 0; i < count; i++)
        {
            sigmas[i] = i == 0 ? hi : i == count - 1 ? lo : Math.Exp(logHi + (double)i / (count - 1) * (logLo - logHi));
        }

        return ToTimes(schedule, sigmas);
    }

    /// <summary>Uniform in t from <paramref name="tMax"/> (default TMax) down to <paramref name="tMin"/> (default TMin).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Bad count, or an end outside [TMin, TMax] or not tMin &lt; tMax.</exception>
    public static double[] UniformTime<TSchedule>(in TSchedule schedule, int count, double? tMin = null, double? tMax = null)
        where TSchedule : struct, INoiseSchedule
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        double lo = tMin ?? schedule.TMin, hi = tMax ?? schedule.TMax;
        if (!(lo >= schedule.TMin && hi <= schedule.TMax && lo < hi))
        {
            throw new ArgumentOutOfRangeException(nameof(tMin), lo, $"Need TMin <= tMin < tMax <= TMax; got [{lo:R}, {hi:R}] in [{schedule.TMin:R}, {schedule.TMax:R}].");
        }

        var times = new double[count];
        for (int i = 0; i < count; i++)
        {
            times[i] = i == 0 ? hi : i == count - 1 ? lo : hi + (double)i / (count - 1) * (lo - hi);
        }

        return times;
    }

    /// <summary>
    /// Uniform in log-SNR lambda = -log sigma between sigma(TMax) and sigma(TMin) (the natural grid of
    /// DPM-Solver++), t_i = sigma^-1(exp(-lambda_i)).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Bad count.</exception>
    public static double[] UniformLogSnr<TSchedule>(in TSchedule schedule, int count)
        where TSchedule : struct, INoiseSchedule
        => VeGeometric(schedule, count);

    private static (double Lo, double Hi) SigmaRange<TSchedule>(in TSchedule schedule, double? sigmaMin, double? sigmaMax)
        where TSchedule : struct, INoiseSchedule
    {
        double rangeLo = schedule.Sigma(schedule.TMin), rangeHi = schedule.Sigma(schedule.TMax);
        double lo = sigmaMin ?? rangeLo, hi = sigmaMax ?? rangeHi;
        if (!(lo > 0 && lo >= rangeLo * (1 - 1e-12)))
        {
            throw new ArgumentOutOfRangeException(nameof(sigmaMin), lo, $"sigma_min must be positive and within the schedule's sigma range [{rangeLo:R}, {rangeHi:R}].");
        }

        if (!(hi <= rangeHi * (1 + 1e-12) && hi > lo))
        {
            throw new ArgumentOutOfRangeException(nameof(sigmaMax), hi, $"sigma_max must exceed sigma_min = {lo:R} and lie within the schedule's sigma range [{rangeLo:R}, {rangeHi:R}].");
        }

        return (Math.Max(lo, rangeLo), Math.Min(hi, rangeHi));
    }

    private static double[] ToTimes<TSchedule>(in TSchedule schedule, double[] sigmas)
        where TSchedule : struct, INoiseSchedule
    {
        var times = new double[sigmas.Length];
        for (int i = 0; i < sigmas.Length; i++)
        {
            times[i] = Math.Clamp(schedule.TimeAtSigma(sigmas[i]), schedule.TMin, schedule.TMax);
            if (i > 0 && !(times[i] < times[i - 1]))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(sigmas), sigmas[i], $"sigma_{i} = {sigmas[i]:R} maps to t = {times[i]:R}, not below t_{i - 1} = {times[i - 1]:R}: the grid is too fine for the schedule's resolution.");
            }
        }

        return times;
    }
}
