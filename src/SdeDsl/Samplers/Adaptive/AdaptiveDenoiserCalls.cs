using System;
using System.Numerics;
using System.Threading;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Samplers.Driver;

namespace SdeDsl.Samplers.Adaptive;

/// <summary>
/// The adaptive solvers' denoiser calls, with the fixed-step driver's conventions and pieces: cancellation checked
/// before every call, the output poisoned with <see cref="DenoiserPoison{T}"/> and checked with
/// <see cref="FiniteCheck"/> (a NaN, an infinity or an unwritten element throws
/// <see cref="NonFiniteDenoiserOutputException"/> naming the step, t and sigma), and every call counted.
/// </summary>
internal struct AdaptiveDenoiserCalls<T, TDenoiser>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TDenoiser : IDenoiser<T>
{
    private TDenoiser _denoiser;
    private readonly string _solver;
    private readonly bool _checkFinite;
    private readonly CancellationToken _cancellation;

    public AdaptiveDenoiserCalls(string solver, TDenoiser denoiser, SamplingOptions options)
    {
        _solver = solver;
        _denoiser = denoiser;
        _checkFinite = options.CheckFinite;
        _cancellation = options.CancellationToken;
        Calls = 0;
        Step = 0;
    }

    /// <summary>The calls made so far.</summary>
    public int Calls { get; private set; }

    /// <summary>The index of the step in progress (the accepted steps so far), for messages.</summary>
    public int Step { get; set; }

    /// <summary>The denoiser itself (for the extensions a likelihood uses).</summary>
    public readonly TDenoiser Denoiser => _denoiser;

    /// <summary>
    /// D(<paramref name="input"/>; <paramref name="sigma"/>) into <paramref name="output"/>, checked;
    /// <paramref name="time"/> gives the schedule time of the call for an error message (only evaluated on failure).
    /// </summary>
    public void Denoise<TTime>(ReadOnlySpan<T> input, double sigma, Span<T> output, in TTime time)
        where TTime : struct, ITimeOfCall
    {
        BeforeCall();
        if (_checkFinite)
        {
            output.Fill(DenoiserPoison<T>.Value);
        }

        _denoiser.Denoise(input, sigma, output);
        AfterCall(output, sigma, time);
    }

    /// <summary>Honours cancellation before a call a caller makes directly on <see cref="Denoiser"/>.</summary>
    public readonly void BeforeCall() => ThrowIfCancelled();

    /// <summary>Counts a call and checks its output (poisoned before the call by the caller when checking).</summary>
    public void AfterCall<TTime>(ReadOnlySpan<T> output, double sigma, in TTime time)
        where TTime : struct, ITimeOfCall
    {
        Calls++;
        if (_checkFinite)
        {
            int bad = FiniteCheck.IndexOfNonFinite(output);
            if (bad >= 0)
            {
                throw new NonFiniteDenoiserOutputException(
                    _solver, Step, time.TimeAtSigma(sigma), sigma, bad, double.CreateTruncating(output[bad]), DenoiserPoison<T>.Is(output[bad]));
            }
        }
    }

    /// <summary>Whether outputs are poisoned and checked.</summary>
    public readonly bool ChecksFinite => _checkFinite;

    /// <summary>Throws if the run was cancelled (before the commit).</summary>
    public readonly void ThrowIfCancelled()
    {
        if (_cancellation.IsCancellationRequested)
        {
            throw new OperationCanceledException(
                $"{_solver} was cancelled after {Step} accepted steps; the partial result was discarded and the caller's " +
                "buffers still hold their input.",
                _cancellation);
        }
    }
}

/// <summary>The schedule time of a denoiser call at a noise level, computed only for an error message.</summary>
internal interface ITimeOfCall
{
    /// <summary>t with sigma(t) = <paramref name="sigma"/>.</summary>
    double TimeAtSigma(double sigma);
}

/// <summary><see cref="ITimeOfCall"/> through a schedule's sigma^-1.</summary>
internal readonly struct ScheduleTimeOfCall<TSchedule>(TSchedule schedule) : ITimeOfCall
    where TSchedule : struct, INoiseSchedule
{
    public double TimeAtSigma(double sigma) => schedule.TimeAtSigma(sigma);
}
