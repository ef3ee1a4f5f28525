using System;

namespace SdeDsl.Training;

/// <summary>
/// The distribution a training loop draws each sample's noise level from (docs/math.md §19.1): EDM's log-normal
/// sigma, uniform t, SD3's logit-normal t, or uniform discrete timesteps. A draw yields the training schedule's time
/// t; sigma = sigma(t) and s = s(t) follow from the schedule.
/// </summary>
/// <remarks>
/// Draws are counter-based: sample g of iteration i gets the same t whatever its batch, shard or thread
/// (<see cref="DenoisingObjective{TTraining}"/>). A log-normal sigma outside [sigma(TMin), sigma(TMax)] is clamped to
/// that interval, so every draw is a noise level the schedule has (for EDM's P_mean = -1.2, P_std = 1.2 on
/// <see cref="Schedules.Edm"/>, [0.002, 80], the clamped mass is 1.6e-5; docs/math.md §19.1).
/// </remarks>
public readonly record struct NoiseLevelDistribution
{
    private NoiseLevelDistribution(NoiseLevelKind kind, double location, double scale, int count)
    {
        Kind = kind;
        Location = location;
        Scale = scale;
        Count = count;
    }

    /// <summary>The family.</summary>
    public NoiseLevelKind Kind { get; }

    /// <summary>P_mean of the log-normal, m of the logit-normal; 0 otherwise.</summary>
    public double Location { get; }

    /// <summary>P_std of the log-normal, s of the logit-normal; 0 otherwise.</summary>
    public double Scale { get; }

    /// <summary>The number of timesteps of <see cref="NoiseLevelKind.UniformTimesteps"/>; 0 otherwise.</summary>
    public int Count { get; }

    /// <summary>EDM's log-normal: ln sigma ~ N(<paramref name="pMean"/>, <paramref name="pStd"/>^2) (Karras et al. 2022, Table 1).</summary>
    /// <param name="pMean">P_mean (-1.2 in EDM).</param>
    /// <param name="pStd">P_std (1.2 in EDM), finite and positive.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite, or <paramref name="pStd"/> is not positive.</exception>
    public static NoiseLevelDistribution LogNormal(double pMean = -1.2, double pStd = 1.2)
    {
        RequireLocationScale(pMean, nameof(pMean), pStd, nameof(pStd));
        return new(NoiseLevelKind.LogNormal, pMean, pStd, 0);
    }

    /// <summary>t ~ U[TMin, TMax] of the training schedule.</summary>
    /// <returns>The distribution.</returns>
    public static NoiseLevelDistribution UniformTime() => new(NoiseLevelKind.UniformTime, 0, 0, 0);

    /// <summary>
    /// SD3's logit-normal (Esser et al. 2024, eq. 19): u = 1/(1 + exp(-(m + s z))), t = TMin + (TMax - TMin) u.
    /// </summary>
    /// <param name="mean">m (0 in SD3).</param>
    /// <param name="std">s (1 in SD3), finite and positive.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite, or <paramref name="std"/> is not positive.</exception>
    public static NoiseLevelDistribution LogitNormal(double mean = 0, double std = 1)
    {
        RequireLocationScale(mean, nameof(mean), std, nameof(std));
        return new(NoiseLevelKind.LogitNormal, mean, std, 0);
    }

    /// <summary>
    /// t uniform on the <paramref name="count"/> times TMin + k (TMax - TMin)/(count - 1), k = 0 .. count - 1: for a
    /// <see cref="Schedules.DiscreteSchedule"/> of N entries and count = N these are its timesteps 0 .. N - 1 (DDPM).
    /// </summary>
    /// <param name="count">The number of timesteps, at least 2.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 2.</exception>
    public static NoiseLevelDistribution UniformTimesteps(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        return new(NoiseLevelKind.UniformTimesteps, 0, 0, count);
    }

    /// <summary>
    /// The time t of sample <paramref name="sample"/> (its global index) in stream <paramref name="stream"/> for
    /// <paramref name="seed"/> (docs/math.md §19.1).
    /// </summary>
    /// <param name="schedule">The training schedule.</param>
    /// <param name="seed">The training seed.</param>
    /// <param name="stream">The stream (one per training iteration, see <see cref="DenoisingObjective{TTraining}.LevelStream"/>).</param>
    /// <param name="sample">The sample's global index.</param>
    /// <returns>t in [TMin, TMax].</returns>
    /// <exception cref="InvalidOperationException">This is <c>default(NoiseLevelDistribution)</c> with no parameters.</exception>
    public double DrawTime<TSchedule>(in TSchedule schedule, ulong seed, ulong stream, ulong sample)
        where TSchedule : struct, INoiseSchedule
    {
        double tMin = schedule.TMin, tMax = schedule.TMax;
        switch (Kind)
        {
            case NoiseLevelKind.LogNormal:
                if (!(Scale > 0))
                {
                    throw new InvalidOperationException("default(NoiseLevelDistribution) has no parameters: use NoiseLevelDistribution.LogNormal().");
                }

                double sigma = Math.Exp(Location + Scale * TrainingRandom.Normal(seed, stream, sample));
                double sigmaMin = schedule.Sigma(tMin), sigmaMax = schedule.Sigma(tMax);
                if (sigma <= sigmaMin) return tMin;
                if (sigma >= sigmaMax) return tMax;
                return Math.Clamp(schedule.TimeAtSigma(sigma), tMin, tMax);
            case NoiseLevelKind.UniformTime:
                return Math.Min(tMin + (tMax - tMin) * TrainingRandom.Uniform(seed, stream, sample), tMax);
            case NoiseLevelKind.LogitNormal:
                double u = 1 / (1 + Math.Exp(-(Location + Scale * TrainingRandom.Normal(seed, stream, sample))));
                return Math.Min(tMin + (tMax - tMin) * u, tMax);
            default:
                // k = floor(count u) is uniform on 0 .. count - 1 for u uniform in (0, 1).
                int k = Math.Min((int)(Count * TrainingRandom.Uniform(seed, stream, sample)), Count - 1);
                return k == Count - 1 ? tMax : tMin + k * (tMax - tMin) / (Count - 1);
        }
    }

    private static void RequireLocationScale(double location, string locationName, double scale, string scaleName)
    {
        if (!double.IsFinite(location))
        {
            throw new ArgumentOutOfRangeException(locationName, location, "The location must be finite.");
        }

        if (!double.IsFinite(scale) || scale <= 0)
        {
            throw new ArgumentOutOfRangeException(scaleName, scale, "The scale must be finite and positive.");
        }
    }
}
