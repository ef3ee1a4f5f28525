using System;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Derivation;

/// <summary>
/// A sine or cosine of x = alpha t + beta evaluated near a zero z of the function loses the rounding of x divided by
/// |x - z|: cos(pi t/2) at t = 1 - 1e-4 carries 1e-12 relative error. With z reached at t = t* (a number), the
/// function is evaluated from its distance to the zero instead (docs/math.md §10.6):
/// cos(x) = (-1)^k sin(alpha (t* - t)) for z = pi/2 + k pi, sin(x) = (-1)^k sin(alpha (t - t*)) for z = k pi, k != 0,
/// tan(x) = sin(x)/cos(x), each so taken, near a pole pi/2 + k pi, and tan(alpha (t - t*)) near a zero k pi (k != 0),
/// where t* - t is exact near t* (Sterbenz). Applied when x comes within pi/4 of z on [TMin, TMax].
/// </summary>
internal static class TrigonometricZeros
{
    public static Expr Shift(Expr e, double tMin, double tMax)
        => Rewriter.BottomUp(e, node => node is Call { Function: Function.Sin or Function.Cos or Function.Tan } c ? ShiftCall(c, tMin, tMax) : node);

    private static Expr ShiftCall(Call c, double tMin, double tMax)
    {
        if (Polynomial.Coefficients(c.Argument, Var.T) is not { Count: 2 } linear)
        {
            return c;
        }

        Expr alpha = Rational.Simplify(linear[1]), beta = Rational.Simplify(linear[0]);
        if (Evaluator.Evaluate(alpha, Var.T, 0) is not double a || Evaluator.Evaluate(beta, Var.T, 0) is not double b || a == 0
            || double.IsNaN(a + b) || double.IsInfinity(a + b))
        {
            return c;
        }

        // The zero nearest to the argument's values on the range: cos at pi/2 + k pi, sin at k pi (k != 0);
        // tan has its poles at pi/2 + k pi (tried first) and its zeros at k pi (k != 0).
        if (c.Function == Function.Tan)
        {
            if (Shift(c, 0.5, a, b, alpha, beta, tMin, tMax) is not null)
            {
                // Near a pole, tan(x) = sin(x) / cos(x) with each factor taken about its own zero: accurate at both
                // ends of a range such as [0, 1) for tan(pi t/2), where 1/tan(pi/2 (1 - t)) would fail near 0.
                Expr sin = ShiftCall((Call)Call.Of(Function.Sin, c.Argument), tMin, tMax);
                Expr cos = ShiftCall((Call)Call.Of(Function.Cos, c.Argument), tMin, tMax);
                return Product.Of(sin, Power.Of(cos, Expr.MinusOne));
            }

            return Shift(c, 0, a, b, alpha, beta, tMin, tMax) ?? c;
        }

        return Shift(c, c.Function == Function.Cos ? 0.5 : 0, a, b, alpha, beta, tMin, tMax) ?? c;
    }

    /// <summary>
    /// The call rewritten about the zero (or, for tan with offset 1/2, the pole) (k + offset) pi nearest the range, or null when none is within pi/4 or t* is not a number.
    /// </summary>
    private static Expr? Shift(Call c, double offset, double a, double b, Expr alpha, Expr beta, double tMin, double tMax)
    {
        double x0 = a * tMin + b, x1 = a * tMax + b;
        double best = double.PositiveInfinity;
        long bestK = 0;
        foreach (double x in new[] { x0, x1 })
        {
            long k = (long)Math.Round(x / Math.PI - offset);
            if (offset == 0 && k == 0)
            {
                continue; // sin near 0 is as accurate as its argument
            }

            double zero = (k + offset) * Math.PI;
            double distance = Math.Min(x0, x1) <= zero && zero <= Math.Max(x0, x1) ? 0 : Math.Min(Math.Abs(x0 - zero), Math.Abs(x1 - zero));
            if (distance < best)
            {
                (best, bestK) = (distance, k);
            }
        }

        if (!(best < Math.PI / 4))
        {
            return null;
        }

        // t* = (z - beta) / alpha, kept only when it simplifies to a number (so t* - t is exact near t*).
        Expr zeroExpr = Product.Of(new Num(bestK + offset), Named.Pi);
        Expr tStar = Rational.Simplify(Product.Of(Sum.Of(zeroExpr, Product.Of(Expr.MinusOne, beta)), Power.Of(alpha, Expr.MinusOne)));
        if (tStar is not Num)
        {
            return null;
        }

        Expr towardsZero = Product.Of(alpha, Sum.Of(tStar, Product.Of(Expr.MinusOne, Var.T))); // z - x
        Expr awayFromZero = Product.Of(alpha, Sum.Of(Var.T, Product.Of(Expr.MinusOne, tStar))); // x - z
        Expr sign = new Num(bestK % 2 == 0 ? 1 : -1);
        return c.Function switch
        {
            Function.Cos => Product.Of(sign, Call.Of(Function.Sin, towardsZero)), // cos(x) = (-1)^k sin(z - x)
            Function.Sin => Product.Of(sign, Call.Of(Function.Sin, awayFromZero)), // sin(x) = (-1)^k sin(x - z)
            _ => Call.Of(Function.Tan, awayFromZero), // tan(x) = tan(x - z)
        };
    }
}
