using System;

namespace SdeDsl.Samplers.Adaptive;

/// <summary>
/// The solve's variable u and what the ODE needs of it (docs/math.md §16.3): sigma(u) and the rate
/// r(u) = d log sigma/du, so that dy/du = r(u) (y - D(y; sigma(u))). In sigma and log sigma the schedule enters only
/// through the endpoints (docs/math.md §3.2).
/// </summary>
internal readonly struct OdeVariableMap<TSchedule>
    where TSchedule : struct, INoiseSchedule
{
    private readonly TSchedule _schedule;

    public OdeVariableMap(in TSchedule schedule, OdeTimeVariable variable)
    {
        _schedule = schedule;
        Variable = variable;
    }

    /// <summary>Which variable u is.</summary>
    public OdeTimeVariable Variable { get; }

    /// <summary>u at schedule time <paramref name="t"/>: t, sigma(t) or log sigma(t).</summary>
    public double AtTime(double t) => Variable switch
    {
        OdeTimeVariable.Time => t,
        OdeTimeVariable.Sigma => _schedule.Sigma(t),
        _ => Math.Log(_schedule.Sigma(t)),
    };

    /// <summary>sigma(u).</summary>
    public double SigmaAt(double u) => Variable switch
    {
        OdeTimeVariable.Time => _schedule.Sigma(u),
        OdeTimeVariable.Sigma => u,
        _ => Math.Exp(u),
    };

    /// <summary>r(u) = d log sigma/du: sigma'(t)/sigma(t), 1/sigma or 1.</summary>
    public double LogSigmaRate(double u) => Variable switch
    {
        OdeTimeVariable.Time => _schedule.SigmaDerivative(u) / _schedule.Sigma(u),
        OdeTimeVariable.Sigma => 1 / u,
        _ => 1,
    };

    /// <summary>The schedule time at u (sigma^-1 of sigma(u) unless u is t); for callbacks and messages.</summary>
    public double TimeAt(double u) => Variable == OdeTimeVariable.Time ? u : _schedule.TimeAtSigma(SigmaAt(u));
}
