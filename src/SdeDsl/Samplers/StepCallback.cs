using System;

namespace SdeDsl.Samplers;

/// <summary>
/// Called by a sampler after every completed step with the state it reached; the one channel for progress and
/// inspection (a plain lambda: <c>step =&gt; bar.Value = step.StepIndex + 1</c>). It may not keep the spans.
/// </summary>
public delegate void StepCallback<T>(SamplerStepInfo<T> step);

/// <summary>What a sampler has just done: the step, its noise levels, the new state and the last denoiser output.</summary>
public readonly ref struct SamplerStepInfo<T>
{
    /// <summary>Creates the record of one step.</summary>
    internal SamplerStepInfo(int stepIndex, int stepCount, double time, double sigma, double nextSigma, ReadOnlySpan<T> state, ReadOnlySpan<T> denoised)
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

    /// <summary>The number of steps of the run (including the final step into sigma = 0).</summary>
    public int StepCount { get; }

    /// <summary>The time of the step's first denoiser call: the grid time, or t_hat after EDM's churn.</summary>
    public double Time { get; }

    /// <summary>The noise level at <see cref="Time"/>.</summary>
    public double Sigma { get; }

    /// <summary>The noise level the step reached (0 for the final step).</summary>
    public double NextSigma { get; }

    /// <summary>The state x after the step (in the schedule's scaled space; data space after the final step).</summary>
    public ReadOnlySpan<T> State { get; }

    /// <summary>The denoiser output the step used last.</summary>
    public ReadOnlySpan<T> Denoised { get; }
}
