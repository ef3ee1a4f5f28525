using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// Interval facts about expressions on the evaluation range (docs/math.md §10.11): where a value lies and whether it
/// can be infinite or NaN. The canonicalising factories ask before a rewrite that would drop a subexpression or
/// cancel a pair (x * 0, x - x, x / x, log(exp u), sqrt(x)^2), so simplification never removes a NaN or infinity
/// the declared C# produces. The parser builds the declared expressions inside an <see cref="Assume"/> scope (t in
/// [min(0, TMin), TMax]: proofs from interval bounds); the derivation runs inside <see cref="AssumeOrSample"/>
/// (proof or evidence at samples of [TMin, TMax]). Outside any scope every query answers true.
/// </summary>
internal static class Facts
{
    /// <summary>
    /// What the engine assumes of the argument of the derived inverse sigma^-1 (not a declared expression): a noise
    /// level in [0, 1e150], so its square is finite.
    /// </summary>
    public const double MaxSigma = 1e150;

    [ThreadStatic]
    private static Scope? current;

    /// <summary>
    /// Until disposed, t lies in [<paramref name="tMin"/>, <paramref name="tMax"/>] (ignored unless a finite, ordered
    /// range) and every query needs a proof from interval bounds: for the declared expressions, whose NaN and
    /// infinities must survive.
    /// </summary>
    public static IDisposable Assume(double tMin, double tMax) => new Scope(Range(tMin, tMax), strict: true);

    /// <summary>
    /// Until disposed, t lies in the range and a query also holds when the expression evaluates to such values at
    /// sample points of the range (for derived expressions, where interval bounds lose the correlation of a
    /// repeated subexpression: 2 cosh(u) - 2 &gt;= 0 is not provable termwise). A declared NaN or infinity shows at
    /// the samples, so the rewrite that would drop it is still refused.
    /// </summary>
    public static IDisposable AssumeOrSample(double tMin, double tMax) => new Scope(Range(tMin, tMax), strict: false);

    private static Interval Range(double tMin, double tMax)
        => tMin <= tMax && new Interval(tMin, tMax).IsWithin(Interval.Finite) ? new Interval(tMin, tMax) : Interval.Finite;

    /// <summary>True when <paramref name="e"/> is a finite number wherever t lies in its range.</summary>
    public static bool IsFinite(Expr e) => Holds(e, b => b.IsFinite, IsFiniteNumber);

    /// <summary>True when <paramref name="e"/> is finite and never zero on the range (so e / e = 1 and e^a e^-a = 1).</summary>
    public static bool IsFiniteNonZero(Expr e) => Holds(e, b => b.IsFinite && (b.Lo > 0 || b.Hi < 0), v => IsFiniteNumber(v) && v != 0);

    /// <summary>True when <paramref name="e"/> is a finite number &gt; 0 on the range.</summary>
    public static bool IsFinitePositive(Expr e) => Holds(e, b => b.IsFinite && b.Lo > 0, v => IsFiniteNumber(v) && v > 0);

    /// <summary>True when <paramref name="e"/> is a number &gt;= 0 (or NaN, which every rewrite keeps NaN) on the range.</summary>
    public static bool IsNonNegativeOrNaN(Expr e) => Holds(e, b => b.Lo >= 0, v => !(v < 0));

    /// <summary>True when every number <paramref name="e"/> takes on the range lies in <paramref name="domain"/> (NaN aside).</summary>
    public static bool IsWithin(Expr e, Interval domain) => Holds(e, b => b.IsWithinIgnoringNaN(domain), v => double.IsNaN(v) || (v >= domain.Lo && v <= domain.Hi));

