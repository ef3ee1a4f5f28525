using System;
using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace SdeDsl.Generated;

/// <summary>
/// <para>The run-time check behind a generated <c>Validate()</c> of a schedule with instance hyper-parameters
/// (docs/math.md §18): the build checked the declared defaults; this checks the values an instance was constructed
/// with, the same way.</para>
/// <para><b>For generated code only; not a supported API.</b> This type exists so the code SdeDsl's source generator emits can call it
/// (as <c>global::SdeDsl.Generated.ScheduleValidation</c>); it is hidden from IntelliSense and may change or disappear in any release.</para>
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ScheduleValidation
{
    /// <summary>Uniform (and, for a positive range, geometric) sample times per check, as the build's checks.</summary>
    internal const int Points = 257;

    /// <summary>Relative tolerance of the sigma^-1(sigma(t)) = t check (the build verifies closed forms to 1e-9).</summary>
    internal const double InverseTolerance = 1e-9;

    /// <summary>
    /// Checks that every hyper-parameter is finite and that, on [TMin, TMax], sigma(t) is finite and strictly
    /// increasing, s(t) is positive, g(t)^2 is not negative and sigma^-1(sigma(t)) = t.
    /// </summary>
    /// <param name="schedule">The constructed instance.</param>
    /// <param name="typeName">The schedule type's name, for the message.</param>
    /// <param name="names">The hyper-parameters' names.</param>
    /// <param name="values">Their values in <paramref name="schedule"/>.</param>
    /// <exception cref="ArgumentException">A check fails: the message names the schedule, every hyper-parameter with its value, and the t.</exception>
    public static void Validate<TSchedule>(in TSchedule schedule, string typeName, string[] names, double[] values)
        where TSchedule : INoiseSchedule, allows ref struct
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(values);
        string instance = Describe(typeName, names, values);
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{instance}: hyper-parameter {names[i]} = {Format(values[i])} is not finite.", names[i]);
            }
        }

        double tMin = schedule.TMin, tMax = schedule.TMax;
        double previousT = double.NaN, previousSigma = double.NaN;
        for (int k = 0; k < 2 * Points; k++)
        {
            // The uniform points, then the geometric ones (positive ranges only); sigma's monotonicity is checked on each run.
            bool geometric = k >= Points;
            int j = geometric ? k - Points : k;
            if (geometric && !(tMin > 0))
            {
                break;
            }

            double t = geometric
                ? tMin * Math.Pow(tMax / tMin, (double)j / (Points - 1))
                : tMin + ((tMax - tMin) * j / (Points - 1));
            t = Math.Clamp(t, tMin, tMax);
            if (j == 0)
            {
                previousT = double.NaN;
            }

            double sigma = schedule.Sigma(t), s = schedule.Scale(t), g2 = schedule.DiffusionSquared(t);
            if (!double.IsFinite(sigma) || !double.IsFinite(s) || !double.IsFinite(g2))
            {
                throw Failure(instance, $"at t = {Format(t)} sigma = {Format(sigma)}, s = {Format(s)}, g^2 = {Format(g2)}: not all finite");
            }

            if (!double.IsNaN(previousT) && !(sigma > previousSigma))
            {
                throw Failure(instance, $"sigma(t) is not strictly increasing: sigma({Format(previousT)}) = {Format(previousSigma)} but sigma({Format(t)}) = {Format(sigma)}");
            }

            if (!(s > 0))
            {
                throw Failure(instance, $"s(t) must be positive, but s({Format(t)}) = {Format(s)}");
            }

            if (g2 < 0)
            {
                throw Failure(instance, $"g(t)^2 must not be negative, but g^2({Format(t)}) = {Format(g2)}");
            }

            double back = schedule.TimeAtSigma(sigma);
            if (!(Math.Abs(back - t) <= (InverseTolerance * Math.Abs(t)) + 1e-300))
            {
                throw Failure(instance, $"sigma^-1(sigma({Format(t)})) = {Format(back)}: the generated inverse does not invert sigma for these values");
            }

            previousT = t;
            previousSigma = sigma;
        }
    }

    private static ArgumentException Failure(string instance, string problem) => new($"{instance}: {problem}.");

    private static string Describe(string typeName, string[] names, double[] values)
    {
        var text = new StringBuilder(typeName).Append('(');
        for (int i = 0; i < names.Length; i++)
        {
            text.Append(i > 0 ? ", " : string.Empty).Append(names[i]).Append(": ").Append(i < values.Length ? Format(values[i]) : "?");
        }

        return text.Append(')').ToString();
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
