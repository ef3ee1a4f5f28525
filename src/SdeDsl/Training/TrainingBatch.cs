using System;
using System.Numerics;

namespace SdeDsl.Training;

/// <summary>
/// The buffers of one training batch of <see cref="Samples"/> samples of <see cref="Dimension"/> elements, filled by
/// <see cref="DenoisingObjective{TTraining}.Prepare{T}"/>: per element the noise, the network's input and the
/// regression target; per sample the time, sigma, the network's time input and the loss weight (docs/math.md §19).
/// Allocated once; a training loop reuses it every iteration.
/// </summary>
/// <typeparam name="T">The tensor element type (<see cref="float"/> or <see cref="double"/>).</typeparam>
public sealed class TrainingBatch<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[] _noise, _networkInput, _target;
    private readonly double[] _time, _sigma, _timeInput, _weight;

    /// <summary>Allocates the buffers.</summary>
    /// <param name="samples">Samples per batch, at least 1.</param>
    /// <param name="dimension">Elements per sample, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1, or the batch exceeds 2^31 - 1 elements.</exception>
    public TrainingBatch(int samples, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)samples * dimension, int.MaxValue, nameof(samples));
        Samples = samples;
        Dimension = dimension;
        int length = samples * dimension;
        _noise = new T[length];
        _networkInput = new T[length];
        _target = new T[length];
        _time = new double[samples];
        _sigma = new double[samples];
        _timeInput = new double[samples];
        _weight = new double[samples];
    }

    /// <summary>Samples per batch (B).</summary>
    public int Samples { get; }

    /// <summary>Elements per sample (d).</summary>
    public int Dimension { get; }

    /// <summary>B d: the length of the element buffers.</summary>
    public int Length => _noise.Length;

    /// <summary>eps ~ N(0, I), sample-keyed (docs/math.md §13).</summary>
    public Memory<T> Noise => _noise;

    /// <summary>What the network receives: c_i (x_0 + sigma eps) per its convention (docs/math.md §11.3).</summary>
    public Memory<T> NetworkInput => _networkInput;

    /// <summary>The regression target a x_0 + b eps (docs/math.md §19.2).</summary>
    public Memory<T> Target => _target;

    /// <summary>Each sample's training time t.</summary>
    public Memory<double> Time => _time;

    /// <summary>Each sample's sigma(t).</summary>
    public Memory<double> Sigma => _sigma;

    /// <summary>Each sample's network time input, as the model adapter computes it at sampling time (docs/math.md §11.4).</summary>
    public Memory<double> TimeInput => _timeInput;

    /// <summary>Each sample's weight on its mean squared prediction error (docs/math.md §19.3).</summary>
    public Memory<double> Weight => _weight;
}
