using System;

namespace SdeDsl;

/// <summary>
/// Marks a method <c>double M(double t)</c> of a <see cref="NoiseScheduleAttribute"/> type as the noise level sigma(t) of the perturbation kernel N(s x0, s^2 sigma^2 I).
/// The body must be a single expression in t built from literals, constants of the type,
/// <c>+ - * /</c> and the supported <see cref="Math"/> functions.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class SigmaAttribute : Attribute
{
}
