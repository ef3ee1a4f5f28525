using System;
using System.Numerics;
using SdeDsl.Models;
using SdeDsl.Schedules;
using Xunit;

namespace SdeDsl.Tests.Models;

/// <summary>
/// Each prediction type round-trips (docs/math.md §11.2): from known x_0 and eps, x_t = s (x_0 + sigma eps) of the
/// training schedule, the network returns the exact target of its type, and the adapter must give back x_0.
/// </summary>
public sealed class PredictionRoundTripTests
{
    // Stable Diffusion 1.5's training table (scaled_linear 0.00085..0.012, 1000 steps): sigma from 0.029 to 14.6.
    private static readonly DiscreteSchedule Sd15 = DiscreteSchedule.Create(BetaSchedule.ScaledLinear, 1000, 0.00085, 0.012);

    private const int Length = 67; // not a multiple of any vector width: the scalar tail runs too

    public static TheoryData<string, PredictionType, double> Cases()
    {
        var data = new TheoryData<string, PredictionType, double>();
        foreach (string schedule in new[] { "Vp", "Edm", "RectifiedFlow", "DiscreteLikeVp", "Sd15Discrete" })
        foreach (PredictionType type in Enum.GetValues<PredictionType>())
        foreach (double sigma in new[] { 0.05, 0.7, 5.0, 60.0 })
        {
            data.Add(schedule, type, sigma);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_recovers_x0_to_round_off(string schedule, PredictionType type, double sigma) =>
        Dispatch<double>(schedule, type, sigma, Math.ScaleB(1, -53));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_recovers_x0_to_round_off(string schedule, PredictionType type, double sigma) =>
        Dispatch<float>(schedule, type, sigma, Math.ScaleB(1, -24));

    private static void Dispatch<T>(string schedule, PredictionType type, double sigma, double u)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (schedule)
        {
            case "Vp": RoundTrip<T, Vp>(default, type, sigma, u); break;
            case "Edm": RoundTrip<T, Edm>(default, type, sigma, u); break;
            case "RectifiedFlow": RoundTrip<T, RectifiedFlow>(default, type, sigma, u); break;
            case "Sd15Discrete": RoundTrip<T, DiscreteSchedule>(Sd15, type, sigma, u); break;
            default: RoundTrip<T, DiscreteLikeVp>(default, type, sigma, u); break;
        }
    }

    /// <summary>
    /// Tolerance: D = c_y y + c_p p evaluated with coefficients rounded once to T (a few u each, from the double
    /// formulas), y and p rounded to T (u each), the target built in double (a few u of its terms) and one rounding
    /// per product and sum: the total is below 16 u (|c_y| |y| + |c_p| |p| + |x_0|) per element, u = 2^-53 or 2^-24.
    /// The network's input x_t = s y is one product rounded from a rounded y and s: within 4 u |s y|.
    /// </summary>
    private static void RoundTrip<T, TTraining>(TTraining training, PredictionType type, double sigma, double u)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TTraining : struct, INoiseSchedule
    {
        var random = new Random(17);
        double sd = 0.5;
        double t = training.TimeAtSigma(sigma), s = training.Scale(t);
        double cSkip = sd * sd / (sigma * sigma + sd * sd), cOut = sigma * sd / Math.Sqrt(sigma * sigma + sd * sd);
        (double cy, double cp) = type switch
        {
            PredictionType.Epsilon => (1.0, -sigma),
            PredictionType.V => (1 / (1 + sigma * sigma), -sigma / (s * (1 + sigma * sigma))),
            PredictionType.Sample => (0.0, 1.0),
            PredictionType.FlowVelocity => (1 / (1 + sigma), -sigma / (1 + sigma)),
            _ => (cSkip, cOut),
        };

        var x0 = new double[Length];
        var y = new T[Length];
        var target = new double[Length];
        for (int i = 0; i < Length; i++)
        {
            x0[i] = 2 * random.NextDouble() - 1;
            double eps = Normal(random);
            y[i] = T.CreateTruncating(x0[i] + sigma * eps);
        }

        // The target is built from the rounded y (eps = (y - x_0)/sigma), so it is the exact target of the network's
        // actual input: the rounding of y to T does not count against the conversion.
        for (int i = 0; i < Length; i++)
        {
            double yi = double.CreateTruncating(y[i]), eps = (yi - x0[i]) / sigma;
            target[i] = type switch
            {
                PredictionType.Epsilon => eps,
                PredictionType.V => s * eps - s * sigma * x0[i],
                PredictionType.Sample => x0[i],
                PredictionType.FlowVelocity => eps - x0[i],
                _ => (x0[i] - cSkip * yi) / cOut,
            };
        }

        var network = new TargetNetwork<T>(Length);
        network.SetTarget(target);
        var convention = new ModelConvention(type, NetworkInput.TrainingScaled, TimeInput.TrainingTime);
        var denoiser = new NetworkDenoiser<T, TargetNetwork<T>, TTraining>(network, training, convention, Length);
        var d = new T[Length];
        denoiser.Denoise(y, sigma, d);

        Assert.Equal(t, network.LastTime);
        for (int i = 0; i < Length; i++)
        {
            double yi = double.CreateTruncating(y[i]);
            double input = double.CreateTruncating(network.LastInput[i]);
            Assert.True(Math.Abs(input - s * yi) <= 4 * u * Math.Abs(s * yi), $"input {i}: {input} vs s y = {s * yi}");
            double bound = 16 * u * (Math.Abs(cy * yi) + Math.Abs(cp * target[i]) + Math.Abs(x0[i]));
            double error = Math.Abs(double.CreateTruncating(d[i]) - x0[i]);
            Assert.True(error <= bound, $"{typeof(TTraining).Name} {type} sigma {sigma} element {i}: |D - x0| = {error:E3} > {bound:E3}");
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
