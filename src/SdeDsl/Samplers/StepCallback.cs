using System;

namespace SdeDsl.Samplers;

/// <summary>Called by a sampler after every completed step, with the state it reached; may not keep the spans.</summary>
public delegate void StepCallback<T>(in SamplerStepInfo<T> step);

/// <summary>What a sampler has just done: the step, its noise levels, the new state and the last denoiser output.</summary>
public readonly ref struct SamplerStepInfo<T>
{
    /// <summary>Creates the record of one step.</summary>
    public SamplerStepInfo(int stepIndex, int stepCount, double time, double sigma, double nextSigma, ReadOnlySpan<T> state, ReadOnlySpan<T> denoised)
    {
        StepIndex = stepIndex;
        StepCount = stepCount;
        Time = time;
        Sigma = sigma;
        NextSigma = nextSigma;
        State = state;
        Denoised = denoised;
    }

    /// <summary>The index of the step (0 is the first).</summary>
    public int StepIndex { get; }

    /// <summary>The number of steps of the run.</summary>
    public int StepCount { get; }

    /// <summary>The schedule time the step started from.</summary>
    public double Time { get; }

    /// <summary>The noise level the step started from.</summary>
    public double Sigma { get; }

    /// <summary>The noise level the step reached (0 for the final step).</summary>
    public double NextSigma { get; }

    /// <summary>The state x after the step (in the schedule's scaled space; data space after the final step).</summary>
    public ReadOnlySpan<T> State { get; }

    /// <summary>The denoiser output the step used last.</summary>
    public ReadOnlySpan<T> Denoised { get; }
}
