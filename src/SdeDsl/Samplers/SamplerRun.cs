using System;
using System.Buffers;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;

namespace SdeDsl.Samplers;

/// <summary>
/// The bookkeeping every sampler shares, so each sampler's own loop stays a few lines of kernel calls: argument
/// validation, a working copy of the caller's buffer, pooled scratch buffers (rented once per run, never per step),
/// denoiser calls with the NaN/infinity check, the per-step callback, progress and cancellation, and the commit of
/// the result.
/// </summary>
/// <remarks>
/// The sampler works on a pooled copy of x and copies the result back only when the run completes, so a cancelled or
/// failed run leaves the caller's buffer exactly as it was (and the exception says so).
/// When s = 1 (<see cref="INoiseSchedule.IsScaleIdentity"/>) the denoiser input y = x/s is the state itself and no
/// kernel writes a y stream.
/// </remarks>
internal ref struct SamplerRun<TSchedule, T, TDenoiser>
    where TSchedule : struct, INoiseSchedule
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TDenoiser : IDenoiser<T>
{
    private readonly TSchedule _schedule;
    private TDenoiser _denoiser;
    private readonly ReadOnlySpan<double> _times;
    private readonly Span<T> _caller;
    private readonly SamplingOptions _options;
    private readonly StepCallback<T>? _onStep;
    private readonly string _sampler;
    private RentedArrays _rented;
    private int _rentedCount;
    private int _completed;

    public SamplerRun(
        string sampler, in TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x,
        SamplingOptions? options, StepCallback<T>? onStep)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException($"Samplers support float and double tensors, not {typeof(T).Name}.");
        }

        if (denoiser is null)
        {
            throw new ArgumentNullException(nameof(denoiser));
        }

        _options = options ?? SamplingOptions.Default;
        ValidateTimes(schedule, times, _options.DenoiseToZero);
        if (x.IsEmpty)
        {
            throw new ArgumentException("x must hold the initial sample x_T (it is empty).", nameof(x));
        }

        _sampler = sampler;
        _schedule = schedule;
        _denoiser = denoiser;
        _times = times;
        _caller = x;
        _onStep = onStep;
        _rented = default;
        _rentedCount = 0;
        _completed = 0;
        Calls = 0;
        StepCount = times.Length - 1 + (_options.DenoiseToZero ? 1 : 0);

        State = Rent();
        x.CopyTo(State);
        if (schedule.IsScaleIdentity)
        {
            Y = State;
            ScaledOutput = default;
        }
        else
        {
            Y = Rent();
            ScaledOutput = Y;
            StepKernels.Scale<T>(State, 1 / schedule.Scale(times[0]), Y, Kernel);
        }

        // Cancellation is first checked by the first denoiser call, inside the sampler's try/finally.
    }

    /// <summary>The working state x (a pooled copy of the caller's buffer).</summary>
    public Span<T> State { get; }

    /// <summary>The denoiser input y = x/s for <see cref="State"/> (the state itself when s = 1).</summary>
    public Span<T> Y { get; }

    /// <summary>Where kernels write y alongside x: <see cref="Y"/>, or empty when s = 1.</summary>
    public Span<T> ScaledOutput { get; }

    /// <summary>Steps of the run: one per interval of the grid, plus the final step into sigma = 0 when enabled.</summary>
    public int StepCount { get; }

    /// <summary>Steps between two grid times (the final step into sigma = 0 excluded).</summary>
    public int IntervalCount => _times.Length - 1;

    /// <summary>Whether the run ends with the step into sigma = 0.</summary>
    public bool DenoiseToZero => _options.DenoiseToZero;

    /// <summary>The denoiser calls made so far.</summary>
    public int Calls { get; private set; }

    public KernelOptions Kernel => _options.Kernel;

    public Noise.GaussianNoise Noise => new(_options.Seed);

    /// <summary>A pooled scratch buffer of the state's length, returned when the run ends.</summary>
    public Span<T> Rent()
    {
        if (_rentedCount == RentedArrays.Capacity)
        {
            throw new InvalidOperationException($"A sampler rents at most {RentedArrays.Capacity} buffers.");
        }

        T[] array = ArrayPool<T>.Shared.Rent(_caller.Length);
        _rented[_rentedCount++] = array;
        return array.AsSpan(0, _caller.Length);
    }

    /// <summary>A scratch buffer for the y = x/s of an intermediate state, or empty when s = 1 (then y is the state itself).</summary>
    public Span<T> RentScaled() => _schedule.IsScaleIdentity ? default : Rent();

    /// <summary>D(input; sigma(t)) into output, checked for NaN and infinity; honours cancellation first.</summary>
    public void Denoise(int step, ReadOnlySpan<T> input, double t, Span<T> output)
    {
        ThrowIfCancelled();
        double sigma = _schedule.Sigma(t);
        _denoiser.Denoise(input, sigma, output);
        Calls++;
        if (_options.CheckFinite)
        {
            int bad = FiniteCheck.IndexOfNonFinite<T>(output);
            if (bad >= 0)
            {
                throw new NonFiniteDenoiserOutputException(_sampler, step, t, sigma, bad, double.CreateTruncating(output[bad]));
            }
        }
    }

    /// <summary>Records a completed step from time t to tNext: callback, progress, cancellation.</summary>
    public void Completed(int step, double t, double tNext, ReadOnlySpan<T> denoised) =>
        Report(step, t, _schedule.Sigma(tNext), denoised);

    /// <summary>
    /// The explicit final step into sigma = 0: Euler in sigma on y (math.md section 3) lands exactly on
    /// y(0) = D(y; sigma_last), and at sigma = 0 the scale is s = 1, so x = D. No division, no extra call.
    /// </summary>
    public void FinalStep(int step, double t, ReadOnlySpan<T> denoised)
    {
        denoised.CopyTo(State);
        Report(step, t, 0, denoised);
    }

    /// <summary>
    /// Ends the run: the explicit final step into sigma = 0 when <see cref="DenoiseToZero"/> is set (one denoiser
    /// call at the last grid time, then x = D), then the state is committed to the caller's buffer.
    /// </summary>
    /// <returns>The number of denoiser calls made.</returns>
    public int Finish(Span<T> denoised)
    {
        if (DenoiseToZero)
        {
            int last = _times.Length - 1;
            Denoise(last, Y, _times[last], denoised);
            FinalStep(last, _times[last], denoised);
        }

        Commit();
        return Calls;
    }

    /// <summary>Copies the finished state into the caller's buffer.</summary>
    public void Commit()
    {
        ThrowIfCancelled();
        State.CopyTo(_caller);
    }

    public void Dispose()
    {
        for (int i = 0; i < _rentedCount; i++)
        {
            ArrayPool<T>.Shared.Return(_rented[i]!);
            _rented[i] = null;
        }

        _rentedCount = 0;
    }

    private void Report(int step, double t, double nextSigma, ReadOnlySpan<T> denoised)
    {
        _completed = step + 1;
        if (_onStep is not null)
        {
            var info = new SamplerStepInfo<T>(step, StepCount, t, _schedule.Sigma(t), nextSigma, State, denoised);
            _onStep(in info);
        }

        _options.Progress?.Report(new SamplingProgress(step + 1, StepCount, nextSigma));
    }

    private readonly void ThrowIfCancelled()
    {
        if (_options.CancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(
                $"{_sampler} was cancelled after {_completed} of {StepCount} steps; the partial state was discarded and " +
                "the caller's buffer still holds its input.",
                _options.CancellationToken);
        }
    }

    /// <summary>The grid must be non-empty, finite, strictly decreasing and inside [TMin, TMax].</summary>
    internal static void ValidateTimes(in TSchedule schedule, ReadOnlySpan<double> times, bool denoiseToZero)
    {
        if (times.IsEmpty)
        {
            throw new ArgumentException("The time grid is empty; it needs at least one time.", nameof(times));
        }

        if (times.Length < 2 && !denoiseToZero)
        {
            throw new ArgumentException("With DenoiseToZero off the grid needs at least two times.", nameof(times));
        }

        double tMin = schedule.TMin, tMax = schedule.TMax;
        for (int i = 0; i < times.Length; i++)
        {
            double t = times[i];
            if (!(t >= tMin && t <= tMax))
            {
                string sigma = double.IsFinite(t) ? $", sigma = {schedule.Sigma(t):R}" : string.Empty;
                throw new ArgumentOutOfRangeException(
                    nameof(times), t,
                    $"times[{i}] = {t:R}{sigma} lies outside the schedule's range t in [{tMin:R}, {tMax:R}] " +
                    $"(sigma in [{schedule.Sigma(tMin):R}, {schedule.Sigma(tMax):R}]).");
            }

            if (i > 0 && !(t < times[i - 1]))
            {
                throw new ArgumentException(
                    $"The time grid must be strictly decreasing (sampling runs from noise to data): times[{i - 1}] = {times[i - 1]:R}, times[{i}] = {t:R}.",
                    nameof(times));
            }
        }
    }

    /// <summary>The run's pooled buffers, inline in the run (no array allocated per run).</summary>
    [System.Runtime.CompilerServices.InlineArray(Capacity)]
    private struct RentedArrays
    {
        public const int Capacity = 8;
        private T[]? _element;
    }
}
