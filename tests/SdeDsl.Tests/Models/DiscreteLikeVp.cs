using System;

namespace SdeDsl.Tests.Models;

/// <summary>
/// A hand-written discrete VP training schedule, standing in for the library's DiscreteSchedule: DDPM's linear betas
/// (1e-4 to 0.02 over N = 1000 steps), alpha_bar_i = prod (1 - beta_j), sigma_i = sqrt((1 - alpha_bar_i)/alpha_bar_i)
/// (/work/shared/math.md §9). Time is the fractional timestep index in [0, N - 1]: log sigma is linear between table
/// entries (k-diffusion's discrete wrapper), s = 1/sqrt(1 + sigma^2). Only what an adapter uses is meant to be exact;
/// the derivatives are those of the piecewise-linear log sigma.
/// </summary>
public readonly struct DiscreteLikeVp : INoiseSchedule
{
    private const int Steps = 1000;
    private static readonly double[] LogSigmas = BuildTable();

    public double TMin => 0;
    public double TMax => Steps - 1;
    public bool IsScaleIdentity => false;

    public double Sigma(double t)
    {
        int i = Math.Clamp((int)Math.Floor(t), 0, Steps - 2);
        double f = t - i;
        return Math.Exp((1 - f) * LogSigmas[i] + f * LogSigmas[i + 1]);
    }

    public double SigmaDerivative(double t)
    {
        int i = Math.Clamp((int)Math.Floor(t), 0, Steps - 2);
        return Sigma(t) * (LogSigmas[i + 1] - LogSigmas[i]);
    }

    public double Scale(double t) => 1 / Math.Sqrt(1 + Sigma(t) * Sigma(t));
    public double ScaleDerivative(double t) => -Math.Pow(Scale(t), 3) * Sigma(t) * SigmaDerivative(t);
    public double Drift(double t) => ScaleDerivative(t) / Scale(t);
    public double Diffusion(double t) => Math.Sqrt(DiffusionSquared(t));
    public double DiffusionSquared(double t) => 2 * Scale(t) * Scale(t) * SigmaDerivative(t) * Sigma(t);
    public double OdeStateCoefficient(double t) => SigmaDerivative(t) / Sigma(t) + Drift(t);
    public double OdeDenoiserCoefficient(double t) => SigmaDerivative(t) * Scale(t) / Sigma(t);

    /// <summary>The fractional timestep: log sigma interpolated between neighbouring entries, clamped to [0, N - 1].</summary>
    public double TimeAtSigma(double sigma)
    {
        double logSigma = Math.Log(sigma);
        if (logSigma <= LogSigmas[0]) return 0;
        if (logSigma >= LogSigmas[Steps - 1]) return Steps - 1;
        int i = Array.BinarySearch(LogSigmas, logSigma);
        if (i >= 0) return i;
        int high = ~i, low = high - 1;
        return low + (logSigma - LogSigmas[low]) / (LogSigmas[high] - LogSigmas[low]);
    }

    private static double[] BuildTable()
    {
        var table = new double[Steps];
        double alphaBar = 1;
        for (int i = 0; i < Steps; i++)
        {
            double beta = 1e-4 + (0.02 - 1e-4) * i / (Steps - 1);
            alphaBar *= 1 - beta;
            table[i] = 0.5 * Math.Log((1 - alphaBar) / alphaBar);
        }

        return table;
    }
}
