using System;
using System.Numerics;
using SdeDsl.Models;

namespace SdeDsl.Tests.Models;

/// <summary>A test network that returns a preset target and records what it was called with.</summary>
public sealed class TargetNetwork<T> : INetwork<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[] _target;

    public TargetNetwork(int length)
    {
        _target = new T[length];
        LastInput = new T[length];
    }

    public T[] LastInput { get; }
    public double LastTime { get; private set; } = double.NaN;
    public int Calls { get; private set; }

    public void SetTarget(ReadOnlySpan<double> target)
    {
        for (int i = 0; i < target.Length; i++) _target[i] = T.CreateTruncating(target[i]);
    }

    public void Predict(ReadOnlySpan<T> input, double timeInput, Span<T> output)
    {
        input.CopyTo(LastInput);
        LastTime = timeInput;
        Calls++;
        _target.CopyTo(output);
    }
}
