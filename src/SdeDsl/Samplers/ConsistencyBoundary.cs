using System;

namespace SdeDsl.Samplers;

/// <summary>
/// The boundary conditions of a consistency model (Song et al. 2023, "Consistency Models", eq. 7; Luo et al. 2023,
/// "Latent Consistency Models", eq. 5; diffusers' LCMScheduler): f(x, t) = c_skip(t) x + c_out(t) F with
/// c_skip = sigma_data^2 / ((k t)^2 + sigma_data^2) and c_out = k t / sqrt((k t)^2 + sigma_data^2), t the schedule's time
/// (the training timestep of a <see cref="Schedules.DiscreteSchedule"/>) and k the timestep scaling (docs/math.md §15.10).
/// </summary>
public readonly struct ConsistencyBoundary
{
    /// <summary>Creates the boundary of <paramref name="sigmaData"/> and <paramref name="timestepScaling"/>.</summary>
    /// <param name="sigmaData">sigma_data (0.5 in LCM).</param>
    /// <param name="timestepScaling">k (10 in diffusers' LCMScheduler); infinity turns the boundary off (c_skip = 0, c_out = 1).</param>
    public ConsistencyBoundary(double sigmaData, double timestepScaling)
    {
        SigmaData = sigmaData;
        TimestepScaling = timestepScaling;
    }

    /// <summary>sigma_data.</summary>
    public double SigmaData { get; }

    /// <summary>The timestep scaling k (infinity: no boundary term).</summary>
    public double TimestepScaling { get; }

    /// <summary>LCM's: sigma_data = 0.5, timestep scaling 10 (diffusers' LCMScheduler defaults).</summary>
    public static ConsistencyBoundary Lcm => new(0.5, 10);

    /// <summary>No boundary term: f = F, the denoiser's x_0 prediction as it is.</summary>
    public static ConsistencyBoundary None => new(0.5, double.PositiveInfinity);

    /// <summary>(c_skip, c_out) at time <paramref name="t"/>.</summary>
    public (double Skip, double Out) At(double t)
    {
        if (double.IsPositiveInfinity(TimestepScaling))
        {
            return (0, 1);
        }

        double scaled = TimestepScaling * t, d2 = SigmaData * SigmaData;
        return (d2 / (scaled * scaled + d2), scaled / Math.Sqrt(scaled * scaled + d2));
    }

    internal void Validate()
    {
        if (!(SigmaData > 0) || double.IsInfinity(SigmaData))
        {
            throw new ArgumentOutOfRangeException(nameof(SigmaData), SigmaData, "sigma_data must be positive and finite.");
        }

        if (!(TimestepScaling > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(TimestepScaling), TimestepScaling, "The timestep scaling must be positive (infinity turns the boundary off).");
        }
    }
}