    /// <summary>
    /// Outside any scope: true (identities apply). In a strict scope: the interval proof. In a sampling scope: the
    /// proof, or the property at every sample point where the value is known at build time.
    /// </summary>
    private static bool Holds(Expr e, Func<Interval, bool> proof, Func<double, bool> atSample)
    {
        if (current is not { } scope)
        {
            return true;
        }

        if (proof(Bounds(e)))
        {
            return true;
        }

        if (scope.Strict || ContainsIntegral(e))
        {
            return scope.Strict ? false : true; // an integral's samples would each run a quadrature: trusted
        }

        for (int i = 0; i <= Samples; i++)
        {
            double t = scope.T.Lo + ((scope.T.Hi - scope.T.Lo) * i / Samples);
            if (Evaluator.Evaluate(e, Var.T, t) is double value && !atSample(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Sample points of the sign oracle's fallback (uniform and geometric, <see cref="TimeGrid"/>).</summary>
    public const int SignSamples = 65;

    /// <summary>
    /// The sign oracle (docs/math.md §10.11): +1 or -1 when <paramref name="e"/> is strictly positive or strictly
    /// negative for every <paramref name="x"/> in [<paramref name="lo"/>, <paramref name="hi"/>], else 0 (it changes
    /// sign, touches zero, is NaN or is not known). First the interval bounds of <paramref name="e"/> with x in the
    /// range (a proof: Lo &gt; 0 or Hi &lt; 0, no NaN); where they are too wide (a repeated subexpression loses its
    /// correlation: 2 cosh(u) - 2), the evidence of <see cref="SignSamples"/> samples of the range, each of one
    /// strict sign. The one place that decides the sign of an expression on [TMin, TMax] (sqrt(x^2) = |x| = +-x,
    /// docs/math.md §10.3, is its user).
    /// </summary>
    public static int Sign(Expr e, Var x, double lo, double hi)
    {
        if (lo <= hi && new Interval(lo, hi).IsWithin(Interval.Finite))
        {
            using (new Scope(new Interval(lo, hi), strict: true, variable: x))
            {
                Interval bounds = Bounds(e);
                if (!bounds.MayBeNaN && bounds.Lo > 0)
                {
                    return 1;
                }

                if (!bounds.MayBeNaN && bounds.Hi < 0)
                {
                    return -1;
                }
            }
        }

        int sign = 0;
        foreach (double at in TimeGrid.Points(lo, hi, SignSamples))
        {
            int here = Evaluator.Evaluate(e, x, at) is double v && v != 0 && !double.IsNaN(v) ? Math.Sign(v) : 0;
            if (here == 0 || (sign != 0 && here != sign))
            {
                return 0;
            }

            sign = here;
        }

        return sign;
    }

    private static bool IsFiniteNumber(double v) => !double.IsNaN(v) && !double.IsInfinity(v);

    /// <summary>Sample intervals of the range a sampling query evaluates at (the ends included).</summary>
    private const int Samples = 16;

    private static bool ContainsIntegral(Expr e) => e is Integral || System.Linq.Enumerable.Any(e.Children, ContainsIntegral);

    /// <summary>Bounds of <paramref name="e"/> with t in the assumed range (memoised per scope).</summary>
    public static Interval Bounds(Expr e)
    {
        Scope scope = current ?? Scope.Default;
        return scope.Cache.GetValue(e, node => new Box(Compute(node, scope))).Value;
    }

    private static Interval Compute(Expr e, Scope scope)
    {
        Interval t = scope.T;
        switch (e)
        {
            case Num n:
                return Interval.Point(n.Value);
            case Named { IsHyperParameter: true }:
                return Interval.Finite; // an instance's value: assumed a finite number (docs/math.md §10.11)
            case Named n:
                return n.Value is double value ? Interval.Point(value) : Interval.Unknown;
            case Var v:
                // The scope's variable ranges over the scope's interval (t, or sigma for the sign oracle on sigma^-1);
                // t otherwise any finite number, sigma the argument of sigma^-1, a noise level.
                return v == scope.Variable ? t : v == Var.T ? Interval.Finite : new Interval(0, MaxSigma);
            case Sum s:
            {
                Interval total = Interval.Point(0);
                foreach (Expr term in s.Terms)
                {
                    total = Add(total, Bounds(term));
                }

                return total;
            }

            case Product p:
            {
                Interval total = Interval.Point(1);
                foreach (Expr factor in p.Factors)
                {
                    total = Multiply(total, Bounds(factor));
                }

                return total;
            }

            case Power pw:
                return Raise(Bounds(pw.Base), pw.Exponent is Num { Value: var k } ? k : null, Bounds(pw.Exponent));
            case Call c:
                return Apply(Functions.Info(c.Function), Bounds(c.Argument));
            case Piecewise w:
            {
                Interval a = Bounds(w.WhenTrue), b = Bounds(w.WhenFalse);
                return new Interval(Math.Min(a.Lo, b.Lo), Math.Max(a.Hi, b.Hi), a.MayBeNaN || b.MayBeNaN);
            }

            case Integral integral:
            {
                // integral_0^t h with h in [lo, hi] and t in [0, T]: between min(0, lo T) and max(0, hi T).
                Interval h = Bounds(integral.Integrand);
                double length = Math.Max(0, t.Hi);
                return h.IsFinite
                    ? new Interval(Down(Math.Min(0, h.Lo * length)), Up(Math.Max(0, h.Hi * length)))
                    : Interval.Unknown;
            }

            default:
                return Interval.Unknown;
        }
    }

    private static Interval Add(Interval a, Interval b)
    {
        bool nan = a.MayBeNaN || b.MayBeNaN
            || (a.Hi == double.PositiveInfinity && b.Lo == double.NegativeInfinity)
            || (a.Lo == double.NegativeInfinity && b.Hi == double.PositiveInfinity);
        double lo = a.Lo + b.Lo, hi = a.Hi + b.Hi;
        return new Interval(
            double.IsNaN(lo) ? double.NegativeInfinity : IsExactSum(a.Lo, b.Lo, lo) ? lo : Down(lo),
            double.IsNaN(hi) ? double.PositiveInfinity : IsExactSum(a.Hi, b.Hi, hi) ? hi : Up(hi),
            nan);
    }

    private static Interval Multiply(Interval a, Interval b)
    {
        bool nan = a.MayBeNaN || b.MayBeNaN || (Contains(a, 0) && HasInfiniteEnd(b)) || (Contains(b, 0) && HasInfiniteEnd(a));
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double x in new[] { a.Lo, a.Hi })
        {
            foreach (double y in new[] { b.Lo, b.Hi })
            {
                double product = x == 0 || y == 0 ? 0 : x * y; // 0 * inf is the NaN flagged above; its bound is 0
                bool exact = x == 0 || y == 0 || Math.Abs(x) == 1 || Math.Abs(y) == 1;
                lo = Math.Min(lo, exact ? product : Down(product));
                hi = Math.Max(hi, exact ? product : Up(product));
            }
        }

        return new Interval(lo, hi, nan);
    }

    /// <summary>b^k for a numeric exponent k, or b^e for a symbolic one.</summary>
    private static Interval Raise(Interval b, double? k, Interval e)
    {
        if (k is not double n)
        {
            // b^e = exp(e log b) for b > 0: bilinear in (e, log b), so its extremes are at the corners.
            if (!(b.Lo > 0) || !b.IsFinite || !e.IsFinite)
            {
                return Interval.Unknown;
            }

            return Corners(b, e);
        }

        if (n == 0)
        {
            return Interval.Point(1); // pow(x, 0) = 1 for every x, NaN included
        }

        bool integer = n == Math.Floor(n) && Math.Abs(n) < 1e15;
        bool even = integer && n % 2 == 0;
        if (!integer && b.Lo < 0)
        {
            // A fractional power of a negative number is NaN; the rest of the interval gives the numbers.
            Interval rest = b.Hi >= 0 ? Raise(new Interval(0, b.Hi), n, e) : Interval.Point(double.NaN);
            return rest with { MayBeNaN = true };
        }

        if (Contains(b, 0) && (n < 0 || even))
        {
            double top = Math.Max(Math.Abs(Pow(b.Lo, n)), Math.Abs(Pow(b.Hi, n)));
            return n < 0
                ? new Interval(even || b.Lo >= 0 ? 0 : double.NegativeInfinity, double.PositiveInfinity, b.MayBeNaN) // 1/0 = inf
                : new Interval(0, Up(top), b.MayBeNaN);
        }

        // Monotone on an interval of one sign: the extremes are at the ends.
        double x = Pow(b.Lo, n), y = Pow(b.Hi, n);
        return new Interval(Down(Math.Min(x, y)), Up(Math.Max(x, y)), b.MayBeNaN);
    }

    private static Interval Corners(Interval b, Interval e)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double x in new[] { b.Lo, b.Hi })
        {
            foreach (double y in new[] { e.Lo, e.Hi })
            {
                double value = Math.Pow(x, y);
                lo = Math.Min(lo, value);
                hi = Math.Max(hi, value);
            }
        }

        return new Interval(Down(lo), Up(hi));
    }

    private static Interval Apply(FunctionInfo f, Interval x)
    {
        bool inDomain = x.Lo >= f.Domain.Lo && x.Hi <= f.Domain.Hi;
        if (!inDomain)
        {
            return Interval.Unknown;
        }

        if (f.Function is Function.Sin or Function.Cos or Function.Cosh && x.IsFinite && x.Hi - x.Lo < 4)
        {
            // Smooth with isolated extrema (cos at k pi, sin at pi/2 + k pi, cosh at 0): the image of a short
            // interval is spanned by its ends and the extrema inside it.
            double period = f.Function == Function.Cosh ? double.PositiveInfinity : Math.PI;
            double phase = f.Function == Function.Sin ? Math.PI / 2 : 0;
            var values = new List<double> { Lower(f, x.Lo), Upper(f, x.Lo), Lower(f, x.Hi), Upper(f, x.Hi) };
            if (double.IsInfinity(period))
            {
                if (x.Lo <= 0 && 0 <= x.Hi)
                {
                    values.Add(1);
                }
            }
            else
            {
                // Extrema phase + k pi with k from just below to just above the interval (a margin of one ulp-scale
                // step, so an extremum at an end counts).
                for (double k = Math.Floor((x.Lo - phase) / period) - 1; phase + (k * period) <= x.Hi + 1e-9; k++)
                {
                    double at = phase + (k * period);
                    if (at >= x.Lo - 1e-9)
                    {
                        values.Add(f.Evaluate(at) > 0 ? 1 : -1);
                    }
                }
            }

            return new Interval(values.Min(), values.Max(), x.MayBeNaN);
        }

        return f.Monotonicity switch
        {
            Monotonicity.Increasing => new Interval(Lower(f, x.Lo), Upper(f, x.Hi), x.MayBeNaN),
            Monotonicity.Decreasing => new Interval(Lower(f, x.Hi), Upper(f, x.Lo), x.MayBeNaN),
            _ => f.Range with { MayBeNaN = x.MayBeNaN },
        };
    }

    // f(x) rounded outward, except where f(x) is exact (exp(0) = cos(0) = 1, log(1) = 0, f(0) = 0 for the odd ones),
    // so 1 - exp(-u) with u >= 0 is provably >= 0.
    private static double Lower(FunctionInfo f, double x) => IsExact(f, x) ? f.Evaluate(x) : Down(f.Evaluate(x));

    private static double Upper(FunctionInfo f, double x) => IsExact(f, x) ? f.Evaluate(x) : Up(f.Evaluate(x));

    private static bool IsExact(FunctionInfo f, double x)
        => (x == 0 && f.Function != Function.Acos) || (x == 1 && f.Function is Function.Log or Function.Log10 or Function.Acosh) || double.IsInfinity(x);

    /// <summary>True when s = a + b exactly (no rounding error: the TwoSum error term is zero), so no widening is needed.</summary>
    private static bool IsExactSum(double a, double b, double s)
        => double.IsInfinity(s) || (!double.IsInfinity(a) && !double.IsInfinity(b) && s - a == b && s - b == a);

    private static double Pow(double x, double n) => Math.Pow(x, n);

    private static bool Contains(Interval a, double x) => a.Lo <= x && x <= a.Hi;

    private static bool HasInfiniteEnd(Interval a) => double.IsInfinity(a.Lo) || double.IsInfinity(a.Hi);

    // Outward rounding by a few ulp, so a bound computed in double arithmetic still encloses the exact one
    // (exact zeros and infinities stay: 0 t is exactly 0).
    private static double Down(double x) => x == 0 || double.IsInfinity(x) ? x : x - (Math.Abs(x) * 4.5e-16);

    private static double Up(double x) => x == 0 || double.IsInfinity(x) ? x : x + (Math.Abs(x) * 4.5e-16);

    private sealed class Box
    {
        public Box(Interval value) => Value = value;

        public Interval Value { get; }
    }

    private sealed class Scope : IDisposable
    {
        public static readonly Scope Default = new(Interval.Finite, strict: true, register: false);

        private readonly Scope? outer;

        public Scope(Interval t, bool strict = true, bool register = true, Var? variable = null)
        {
            T = t;
            Strict = strict;
            Variable = variable ?? Var.T;
            if (register)
            {
                outer = current;
                current = this;
            }
        }

        /// <summary>The range of <see cref="Variable"/>.</summary>
        public Interval T { get; }

        /// <summary>The variable that ranges over <see cref="T"/> (t, unless the sign oracle asks about another).</summary>
        public Var Variable { get; }

        /// <summary>True when queries need an interval proof; false when samples of the range also count.</summary>
        public bool Strict { get; }

        /// <summary>Bounds already computed in this scope, keyed by node identity (nodes are immutable).</summary>
        public ConditionalWeakTable<Expr, Box> Cache { get; } = new();

        public void Dispose() => current = outer;
    }
}
