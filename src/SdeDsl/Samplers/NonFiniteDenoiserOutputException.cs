using System;

namespace SdeDsl.Samplers;

/// <summary>The denoiser returned NaN or infinity; the sampler stopped and left the caller's buffer unchanged.</summary>
public sealed class NonFiniteDenoiserOutputException : InvalidOperationException
{
    /// <summary>Creates the exception for the denoiser call at <paramref name="stepIndex"/>.</summary>
    public NonFiniteDenoiserOutputException(string sampler, int stepIndex, double time, double sigma, int elementIndex, double value)
        : base($"{sampler}: the denoiser returned {value} at element {elementIndex} in step {stepIndex} " +
               $"(t = {time:R}, sigma = {sigma:R}). Sampling stopped; the caller's buffer still holds its input.")
    {
        Sampler = sampler;
        StepIndex = stepIndex;
        Time = time;
        Sigma = sigma;
        ElementIndex = elementIndex;
    }

    /// <summary>The sampler that called the denoiser.</summary>
    public string Sampler { get; }

    /// <summary>The index of the step whose denoiser call failed (0 is the first step).</summary>
    public int StepIndex { get; }

    /// <summary>The schedule time of the call.</summary>
    public double Time { get; }

    /// <summary>The noise level of the call.</summary>
    public double Sigma { get; }

    /// <summary>The index of the first non-finite output element.</summary>
    public int ElementIndex { get; }
}
