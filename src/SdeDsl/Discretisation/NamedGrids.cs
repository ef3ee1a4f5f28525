using System;
using SdeDsl.Schedules;

namespace SdeDsl.Discretisation;

/// <summary>
/// The grids users of k-diffusion, ComfyUI and diffusers pick by name (docs/math.md §15.6), for any schedule. Each
/// takes the number of sampler steps N (ComfyUI's "steps": N sigmas and then 0) and the <see cref="FinalSigma"/>, and
/// returns a <see cref="SamplingGrid"/> with times and sigmas. sigma_min = sigma(TMin) and sigma_max = sigma(TMax).
/// </summary>
/// <remarks>
/// The grids ComfyUI defines over a model's table of training sigmas (simple, ddim_uniform, beta) use the schedule's
/// training times: the integer timesteps 0 .. N_train - 1 of a <see cref="DiscreteSchedule"/>, otherwise
/// <c>trainingSteps</c> times evenly spaced over [TMin, TMax].
/// </remarks>
public static class NamedGrids
{
    /// <summary>"karras" (Karras et al. 2022, eq. 5; k-diffusion's get_sigmas_karras).</summary>
    /// <exception cref="ArgumentOutOfRangeException">steps below 1, or a bad rho.</exception>
    public static SamplingGrid Karras<TSchedule>(in TSchedule schedule, int steps, double rho = 7, FinalSigma final = FinalSigma.Zero)
        where TSchedule : struct, INoiseSchedule
        => Finish(schedule, TimeSteps.Karras(schedule, CheckSteps(steps), rho), final);

    /// <summary>"exponential": log sigma uniform from sigma_max to sigma_min (k-diffusion's get_sigmas_exponential).</summary>
    /// <exception cref="ArgumentOutOfRangeException">steps below 1.</exception>
    public static SamplingGrid Exponential<TSchedule>(in TSchedule schedule, int steps, FinalSigma final = FinalSigma.Zero)
        where TSchedule : struct, INoiseSchedule
        => PolyExponential(schedule, steps, 1, final);

    /// <summary>
    /// "polyexponential": sigma_i = exp(ramp_i^rho (ln sigma_max - ln sigma_min) + ln sigma_min), ramp_i = 1 - i/(N-1)
    /// (k-diffusion's get_sigmas_polyexponential; rho = 1 is exponential).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">steps below 1, or rho not positive.</exception>
    public static SamplingGrid PolyExponential<TSchedule>(in TSchedule schedule, int steps, double rho = 1, FinalSigma final = FinalSigma.Zero)
        where TSchedule : struct, INoiseSchedule
    {
        CheckSteps(steps);
        if (!(rho > 0) || double.IsInfinity(rho))
        {
            throw new ArgumentOutOfRangeException(nameof(rho), rho, "rho must be positive and finite.");
        }

        (double lo, double hi) = Range(schedule);
        double logLo = Math.Log(lo), logHi = Math.Log(hi);
        double[] sigmas = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            double ramp = steps == 1 ? 1 : 1 - (double)i / (steps - 1);
            sigmas[i] = i == 0 ? hi : i == steps - 1 ? lo : Math.Exp(Math.Pow(ramp, rho) * (logHi - logLo) + logLo);
        }

