namespace SdeDsl.Samplers.Adaptive;

/// <summary>What an adaptive solve spent: denoiser calls, accepted and rejected steps, and the last step size.</summary>
/// <param name="DenoiserCalls">Calls of the denoiser (each over the whole batch), including the initial-step probe and any final step.</param>
/// <param name="AcceptedSteps">Steps whose error met the tolerance.</param>
/// <param name="RejectedSteps">Steps whose error exceeded the tolerance and were retried smaller.</param>
/// <param name="LastStepSize">|h| of the last accepted step, in the solve's variable.</param>
public readonly record struct AdaptiveStatistics(int DenoiserCalls, int AcceptedSteps, int RejectedSteps, double LastStepSize);
