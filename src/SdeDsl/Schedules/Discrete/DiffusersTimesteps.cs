using System;

namespace SdeDsl.Schedules;

/// <summary>
/// diffusers' timestep spacings as sampler grids on a <see cref="DiscreteSchedule"/> (docs/math.md §12.4): the
/// descending training timesteps an N-step diffusers run visits, as times t for any sampler (which appends the final
/// step into sigma = 0 itself, as diffusers' Euler scheduler appends sigma = 0).
/// </summary>
public static class DiffusersTimesteps
{
    /// <summary>
    /// The grid of <paramref name="spacing"/> with T = N training steps and n = <paramref name="steps"/>
    /// (docs/math.md §12.4; diffusers EulerDiscreteScheduler.set_timesteps):
    /// linspace t_i = (n-1-i)(T-1)/(n-1) (fractional, as diffusers' Euler; t_0 = T-1 also for n = 1);
    /// leading t_i = (n-1-i) floor(T/n) + offset; trailing t_i = round(T - i T/n) - 1 (round half to even, as numpy).
    /// </summary>
    /// <param name="schedule">The discrete schedule (gives T).</param>
    /// <param name="spacing">linspace, leading or trailing.</param>
    /// <param name="steps">n in [1, T].</param>
    /// <param name="stepsOffset">diffusers' steps_offset, added by leading only (1 for Stable Diffusion 1.x), &gt;= 0.</param>
    /// <returns>n strictly decreasing times in [0, T-1].</returns>
    /// <exception cref="ArgumentOutOfRangeException">n outside [1, T], a negative offset, a leading grid whose top exceeds T-1, or an unknown spacing.</exception>
    public static double[] Grid(in DiscreteSchedule schedule, TimestepSpacing spacing, int steps, int stepsOffset = 0)
    {
        int trainingSteps = schedule.TrainingSteps;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, trainingSteps);
        ArgumentOutOfRangeException.ThrowIfNegative(stepsOffset);
        var times = new double[steps];
        switch (spacing)
        {
            case TimestepSpacing.Linspace:
                // numpy.linspace(0, T-1, n) reversed: element j = n-1-i is j (T-1)/(n-1), the top set exactly to T-1.
                double delta = steps == 1 ? 0 : (trainingSteps - 1.0) / (steps - 1);
                for (int i = 0; i < steps; i++)
                {
                    times[i] = (steps - 1 - i) * delta;
                }

                times[0] = trainingSteps - 1;
                break;
            case TimestepSpacing.Leading:
                int ratio = trainingSteps / steps;
                if ((steps - 1) * ratio + stepsOffset > trainingSteps - 1)
                {
                    throw new ArgumentOutOfRangeException(nameof(stepsOffset), stepsOffset, $"The leading grid's top timestep {(steps - 1) * ratio + stepsOffset} exceeds N - 1 = {trainingSteps - 1}.");
                }

                for (int i = 0; i < steps; i++)
                {
                    times[i] = (steps - 1 - i) * ratio + stepsOffset;
                }

                break;
            case TimestepSpacing.Trailing:
                double stride = (double)trainingSteps / steps;
                for (int i = 0; i < steps; i++)
                {
                    times[i] = Math.Round(trainingSteps - i * stride, MidpointRounding.ToEven) - 1;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(spacing), spacing, "Unknown timestep spacing.");
        }

        return times;
    }
}