        return FromSigmas(schedule, sigmas, final);
    }

    /// <summary>"sgm_uniform": N times uniform in t from TMax, t_i = TMax + i (TMin - TMax)/N (ComfyUI's normal_scheduler with sgm).</summary>
    /// <exception cref="ArgumentOutOfRangeException">steps below 1.</exception>
    public static SamplingGrid SgmUniform<TSchedule>(in TSchedule schedule, int steps, FinalSigma final = FinalSigma.Zero)
        where TSchedule : struct, INoiseSchedule
    {
        CheckSteps(steps);
        double[] times = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            times[i] = schedule.TMax + i * (schedule.TMin - schedule.TMax) / steps;
        }

        return Finish(schedule, times, final);
    }

    /// <summary>
    /// "simple": every (N_train/N)-th training sigma from the top, t_i = training time N_train - 1 - floor(i N_train/N)
    /// (ComfyUI's simple_scheduler).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">steps below 1 or above the training steps, or trainingSteps below 2.</exception>
    public static SamplingGrid Simple<TSchedule>(in TSchedule schedule, int steps, FinalSigma final = FinalSigma.Zero, int trainingSteps = 1000)
        where TSchedule : struct, INoiseSchedule
    {
        int count = TrainingCount(schedule, trainingSteps);
        CheckSteps(steps, count);
        double stride = (double)count / steps;
        double[] times = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            times[i] = TrainingTime(schedule, count, count - 1 - (int)(i * stride));
        }

        return Finish(schedule, times, final);
    }

    /// <summary>
    /// "ddim_uniform": training times 1, 1 + k, 1 + 2k, ... below N_train with k = max(N_train div N, 1), largest first
    /// (ComfyUI's ddim_scheduler; the count can exceed N by one when N does not divide N_train).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">steps below 1, or trainingSteps below 2.</exception>
    public static SamplingGrid DdimUniform<TSchedule>(in TSchedule schedule, int steps, FinalSigma final = FinalSigma.Zero, int trainingSteps = 1000)
        where TSchedule : struct, INoiseSchedule
    {
        int count = TrainingCount(schedule, trainingSteps);
        CheckSteps(steps);
        int stride = Math.Max(count / steps, 1);
        int length = (count - 1 + stride - 1) / stride;
        double[] times = new double[length];
        for (int i = 0; i < length; i++)
        {
            times[length - 1 - i] = TrainingTime(schedule, count, 1 + i * stride);
        }

        return Finish(schedule, times, final);
    }

    /// <summary>
    /// "beta" (Lee et al. 2024, "Beta Sampling is All You Need"; ComfyUI's beta_scheduler): training time
    /// rint(F^-1(1 - i/N) (N_train - 1)) with F the Beta(alpha, beta) CDF, repeats dropped.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">steps below 1, alpha or beta not positive, or trainingSteps below 2.</exception>
    public static SamplingGrid Beta<TSchedule>(
        in TSchedule schedule, int steps, double alpha = 0.6, double beta = 0.6, FinalSigma final = FinalSigma.Zero, int trainingSteps = 1000)
        where TSchedule : struct, INoiseSchedule
    {
        CheckSteps(steps);
        if (!(alpha > 0) || double.IsInfinity(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be positive and finite.");
        if (!(beta > 0) || double.IsInfinity(beta)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be positive and finite.");
        int count = TrainingCount(schedule, trainingSteps);
        var times = new System.Collections.Generic.List<double>(steps);
        double last = -1;
        for (int i = 0; i < steps; i++)
        {
            double index = Math.Round(BetaDistribution.Quantile(1 - (double)i / steps, alpha, beta) * (count - 1), MidpointRounding.ToEven);
            if (index != last)
            {
                times.Add(TrainingTime(schedule, count, (int)index));
            }

            last = index;
        }

        return Finish(schedule, times.ToArray(), final);
    }

    /// <summary>
    /// "linear_quadratic" (Polyak et al. 2024, Movie Gen, section 3.1.6; ComfyUI's linear_quadratic_schedule): in the
    /// normalised time u = (t - TMin)/(TMax - TMin), the first N/2 steps fall linearly from 1 by
    /// <paramref name="thresholdNoise"/>, the rest quadratically to 0 (docs/math.md §15.6).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">steps below 1, a threshold outside (0, 1), or linearSteps outside [1, steps - 1].</exception>
    public static SamplingGrid LinearQuadratic<TSchedule>(
        in TSchedule schedule, int steps, double thresholdNoise = 0.025, int? linearSteps = null, FinalSigma final = FinalSigma.Zero)
        where TSchedule : struct, INoiseSchedule
    {
        CheckSteps(steps);
        if (!(thresholdNoise > 0 && thresholdNoise < 1)) throw new ArgumentOutOfRangeException(nameof(thresholdNoise), thresholdNoise, "thresholdNoise must lie in (0, 1).");
        double[] u = new double[steps];
        if (steps == 1)
        {
            u[0] = 1;
        }
        else
        {
            int linear = linearSteps ?? steps / 2;
            if (linear < 1 || linear >= steps) throw new ArgumentOutOfRangeException(nameof(linearSteps), linear, $"linearSteps must lie in [1, {steps - 1}].");
            double stepDiff = linear - thresholdNoise * steps;
            int quadratic = steps - linear;
            double quadraticCoefficient = stepDiff / (linear * (double)quadratic * quadratic);
            double linearCoefficient = thresholdNoise / linear - 2 * stepDiff / ((double)quadratic * quadratic);
            double constant = quadraticCoefficient * linear * (double)linear;
            for (int i = 0; i < steps; i++)
            {
                double value = i < linear ? i * thresholdNoise / linear : quadraticCoefficient * i * (double)i + linearCoefficient * i + constant;
                u[i] = 1 - value;
            }
        }

        double[] times = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            times[i] = schedule.TMin + u[i] * (schedule.TMax - schedule.TMin);
        }

        return Finish(schedule, times, final);
    }

    /// <summary>
    /// "kl_optimal" (Sabour et al. 2024, Align Your Steps, Theorem 3.1; ComfyUI's kl_optimal_scheduler):
    /// sigma_i = tan((1 - i/(N-1)) atan(sigma_max) + (i/(N-1)) atan(sigma_min)).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">steps below 1.</exception>
    public static SamplingGrid KlOptimal<TSchedule>(in TSchedule schedule, int steps, FinalSigma final = FinalSigma.Zero)
        where TSchedule : struct, INoiseSchedule
    {
        CheckSteps(steps);
        (double lo, double hi) = Range(schedule);
        double[] sigmas = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            double u = steps == 1 ? 0 : (double)i / (steps - 1);
            sigmas[i] = i == 0 ? hi : i == steps - 1 ? lo : Math.Tan(u * Math.Atan(lo) + (1 - u) * Math.Atan(hi));
        }

        return FromSigmas(schedule, sigmas, final);
    }

    /// <summary>
    /// "align_your_steps": the published table of <paramref name="model"/> (<see cref="AlignYourSteps"/>) resampled
    /// log-linearly to N + 1 levels, of which the first N are the grid (the last becomes the final sigma, as in
    /// ComfyUI's AlignYourStepsScheduler). The levels must lie in the schedule's sigma range.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">steps below 1, or a level outside the schedule's sigma range.</exception>
    public static SamplingGrid AlignYourSteps<TSchedule>(in TSchedule schedule, AlignYourStepsModel model, int steps, FinalSigma final = FinalSigma.Zero)
        where TSchedule : struct, INoiseSchedule
    {
        CheckSteps(steps);
        double[] levels = Discretisation.AlignYourSteps.Interpolate(model, steps + 1);
        return FromSigmas(schedule, levels.AsSpan(0, steps).ToArray(), final);
    }

    private static int CheckSteps(int steps, int max = int.MaxValue)
    {
        if (steps < 1 || steps > max)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"steps must lie in [1, {max}].");
        }

        return steps;
    }

    private static (double Lo, double Hi) Range<TSchedule>(in TSchedule schedule)
        where TSchedule : struct, INoiseSchedule
    {
        double lo = schedule.Sigma(schedule.TMin), hi = schedule.Sigma(schedule.TMax);
        if (!(lo > 0))
        {
            throw new ArgumentException($"This grid needs sigma(TMin) > 0; the schedule has sigma({schedule.TMin:R}) = {lo:R}.", nameof(schedule));
        }

        return (lo, hi);
    }

    private static int TrainingCount<TSchedule>(in TSchedule schedule, int trainingSteps)
        where TSchedule : struct, INoiseSchedule
    {
        if (typeof(TSchedule) == typeof(DiscreteSchedule))
        {
            return ((DiscreteSchedule)(object)schedule).TrainingSteps;
        }

        if (trainingSteps < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(trainingSteps), trainingSteps, "trainingSteps must be at least 2.");
        }

        return trainingSteps;
    }

    private static double TrainingTime<TSchedule>(in TSchedule schedule, int count, int index)
        where TSchedule : struct, INoiseSchedule
        => typeof(TSchedule) == typeof(DiscreteSchedule)
            ? index
            : index == count - 1 ? schedule.TMax : schedule.TMin + index * (schedule.TMax - schedule.TMin) / (count - 1);

    private static SamplingGrid FromSigmas<TSchedule>(in TSchedule schedule, double[] sigmas, FinalSigma final)
        where TSchedule : struct, INoiseSchedule
    {
        double lo = schedule.Sigma(schedule.TMin), hi = schedule.Sigma(schedule.TMax);
        double[] times = new double[sigmas.Length];
        for (int i = 0; i < sigmas.Length; i++)
        {
            double sigma = sigmas[i];
            if (!(sigma >= lo * (1 - 1e-12) && sigma <= hi * (1 + 1e-12)))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(sigmas), sigma, $"Grid sigma_{i} = {sigma:R} lies outside the schedule's sigma range [{lo:R}, {hi:R}].");
            }

            times[i] = sigma <= lo ? schedule.TMin : sigma >= hi ? schedule.TMax : Math.Clamp(schedule.TimeAtSigma(sigma), schedule.TMin, schedule.TMax);
        }

        return Finish(schedule, times, final, sigmas);
    }

    private static SamplingGrid Finish<TSchedule>(in TSchedule schedule, double[] times, FinalSigma final, double[]? sigmas = null)
        where TSchedule : struct, INoiseSchedule
    {
        for (int i = 1; i < times.Length; i++)
        {
            if (!(times[i] < times[i - 1]))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(times), times[i], $"Grid time {i} = {times[i]:R} is not below time {i - 1} = {times[i - 1]:R}: too many steps for this grid.");
            }
        }

        if (final == FinalSigma.ScheduleMinimum && times[^1] > schedule.TMin)
        {
            Array.Resize(ref times, times.Length + 1);
            times[^1] = schedule.TMin;
            if (sigmas is not null)
            {
                Array.Resize(ref sigmas, sigmas.Length + 1);
                sigmas[^1] = schedule.Sigma(schedule.TMin);
            }
        }

        if (sigmas is null)
        {
            sigmas = new double[times.Length];
            for (int i = 0; i < times.Length; i++)
            {
                sigmas[i] = schedule.Sigma(times[i]);
            }
        }

        return new SamplingGrid(times, sigmas, final == FinalSigma.Zero);
    }
}
