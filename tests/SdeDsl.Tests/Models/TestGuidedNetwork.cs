using System;
using SdeDsl.Models;

namespace SdeDsl.Tests.Models;

/// <summary>
/// A conditional test network with two distinct, deterministic branches (cond_j = 0.3 x_j + sin(j + t),
/// uncond_j = -0.2 x_j + 0.5 cos(3 j) + 0.1 t, j the index within a sample), counting its calls.
/// </summary>
public sealed class TestGuidedNetwork : IGuidedNetwork<float>
{
    private readonly int _dimension;

    public TestGuidedNetwork(GuidedCallMode mode, int dimension)
    {
        CallMode = mode;
        _dimension = dimension;
    }

    public GuidedCallMode CallMode { get; }
    public int ConditionalCalls { get; private set; }
    public int UnconditionalCalls { get; private set; }
    public int DoubledCalls { get; private set; }

    public void Predict(ReadOnlySpan<float> input, double timeInput, GuidanceBranch branch, Span<float> output)
    {
        if (branch == GuidanceBranch.Conditional) ConditionalCalls++; else UnconditionalCalls++;
        Branch(input, timeInput, branch, output);
    }

    public void PredictBatchDoubled(ReadOnlySpan<float> input, double timeInput, Span<float> output)
    {
        DoubledCalls++;
        int n = input.Length / 2;
        Branch(input[..n], timeInput, GuidanceBranch.Unconditional, output[..n]);
        Branch(input[n..], timeInput, GuidanceBranch.Conditional, output[n..]);
    }

    public void Branch(ReadOnlySpan<float> input, double t, GuidanceBranch branch, Span<float> output)
    {
        for (int i = 0; i < input.Length; i++)
        {
            int j = i % _dimension;
            output[i] = branch == GuidanceBranch.Conditional
                ? (float)(0.3 * input[i] + Math.Sin(j + t))
                : (float)(-0.2 * input[i] + 0.5 * Math.Cos(3 * j) + 0.1 * t);
        }
    }

    /// <summary>The conditional branch alone, as an unguided network.</summary>
    public INetwork<float> ConditionalOnly => new Conditional(this);

    private sealed class Conditional(TestGuidedNetwork owner) : INetwork<float>
    {
        public void Predict(ReadOnlySpan<float> input, double timeInput, Span<float> output) =>
            owner.Branch(input, timeInput, GuidanceBranch.Conditional, output);
    }
}
