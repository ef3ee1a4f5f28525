using System;

namespace SdeDsl.Samplers.Adaptive;

/// <summary>
/// An adaptive solve could not meet its tolerance: the proposed step fell below <see cref="AdaptiveOptions.MinStep"/>,
/// the steps exceeded <see cref="AdaptiveOptions.MaxSteps"/>, or the solution stopped being finite. The caller's
/// buffers are unchanged.
/// </summary>
public sealed class AdaptiveStepSizeException : InvalidOperationException
{
    internal AdaptiveStepSizeException(string solver, string reason, int stepIndex, double variable, double sigma, double stepSize)
        : base($"{solver}: {reason} at step {stepIndex} (u = {variable:R}, sigma = {sigma:R}, h = {stepSize:R}). " +
               "The solve stopped; the caller's buffer still holds its input.")
    {
        StepIndex = stepIndex;
        Variable = variable;
        Sigma = sigma;
        StepSize = stepSize;
    }

    /// <summary>The number of steps attempted before the failure.</summary>
    public int StepIndex { get; }

    /// <summary>The value of the solve's variable where it stopped.</summary>
    public double Variable { get; }

    /// <summary>The noise level where it stopped.</summary>
    public double Sigma { get; }

    /// <summary>The step size |h| last proposed.</summary>
    public double StepSize { get; }
}
