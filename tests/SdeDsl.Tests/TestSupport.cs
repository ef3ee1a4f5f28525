using System;
using System.Numerics;
using SdeDsl.Denoisers;

namespace SdeDsl.Tests;

/// <summary>Counts calls and forwards to an inner denoiser.</summary>
public sealed class CountingDenoiser<T> : IDenoiser<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IDenoiser<T> _inner;

    public CountingDenoiser(IDenoiser<T> inner) => _inner = inner;

    public int Calls { get; private set; }

    public System.Collections.Generic.List<double> Sigmas { get; } = new();

    public void Denoise(ReadOnlySpan<T> input, double sigma, Span<T> output)
    {
        Calls++;
        Sigmas.Add(sigma);
        _inner.Denoise(input, sigma, output);
    }
}

/// <summary>Returns NaN at one element from a given call on.</summary>
public sealed class FaultyDenoiser<T> : IDenoiser<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IDenoiser<T> _inner;
    private readonly int _failingCall;
    private readonly T _bad;
    private int _calls;

    public FaultyDenoiser(IDenoiser<T> inner, int failingCall, T bad)
    {
        _inner = inner;
        _failingCall = failingCall;
        _bad = bad;
    }

    public void Denoise(ReadOnlySpan<T> input, double sigma, Span<T> output)
    {
        _inner.Denoise(input, sigma, output);
        if (_calls++ == _failingCall)
        {
            output[output.Length / 2] = _bad;
        }
    }
}

public static class Stats
{
    public static (double Mean, double Variance) MeanVariance(ReadOnlySpan<double> values)
    {
        double mean = 0;
        foreach (double v in values) mean += v;
        mean /= values.Length;
        double variance = 0;
        foreach (double v in values) variance += (v - mean) * (v - mean);
        return (mean, variance / (values.Length - 1));
    }

    /// <summary>Least-squares slope of log(error) against log(steps).</summary>
    public static double LogLogSlope(ReadOnlySpan<int> steps, ReadOnlySpan<double> errors)
    {
        int n = steps.Length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++)
        {
            mx += Math.Log(steps[i]);
            my += Math.Log(errors[i]);
        }

        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = Math.Log(steps[i]) - mx;
            sxy += dx * (Math.Log(errors[i]) - my);
            sxx += dx * dx;
        }

        return sxy / sxx;
    }

    /// <summary>The standard normal CDF (Marsaglia 2004, "Evaluating the normal distribution"; ~1e-15 absolute for |x| &lt; 7).</summary>
    public static double NormalCdf(double x)
    {
        if (x < -8) return 0;
        if (x > 8) return 1;
        double s = x, t = 0, b = x, q = x * x, i = 1;
        while (s != t)
        {
            t = s;
            i += 2;
            b *= q / i;
            s = t + b;
        }

        return 0.5 + s * Math.Exp(-0.5 * q - 0.91893853320467274178);
    }
}
