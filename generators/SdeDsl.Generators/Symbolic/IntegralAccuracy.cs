namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// What a closed-form integral must keep (docs/math.md §10.13): the integrator refuses a closed form whose terms
/// cancel more than this allows, and the caller falls back to quadrature.
/// </summary>
internal enum IntegralAccuracy
{
    /// <summary>Every digit of the value relative to itself (sigma^2 = integral_0^t g^2/s^2 is a result).</summary>
    Relative,

    /// <summary>
    /// Digits relative to max(1, |value|): the integral is only used as exp(I) (log s = integral_0^t f), where an
    /// absolute error e of I is a relative error e of exp(I).
    /// </summary>
    Absolute,
}
