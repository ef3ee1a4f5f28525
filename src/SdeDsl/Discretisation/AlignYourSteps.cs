using System;

namespace SdeDsl.Discretisation;

/// <summary>
/// The published Align-Your-Steps noise levels (Sabour, Fidler and Kreis 2024, "Align Your Steps: Optimizing Sampling
/// Schedules in Diffusion Models"; the 10-step tables of research.nvidia.com/labs/toronto-ai/AlignYourSteps/howto.html,
/// as in ComfyUI's comfy_extras/nodes_align_your_steps.py) and their log-linear interpolation to other step counts
/// (docs/math.md §15.6).
/// </summary>
public static class AlignYourSteps
{
    private static readonly double[] Sd15 =
        [14.6146412293, 6.4745760956, 3.8636745985, 2.6946151520, 1.8841921177, 1.3943805092, 0.9642583904, 0.6523686016, 0.3977456272, 0.1515232662, 0.0291671582];

    private static readonly double[] Sdxl =
        [14.6146412293, 6.3184485287, 3.7681790315, 2.1811480769, 1.3405244945, 0.8620721141, 0.5550693289, 0.3798540708, 0.2332364134, 0.1114188177, 0.0291671582];

    private static readonly double[] Svd =
        [700.00, 54.5, 15.886, 7.977, 4.248, 1.789, 0.981, 0.403, 0.173, 0.034, 0.002];

    /// <summary>The published 11 noise levels (10 steps) of <paramref name="model"/>, largest first.</summary>
    public static ReadOnlySpan<double> Table(AlignYourStepsModel model) => model switch
    {
        AlignYourStepsModel.StableDiffusion15 => Sd15,
        AlignYourStepsModel.StableDiffusionXL => Sdxl,
        AlignYourStepsModel.StableVideoDiffusion => Svd,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown Align-Your-Steps model."),
    };

    /// <summary>
    /// The table resampled to <paramref name="count"/> levels: log sigma interpolated linearly at count points evenly
    /// spaced over the table's 11 (NVIDIA's loglinear_interp); the table itself when count = 11.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 2.</exception>
    public static double[] Interpolate(AlignYourStepsModel model, int count)
    {
        if (count < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "count must be at least 2.");
        }

        ReadOnlySpan<double> table = Table(model);
        if (count == table.Length)
        {
            return table.ToArray();
        }

        // xs = linspace(0, 1, 11) over the reversed (increasing) log table; new_xs = linspace(0, 1, count).
        int n = table.Length;
        double[] result = new double[count];
        for (int i = 0; i < count; i++)
        {
            double u = i == count - 1 ? 1.0 : (double)i / (count - 1);
            double position = u * (n - 1);
            int k = Math.Min((int)Math.Floor(position), n - 2);
            double fraction = position - k;
            double lower = Math.Log(table[n - 1 - k]), upper = Math.Log(table[n - 2 - k]);
            result[count - 1 - i] = Math.Exp(lower + fraction * (upper - lower));
        }

        return result;
    }
}
