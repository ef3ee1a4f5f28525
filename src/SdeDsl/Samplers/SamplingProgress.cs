namespace SdeDsl.Samplers;

/// <summary>Progress of a sampler run, reported after every completed step.</summary>
/// <param name="CompletedSteps">Steps done so far.</param>
/// <param name="TotalSteps">Steps of the run (including the final step into sigma = 0 when there is one).</param>
/// <param name="Sigma">The noise level the state has reached (0 after the final step).</param>
public readonly record struct SamplingProgress(int CompletedSteps, int TotalSteps, double Sigma);
