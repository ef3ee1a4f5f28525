using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Models;
using SdeDsl.Noise;

namespace SdeDsl.Samplers.Driver;

/// <summary>
/// What a step sees of a run: the schedule, the working state x and its denoiser input y = x/s, pooled scratch
/// buffers, and denoiser calls that are poisoned, checked and counted. Created and ended by <see cref="SamplerDriver"/>.
/// </summary>
/// <remarks>
/// <para>
/// Its bulk work (the working copy, the poison fill and the finite check of every denoiser output, the final x = D
/// and the commit) runs as kernel passes with the run's <see cref="KernelOptions"/>: split across the same threads as
/// the steps' kernels, never a serial pass on the calling thread alone.
/// </para>
/// <para>
/// The run works on a pooled copy of the caller's buffer and copies the result back only when it completes, so a
/// cancelled or failed run leaves the caller's buffer exactly as it was. When s = 1
/// (<see cref="INoiseSchedule.IsScaleIdentity"/>) y is the state itself and no kernel writes a y stream.
/// </para>
/// </remarks>
internal ref struct SamplerRun<TSchedule, T, TDenoiser>
    where TSchedule : struct, INoiseSchedule
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TDenoiser : IDenoiser<T>
{
    /// <summary>The buffer slot the driver's final step writes D into; steps use it for their first denoiser output.</summary>
    public const int DenoisedSlot = 0;

    /// <summary>The slot the driver keeps the inpainting noise in (steps use slots 0 to 4).</summary>
    private const int KnownRegionNoiseSlot = 5;

    private const int SlotCount = 8;

    private readonly TSchedule _schedule;
    private TDenoiser _denoiser;
    private readonly ReadOnlySpan<double> _times;
    private readonly Span<T> _caller;
    private readonly SamplingOptions _options;
    private readonly StepCallback<T>? _onStep;
    private readonly string _sampler;
    private RentedArrays _rented;
    private int _completed;
    private ReadOnlySpan<T> _lastDenoised;
    private double _stepTime;
    private bool _knownNoiseDrawn;

    public SamplerRun(
        string sampler, in TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x,
        SamplingOptions options, StepCallback<T>? onStep, int stepCount)
    {
        _sampler = sampler;
        _schedule = schedule;
        _denoiser = denoiser;
        _times = times;
        _caller = x;
        _options = options;
        _onStep = onStep;
        _rented = default;
        _completed = 0;
        _lastDenoised = default;
        _stepTime = double.NaN;
        _knownNoiseDrawn = false;
        Calls = 0;
        StepCount = stepCount;

        State = Buffer(SlotCount - 1);
        CopyAndFill.Copy<T>(x, State, Kernel);
        if (schedule.IsScaleIdentity)
        {
            Y = State;
            ScaledOutput = default;
        }
        else
        {
            Y = Buffer(SlotCount - 2);
            ScaledOutput = Y;
            FusedPass.Combine<T>(1 / schedule.Scale(times[0]), State, Y, Kernel);
        }
    }

    /// <summary>The schedule being sampled.</summary>
    public readonly TSchedule Schedule => _schedule;

    /// <summary>The grid t_0 &gt; t_1 &gt; ... of the run.</summary>
    public readonly ReadOnlySpan<double> Times => _times;

    /// <summary>The working state x (a pooled copy of the caller's buffer).</summary>
    public Span<T> State { get; }

    /// <summary>The denoiser input y = x/s for <see cref="State"/> (the state itself when s = 1).</summary>
    public Span<T> Y { get; }

    /// <summary>Where kernels write y alongside x: <see cref="Y"/>, or empty when s = 1.</summary>
    public Span<T> ScaledOutput { get; }

    /// <summary>The steps of the run: one per interval of the grid, plus the appended final step into sigma = 0.</summary>
    public int StepCount { get; }

    /// <summary>The denoiser calls made so far.</summary>
    public int Calls { get; private set; }

    /// <summary>Threads, chunk size and vector width of the kernels.</summary>
    public readonly KernelOptions Kernel => _options.Kernel;

    /// <summary>
    /// The noise stream <c>(step &lt;&lt; 32) | substream</c> of the run's seed, sample-keyed when the options give a
    /// <see cref="SamplingOptions.Samples"/> layout (docs/math.md §13; validated against the buffer by the driver).
    /// </summary>
    public readonly NoiseKey Noise(int step, uint substream = 0) =>
        new(_options.Seed, ((ulong)(uint)step << 32) | substream, _options.Samples ?? default);

    /// <summary>
    /// Scratch buffer <paramref name="slot"/> (0 to 4 for steps) of the state's length, rented from the pool on first use and
    /// the same buffer for the rest of the run. Its contents are whatever the run last wrote there.
    /// </summary>
    public Span<T> Buffer(int slot)
    {
        T[]? array = _rented[slot];
        if (array is null)
        {
            array = ArrayPool<T>.Shared.Rent(_caller.Length);
            _rented[slot] = array;
        }

        return array.AsSpan(0, _caller.Length);
    }

    /// <summary>Scratch for the y = x/s of an intermediate state in <paramref name="slot"/>, or empty when s = 1 (y is the state itself).</summary>
    public Span<T> ScaledBuffer(int slot) => _schedule.IsScaleIdentity ? default : Buffer(slot);

    /// <summary>
    /// D(input; sigma(t)) into <paramref name="output"/>, which is returned. Honours cancellation first; with
    /// <see cref="SamplingOptions.CheckFinite"/> the output is poisoned with NaN before the call and checked after it,
    /// so a NaN, an infinity or an element the denoiser did not write stops the run with the step's index.
    /// </summary>
    public Span<T> Denoise(int step, ReadOnlySpan<T> input, double t, Span<T> output)
    {
        ThrowIfCancelled();
        double sigma = _schedule.Sigma(t);
        if (_options.CheckFinite)
        {
            CopyAndFill.Fill(output, DenoiserPoison<T>.Value, Kernel);
        }

        _denoiser.Denoise(input, sigma, output);
        Calls++;
        CheckAndRecord(step, t, sigma, output);

        _lastDenoised = output;
        return output;
    }

    /// <summary>
    /// After a denoiser call: the finite check of its output (a parallel pass naming the sampler, step, t, sigma and
    /// element of the first non-finite value) and the first call's time, which the step reports.
    /// </summary>
    private void CheckAndRecord(int step, double t, double sigma, ReadOnlySpan<T> output)
    {
        Check(step, t, sigma, output);
        if (double.IsNaN(_stepTime))
        {
            _stepTime = t;
        }
    }

    /// <summary>With <see cref="SamplingOptions.CheckFinite"/>: the first non-finite value of a denoiser output (or prediction) stops the run, naming the sampler, step, t, sigma and element.</summary>
    private readonly void Check(int step, double t, double sigma, ReadOnlySpan<T> output)
    {
        if (_options.CheckFinite)
        {
            int bad = ParallelFiniteCheck.IndexOfNonFinite<T>(output, Kernel);
            if (bad >= 0)
            {
                throw new NonFiniteDenoiserOutputException(
                    _sampler, step, t, sigma, bad, double.CreateTruncating(output[bad]), DenoiserPoison<T>.Is(output[bad]));
            }
        }
    }

    /// <summary>D(y; sigma(t)) of the current state into the <see cref="DenoisedSlot"/> buffer, which is returned.</summary>
    public Span<T> Denoise(int step, double t) => Denoise(step, Y, t, Buffer(DenoisedSlot));

    /// <summary>
    /// The denoiser call of the current state in affine form: when the denoiser converts a raw prediction
    /// (<see cref="IAffineOutputDenoiser{T}"/>: epsilon, v, flow networks) and no step callback needs D itself, the
    /// raw prediction P goes into the <see cref="DenoisedSlot"/> buffer and <paramref name="form"/> gives
    /// D = c_y y + c_p P, for the step to fold into its pass; otherwise D itself, with form (0, 1). Poisoned, checked
    /// (P is finite exactly when D is, for finite y) and counted like <see cref="Denoise(int, double)"/>.
    /// </summary>
    public Span<T> DenoiseAffine(int step, double t, out AffineOutput form) => DenoiseAffine(step, Y, t, Buffer(DenoisedSlot), out form);

    /// <summary>
    /// <see cref="DenoiseAffine(int, double, out AffineOutput)"/> of any <paramref name="input"/> (Heun's prediction,
    /// a multistep history slot) into <paramref name="output"/>, which is returned: the raw prediction P with
    /// D = c_y input + c_p P in <paramref name="form"/>, or D itself with form (0, 1).
    /// </summary>
    public Span<T> DenoiseAffine(int step, ReadOnlySpan<T> input, double t, Span<T> output, out AffineOutput form)
    {
        if (_onStep is not null || _denoiser is not IAffineOutputDenoiser<T> affine)
        {
            form = AffineOutput.Identity;
            return Denoise(step, input, t, output);
        }

        ThrowIfCancelled();
        double sigma = _schedule.Sigma(t);
        if (_options.CheckFinite)
        {
            CopyAndFill.Fill(output, DenoiserPoison<T>.Value, Kernel);
        }

        form = affine.Predict(input, sigma, output);
        Calls++;
        CheckAndRecord(step, t, sigma, output);

        _lastDenoised = default; // no callback reads it (a callback selects the unfused path)
        return output;
    }

    /// <summary>
    /// Guidance folded into the step (docs/math.md §11.9): when the denoiser is a guided adapter whose combine is
    /// affine (no rescale, guidance active at sigma(t)) and no callback needs D, both raw predictions with the form
    /// D = c_y y + c_u P_u + c_c P_c; the conditional one is returned, the unconditional one in
    /// <paramref name="unconditional"/> (both in the denoiser's buffers). Otherwise
    /// <see cref="DenoiseAffine(int, ReadOnlySpan{T}, double, Span{T}, out AffineOutput)"/> into
    /// <paramref name="output"/>, with its one-prediction form. Poisoned, checked (each prediction; the exception
    /// names the step and sigma) and counted like <see cref="Denoise(int, double)"/>.
    /// </summary>
    public ReadOnlySpan<T> DenoiseGuidedAffine(int step, ReadOnlySpan<T> input, double t, Span<T> output, out GuidedAffineOutput form, out ReadOnlySpan<T> unconditional)
    {
        if (_onStep is not null || _denoiser is not IGuidedAffineOutputDenoiser<T> guided)
        {
            unconditional = default;
            Span<T> result = DenoiseAffine(step, input, t, output, out AffineOutput single);
            form = GuidedAffineOutput.OnePrediction(single);
            return result;
        }

        ThrowIfCancelled();
        double sigma = _schedule.Sigma(t);
        form = guided.PredictGuided(input, sigma, output, _options.CheckFinite ? DenoiserPoison<T>.Value : null, out ReadOnlySpan<T> conditional, out unconditional);
        Calls++;
        if (form.IsGuided)
        {
            Check(step, t, sigma, unconditional);
        }

        CheckAndRecord(step, t, sigma, conditional);
        _lastDenoised = default; // no callback reads it (a callback selects the unfused path)
        return conditional;
    }

    /// <summary>
    /// The final step into sigma = 0 (docs/math.md §7.10): Euler in sigma on y lands exactly on
    /// y(0) = D(y; sigma(t)), and at sigma = 0 the sample is the data-space y, so x = D. One call, no division.
    /// </summary>
    internal void FinalStep(int step, double t)
    {
        CopyAndFill.Copy<T>(Denoise(step, t), State, Kernel);
    }

    /// <summary>
    /// Inpainting (docs/math.md §7.12): re-imposes <see cref="SamplingOptions.KnownRegion"/>, if any, forward-noised to
    /// the level of time <paramref name="t"/>, or clean when <paramref name="atZero"/> (after the final step).
    /// </summary>
    internal void ImposeKnownRegion(double t, bool atZero)
    {
        if (_options.KnownRegion is not { } known)
        {
            return;
        }

        Span<T> noise = Buffer(KnownRegionNoiseSlot);
        if (!_knownNoiseDrawn)
        {
            known.DrawNoise(noise, _options.Samples, Kernel);
            _knownNoiseDrawn = true;
        }

        if (atZero)
        {
            known.Apply<T>(1, 0, noise, State, default);
        }
        else
        {
            known.Apply(_schedule.Scale(t), _schedule.Sigma(t), noise, State, ScaledOutput);
        }
    }

    /// <summary>Records a completed step that reached noise level <paramref name="nextSigma"/>: callback, then the next step's bookkeeping.</summary>
    internal void Completed(int step, double nextSigma)
    {
        _completed = step + 1;
        if (_onStep is not null)
        {
            double time = _stepTime;
            _onStep(new SamplerStepInfo<T>(step, StepCount, time, _schedule.Sigma(time), nextSigma, State, _lastDenoised));
        }

        _stepTime = double.NaN;
    }

    /// <summary>Copies the finished state into the caller's buffer.</summary>
    internal readonly void Commit()
    {
        ThrowIfCancelled();
        CopyAndFill.Copy<T>(State, _caller, Kernel);
    }

    public void Dispose()
    {
        for (int i = 0; i < SlotCount; i++)
        {
            if (_rented[i] is { } array)
            {
                ArrayPool<T>.Shared.Return(array);
                _rented[i] = null;
            }
        }
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

    /// <summary>The run's pooled buffers, inline in the run (no array allocated per run).</summary>
    [InlineArray(SlotCount)]
    private struct RentedArrays
    {
        private T[]? _element;
    }
}
