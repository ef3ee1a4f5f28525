using System;
using System.Numerics;
using System.Runtime.InteropServices;
using SdeDsl.Denoisers;

namespace SdeDsl.Samplers.Adaptive;

/// <summary>
/// The probability-flow ODE on y = x/s in the solve's variable u (docs/math.md §16.3):
/// dy/du = r(u) (y - D(y; sigma(u))), r = d log sigma/du. The state is double; a float denoiser gets a float copy of
/// y, a double denoiser the state itself.
/// </summary>
internal struct ProbabilityFlowSystem<TSchedule, T, TDenoiser> : IOdeSystem
    where TSchedule : struct, INoiseSchedule
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TDenoiser : IDenoiser<T>
{
    private readonly OdeVariableMap<TSchedule> _map;
    private readonly TSchedule _schedule;
    private readonly T[] _input;
    private readonly T[] _denoised;
    private readonly T[]? _observed;
    private readonly int _length;
    private readonly StepCallback<T>? _onStep;

    public ProbabilityFlowSystem(
        in TSchedule schedule, OdeTimeVariable variable, AdaptiveDenoiserCalls<T, TDenoiser> calls,
        T[] input, T[] denoised, T[]? observed, int length, StepCallback<T>? onStep)
    {
        _schedule = schedule;
        _map = new OdeVariableMap<TSchedule>(schedule, variable);
        Calls = calls;
        _input = input;
        _denoised = denoised;
        _observed = observed;
        _length = length;
        _onStep = onStep;
    }

    /// <summary>The counted, checked denoiser calls.</summary>
    public AdaptiveDenoiserCalls<T, TDenoiser> Calls;

    /// <summary>The last denoiser output.</summary>
    public readonly Span<T> Denoised => _denoised.AsSpan(0, _length);

    /// <summary>The variable map.</summary>
    public readonly OdeVariableMap<TSchedule> Map => _map;

    public void Evaluate(double u, ReadOnlySpan<double> state, Span<double> derivative)
    {
        double sigma = _map.SigmaAt(u), rate = _map.LogSigmaRate(u);
        Span<T> denoised = Denoised;
        Denoise(state, sigma, denoised);
        if (typeof(T) == typeof(double))
        {
            ReadOnlySpan<double> d = MemoryMarshal.Cast<T, double>(denoised);
            for (int i = 0; i < state.Length; i++)
            {
                derivative[i] = rate * (state[i] - d[i]);
            }
        }
        else
        {
            for (int i = 0; i < state.Length; i++)
            {
                derivative[i] = rate * (state[i] - double.CreateTruncating(denoised[i]));
            }
        }
    }

    /// <summary>D(y; sigma) of a double state into <paramref name="denoised"/>, through a T copy of y unless T is double.</summary>
    public void Denoise(ReadOnlySpan<double> state, double sigma, Span<T> denoised)
    {
        ReadOnlySpan<T> input;
        if (typeof(T) == typeof(double))
        {
            input = MemoryMarshal.Cast<double, T>(state);
        }
        else
        {
            Span<T> copy = _input.AsSpan(0, _length);
            for (int i = 0; i < state.Length; i++)
            {
                copy[i] = T.CreateTruncating(state[i]);
            }

            input = copy;
        }

        Calls.Denoise(input, sigma, denoised, new ScheduleTimeOfCall<TSchedule>(_schedule));
    }

    public void Accepted(int step, double u, double uNext, ReadOnlySpan<double> state)
    {
        Calls.Step = step + 1;
        if (_onStep is null || _observed is null)
        {
            return;
        }

        double tNext = _map.TimeAt(uNext), s = _schedule.Scale(tNext);
        Span<T> x = _observed.AsSpan(0, _length);
        for (int i = 0; i < state.Length; i++)
        {
            x[i] = T.CreateTruncating(s * state[i]);
        }

        double t = _map.TimeAt(u);
        _onStep(new SamplerStepInfo<T>(step, 0, t, _map.SigmaAt(u), _map.SigmaAt(uNext), x, Denoised));
    }

    public readonly double SigmaAt(double u) => _map.SigmaAt(u);
}
