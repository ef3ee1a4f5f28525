using System;

namespace SdeDsl;

/// <summary>
/// Marks a method <c>double M(double t)</c> of a <see cref="NoiseScheduleAttribute"/> type as the drift coefficient f(t) of the forward SDE dx = f(t) x dt + g(t) dw.
/// The body must be a single expression in t built from literals, constants of the type,
/// <c>+ - * /</c> and the supported <see cref="Math"/> functions.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DriftAttribute : Attribute
{
}
