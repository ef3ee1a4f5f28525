namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// A closed set of doubles [Lo, Hi] (the ends may be infinite) and whether NaN may also occur: the engine's facts
/// about where a value lies (docs/math.md §10.11). <see cref="IsFinite"/> proves a value is a finite number.
/// </summary>
internal readonly record struct Interval(double Lo, double Hi, bool MayBeNaN = false)
{
    /// <summary>Every double, NaN included: nothing known.</summary>
    public static readonly Interval Unknown = new(double.NegativeInfinity, double.PositiveInfinity, true);

    /// <summary>Every finite double.</summary>
    public static readonly Interval Finite = new(-double.MaxValue, double.MaxValue);

    /// <summary>True when every value is a finite number (no NaN, no infinity).</summary>
    public bool IsFinite => !MayBeNaN && Lo >= -double.MaxValue && Hi <= double.MaxValue;

    /// <summary>True when every value is a number &gt; 0.</summary>
    public bool IsPositive => !MayBeNaN && Lo > 0;

    /// <summary>True when every value is a number &lt; 0.</summary>
    public bool IsNegative => !MayBeNaN && Hi < 0;

    /// <summary>True when every value lies in <paramref name="other"/> (and is not NaN unless it may be there).</summary>
    public bool IsWithin(Interval other) => (!MayBeNaN || other.MayBeNaN) && Lo >= other.Lo && Hi <= other.Hi;

    /// <summary>True when every number in the set lies in <paramref name="other"/> (NaN, which every rewrite keeps NaN, aside).</summary>
    public bool IsWithinIgnoringNaN(Interval other) => Lo >= other.Lo && Hi <= other.Hi;

    /// <summary>The single value <paramref name="x"/> (NaN gives the NaN-only set).</summary>
    public static Interval Point(double x) => double.IsNaN(x) ? new Interval(double.PositiveInfinity, double.NegativeInfinity, true) : new Interval(x, x);

    public override string ToString() => "[" + Lo + ", " + Hi + "]" + (MayBeNaN ? " or NaN" : "");
}
