using System;

namespace SdeDsl.Samplers;

/// <summary>
/// The denoiser returned NaN or infinity, or left part of its output unwritten; the sampler stopped and left the
/// caller's buffer unchanged.
/// </summary>
/// <remarks>
/// Before every denoiser call the sampler fills the output with a NaN of its own (pooled buffers are rented
/// uncleared), so an element the denoiser did not write is caught too and reported with <see cref="Unwritten"/> set.
/// </remarks>
public sealed class NonFiniteDenoiserOutputException : InvalidOperationException
{
    internal NonFiniteDenoiserOutputException(string sampler, int stepIndex, double time, double sigma, int elementIndex, double value, bool unwritten)
        : base(unwritten
            ? $"{sampler}: the denoiser did not write element {elementIndex} of its output in step {stepIndex} " +
              $"(t = {time:R}, sigma = {sigma:R}); it must write every element. Sampling stopped; the caller's buffer still holds its input."
            : $"{sampler}: the denoiser returned {value} at element {elementIndex} in step {stepIndex} " +
              $"(t = {time:R}, sigma = {sigma:R}). Sampling stopped; the caller's buffer still holds its input.")
    {
        Sampler = sampler;
        StepIndex = stepIndex;
        Time = time;
        Sigma = sigma;
        ElementIndex = elementIndex;
        Unwritten = unwritten;
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

    /// <summary>True when the element still held the sampler's poison: the denoiser did not write it.</summary>
    public bool Unwritten { get; }
}
