using System.Globalization;

namespace SdeDsl.Benchmarks.Generator;

/// <summary>
/// Distinct <c>[NoiseSchedule]</c> declarations for the generator benchmarks, five families as users write them
/// (design.md), each with its own constants: EDM-like sigma = c t; VP by sigma and s; VP by drift and diffusion (the
/// generator integrates); cosine (iDDPM) by sigma and s; and the log-linear VP of the Quickstart.
/// </summary>
public static class ScheduleSources
{
    /// <summary>The source of schedule <paramref name="index"/> (one type per file, as in a real project).</summary>
    /// <param name="index">0, 1, 2, ...; consecutive indices cycle through the families.</param>
    /// <returns>C# source declaring <c>Bench.Schedule{index}</c>.</returns>
    public static string Schedule(int index)
    {
        int variant = index / 5;
        string name = "Schedule" + index.ToString(CultureInfo.InvariantCulture);
        string body = (index % 5) switch
        {
            0 => $$"""
                [NoiseSchedule(TMin = 0.002, TMax = 80)]
                public partial struct {{name}}
                {
                    const double C = {{N(1 + 0.1 * variant)}};
                    [Sigma] static double SigmaOf(double t) => C * t;
                }
                """,
            1 => $$"""
                [NoiseSchedule(TMin = 1e-3, TMax = 1)]
                public partial struct {{name}}
                {
                    const double BetaMin = {{N(0.1 + 0.01 * variant)}}, BetaD = {{N(19.9 - 0.5 * variant)}};
                    [Sigma] static double SigmaOf(double t) => Math.Sqrt(Math.Exp(0.5 * BetaD * t * t + BetaMin * t) - 1);
                    [Scale] static double ScaleOf(double t) => 1 / Math.Sqrt(Math.Exp(0.5 * BetaD * t * t + BetaMin * t));
                }
                """,
            2 => $$"""
                [NoiseSchedule(TMin = 1e-3, TMax = 1)]
                public partial struct {{name}}
                {
                    const double BetaMin = {{N(0.1 + 0.01 * variant)}}, BetaD = {{N(19.9 - 0.5 * variant)}};
                    [Drift] static double F(double t) => -0.5 * (BetaMin + BetaD * t);
                    [Diffusion] static double G(double t) => Math.Sqrt(BetaMin + BetaD * t);
                }
                """,
            3 => $$"""
                [NoiseSchedule(TMin = 1e-3, TMax = 0.99)]
                public partial struct {{name}}
                {
                    const double S = {{N(0.008 + 0.001 * variant)}};
                    [Scale] static double ScaleOf(double t) => Math.Cos(0.5 * Math.PI * (t + S) / (1 + S)) / Math.Cos(0.5 * Math.PI * S / (1 + S));
                    [Sigma] static double SigmaOf(double t) => Math.Sqrt(Math.Pow(Math.Cos(0.5 * Math.PI * S / (1 + S)) / Math.Cos(0.5 * Math.PI * (t + S) / (1 + S)), 2) - 1);
                }
                """,
            _ => $$"""
                [NoiseSchedule(TMin = 0, TMax = 1)]
                public partial struct {{name}}
                {
                    const double SigmaMin = {{N(0.002 * (1 + variant))}}, SigmaMax = {{N(80 + 5 * variant)}};
                    [Sigma] static double SigmaOf(double t) => SigmaMin * Math.Pow(SigmaMax / SigmaMin, t);
                    [Scale] static double ScaleOf(double t) => 1 / Math.Sqrt(1 + SigmaMin * SigmaMin * Math.Pow(SigmaMax / SigmaMin, 2 * t));
                }
                """,
        };

        return "using System;\nusing SdeDsl;\n\nnamespace Bench;\n\n" + body + "\n";
    }

    /// <summary>A file that declares no schedule, the target of the "unrelated edit".</summary>
    /// <param name="answer">A value that differs between the original and the edited file.</param>
    /// <returns>C# source.</returns>
    public static string Unrelated(int answer) =>
        "namespace Bench;\n\npublic static class Unrelated\n{\n    public static int Answer => " +
        answer.ToString(CultureInfo.InvariantCulture) + ";\n}\n";

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
