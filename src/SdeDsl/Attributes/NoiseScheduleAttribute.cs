using System;

namespace SdeDsl;

/// <summary>
/// Marks a <c>partial struct</c> (or <c>partial record struct</c>) as a noise schedule. Declare either sigma(t) (with
/// <see cref="SigmaAttribute"/>, and optionally s(t) with <see cref="ScaleAttribute"/>) or the SDE
/// coefficients f(t) and g(t) (with <see cref="DriftAttribute"/> and <see cref="DiffusionAttribute"/>);
/// the SdeDsl source generator derives and emits the rest of <see cref="INoiseSchedule"/>.
/// </summary>
/// <remarks>
/// Schedules must be structs: the samplers and kernels are generic over <c>TSchedule : struct, INoiseSchedule</c>, so
/// the JIT specialises them for each schedule and inlines its functions. On a class (or record class, or interface)
/// the attribute is the compile-time error SDE015, on a static class SDE013, and nothing is generated. Structs may be
/// nested in classes; the containing types must be <c>partial</c> too.
/// </remarks>
/// <example>
/// <code>
/// [NoiseSchedule(TMin = 0.002, TMax = 80)]
/// public partial struct Edm
/// {
///     [Sigma] static double SigmaOf(double t) => t;
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Struct | AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NoiseScheduleAttribute : Attribute
{
    /// <summary>Creates the attribute; set <see cref="TMin"/> and <see cref="TMax"/> as named arguments.</summary>
    public NoiseScheduleAttribute()
    {
    }

    /// <summary>Creates the attribute with the time range [<paramref name="tMin"/>, <paramref name="tMax"/>].</summary>
    public NoiseScheduleAttribute(double tMin, double tMax)
    {
        TMin = tMin;
        TMax = tMax;
    }

    /// <summary>The smallest time the schedule is used at (the end of sampling).</summary>
    public double TMin { get; set; }

    /// <summary>The largest time the schedule is used at (the start of sampling).</summary>
    public double TMax { get; set; }
}
