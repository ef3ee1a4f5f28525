using System;
using System.Globalization;
using Quickstart;
using SdeDsl;

// The main job: a schedule declared in a few lines (MySchedule.cs), and every derived function the
// generator emitted for it, tabulated on a grid over [TMin, TMax].
var schedule = default(MyCosine);
PrintTable(schedule, "MyCosine (declared in examples/Quickstart/MySchedule.cs)", rows: 11);
return 0;

static void PrintTable<TSchedule>(TSchedule schedule, string title, int rows)
    where TSchedule : struct, INoiseSchedule
{
    Console.WriteLine(title);
    Console.WriteLine($"t in [{schedule.TMin}, {schedule.TMax}], s(t) = 1: {schedule.IsScaleIdentity}");
    Console.WriteLine();
    string[] headers = { "t", "sigma", "s", "f", "g", "sigma'", "s'", "sigma^-1(sigma)" };
    Console.WriteLine(string.Join(" ", Array.ConvertAll(headers, h => h.PadLeft(13))));
    for (int i = 0; i < rows; i++)
    {
        double t = schedule.TMin + (schedule.TMax - schedule.TMin) * i / (rows - 1);
        double sigma = schedule.Sigma(t);
        double[] values =
        {
            t, sigma, schedule.Scale(t), schedule.Drift(t), schedule.Diffusion(t),
            schedule.SigmaDerivative(t), schedule.ScaleDerivative(t), schedule.TimeAtSigma(sigma),
        };
        Console.WriteLine(string.Join(" ", Array.ConvertAll(values, v => v.ToString("G6", CultureInfo.InvariantCulture).PadLeft(13))));
    }
}
