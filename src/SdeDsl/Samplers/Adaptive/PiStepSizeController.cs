using System;

namespace SdeDsl.Samplers.Adaptive;

/// <summary>
/// The PI step-size controller (docs/math.md §16.2; Hairer, Norsett, Wanner I, section IV.2 and its DOPRI5 code;
/// diffrax's PIDController with dcoeff = 0): after a step with scaled error err_n,
/// h_next = h clip(safety err_n^-((icoeff + pcoeff)/k) err_{n-1}^(pcoeff/k), factor_min, factor_max),
/// err_{n-1} the last accepted step's error (at least 1e-4, Hairer's floor). After a rejection the step only
/// shrinks (the integral part alone, at most safety), and the step after a rejection does not grow.
/// </summary>
internal struct PiStepSizeController
{
    private const double PreviousErrorFloor = 1e-4;
    private readonly double _safety, _factorMin, _factorMax, _currentExponent, _previousExponent;
    private double _previousError;
    private bool _lastRejected;

    public PiStepSizeController(AdaptiveOptions options, int errorOrder)
    {
        _safety = options.Safety;
        _factorMin = options.FactorMin;
        _factorMax = options.FactorMax;
        _currentExponent = (options.IntegralCoefficient + options.ProportionalCoefficient) / errorOrder;
        _previousExponent = options.ProportionalCoefficient / errorOrder;
        _previousError = 1;
        _lastRejected = false;
    }

    /// <summary>Whether a step with scaled error <paramref name="error"/> is kept (err &lt;= 1, finite).</summary>
    public static bool Accepts(double error) => error <= 1;

    /// <summary>The factor the step size is multiplied by after a step with scaled error <paramref name="error"/>.</summary>
    public double NextFactor(double error)
    {
        if (!double.IsFinite(error))
        {
            _lastRejected = true;
            return _factorMin;
        }

        if (!Accepts(error))
        {
            _lastRejected = true;
            return Math.Max(_factorMin, _safety * Math.Pow(error, -_currentExponent));
        }

        double factor = error == 0
            ? _factorMax
            : _safety * Math.Pow(error, -_currentExponent) * Math.Pow(_previousError, _previousExponent);
        factor = Math.Clamp(factor, _factorMin, _factorMax);
        if (_lastRejected)
        {
            factor = Math.Min(factor, 1);
        }

        _previousError = Math.Max(error, PreviousErrorFloor);
        _lastRejected = false;
        return factor;
    }
}
