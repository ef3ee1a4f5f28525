using System;
using System.Numerics;
using SdeDsl.Denoisers;
using Xunit;

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

    /// <summary>
    /// Asserts that n draws look standard normal and independent: mean, variance, skewness and excess kurtosis, the
    /// correlations at the given lags and with a second stream, each within 5 standard errors of the statistic under
    /// the null (two-sided false-alarm probability 6e-7 each), and Kolmogorov-Smirnov at the 0.1% critical value.
    /// Sorts <paramref name="z"/>.
    /// </summary>
    public static void AssertStandardNormal(double[] z, double[] otherStream, int[] lags)
    {
        int n = z.Length;
        double sum = 0, sum2 = 0, sum3 = 0, sum4 = 0;
        foreach (double x in z)
        {
            double x2 = x * x;
            sum += x;
            sum2 += x2;
            sum3 += x2 * x;
            sum4 += x2 * x2;
        }

        double mean = sum / n, variance = sum2 / n - mean * mean;
        double skewness = sum3 / n, excessKurtosis = sum4 / n - 3;
        Assert.InRange(mean, -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));                            // SE 1/sqrt(n)
        Assert.InRange(variance - 1, -5 * Math.Sqrt(2.0 / n), 5 * Math.Sqrt(2.0 / n));       // SE sqrt(2/n)
        Assert.InRange(skewness, -5 * Math.Sqrt(6.0 / n), 5 * Math.Sqrt(6.0 / n));           // SE sqrt(6/n)
        Assert.InRange(excessKurtosis, -5 * Math.Sqrt(24.0 / n), 5 * Math.Sqrt(24.0 / n));   // SE sqrt(24/n)

        foreach (int lag in lags)
        {
            double c = 0;
            for (int i = 0; i + lag < n; i++)
            {
                c += z[i] * z[i + lag];
            }

            Assert.InRange(c / (n - lag), -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));              // SE 1/sqrt(n)
        }

        double cross = 0;
        for (int i = 0; i < n; i++)
        {
            cross += z[i] * otherStream[i];
        }

        Assert.InRange(cross / n, -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));

        // Kolmogorov-Smirnov: sqrt(n) D_n has the Kolmogorov distribution; P(sqrt(n) D_n > 1.95) = 0.001.
        Array.Sort(z);
        double d = 0;
        for (int i = 0; i < n; i++)
        {
            double cdf = NormalCdf(z[i]);
            d = Math.Max(d, Math.Max((i + 1.0) / n - cdf, cdf - (double)i / n));
        }

        Assert.True(Math.Sqrt(n) * d < 1.95, $"KS statistic sqrt(n) D = {Math.Sqrt(n) * d}");
    }
}
