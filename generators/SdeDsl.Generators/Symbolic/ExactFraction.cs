using System;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// Recognises a double that is exactly the rounded quotient p / q of small integers (docs/math.md §10.12), so the
/// printer can write 1.0 / 6 instead of 0.16666666666666666: in C# the division rounds to the same double.
/// </summary>
internal static class ExactFraction
{
    /// <summary>The largest denominator tried by default.</summary>
    public const int DefaultMaxDenominator = 1000;

    /// <summary>
    /// The p / q in lowest terms with the smallest q &lt;= <paramref name="maxDenominator"/> and |p| &lt; 2^53 whose
    /// correctly rounded quotient (double)p / q is <paramref name="value"/> bitwise; false for NaN, infinities and
    /// values no such quotient gives. Integers give q = 1.
    /// </summary>
    public static bool TryRecognise(double value, out long numerator, out long denominator, int maxDenominator = DefaultMaxDenominator)
    {
        numerator = 0;
        denominator = 1;
        if (double.IsNaN(value) || double.IsInfinity(value) || Math.Abs(value) >= 9007199254740992.0 / maxDenominator)
        {
            return false;
        }

        for (long q = 1; q <= maxDenominator; q++)
        {
            double p = Math.Round(value * q); // value is within an ulp of p / q, so q value is within q ulp of p
            if (Math.Abs(p) < 9007199254740992.0 && BitConverter.DoubleToInt64Bits(p / q) == BitConverter.DoubleToInt64Bits(value))
            {
                numerator = (long)p;
                denominator = q; // the smallest q, so p / q is in lowest terms
                return true;
            }
        }

        return false;
    }
}
