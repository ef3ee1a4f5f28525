using System.Numerics;
using System.Runtime.CompilerServices;

namespace SdeDsl.Denoisers;

/// <summary>
/// e^x lane by lane for the denoisers' softmax (docs/math.md §9.7), within 2 ulp of <see cref="System.Math.Exp(double)"/>
/// for normal results and x &lt;= 709 (the softmax passes x &lt;= 0); 0 (never NaN) below -708.7, where the result
/// would be subnormal or 0, and at -infinity; NaN for NaN. <see cref="Vector.Exp(Vector{double})"/> is not used: in
/// .NET 10 on AVX2 it runs about as slowly as one <see cref="System.Math.Exp(double)"/> per lane.
/// </summary>
/// <remarks>
/// Cody-Waite reduction x = n ln 2 + r with n = round(x / ln 2) and |r| &lt;= ln 2 / 2 (ln 2 split into a high part
/// with trailing zero bits, so n ln2_hi is exact, and a low part); e^r = 1 + r + r^2 q(r) with q the degree-9
/// Chebyshev fit of (e^r - 1 - r) / r^2 on [-ln 2 / 2, ln 2 / 2] (a degree-11 polynomial, truncation error 0.15 ulp;
/// coefficients from tests/SdeDsl.Tests/Denoisers/vector_exp_coefficients.py), in Horner form; then one multiply by
/// 2^n built from the exponent bits of the rounding shifter, valid for n in [-1022, 1023]. Results below 2^-1022
/// (x &lt; -708.40) are the correctly rounded subnormal down to x = -708.7 and 0 below it: a softmax weight that small
/// beside the largest weight 1 is far below the 2^-54 the skip of (9.8) already drops (docs/math.md §9.7).
/// </remarks>
internal static class VectorExp
{
    private const double Log2E = 1.4426950408889634;
    private const double Ln2High = 0.693147180369123816490; // 0x3FE62E42FEE00000: 32 trailing zero bits
    private const double Ln2Low = 1.90821492927058770002e-10; // ln 2 - Ln2High
    private const double Shifter = 6755399441055744.0; // 1.5 * 2^52: adding it rounds to an integer in the low bits
    private const double FlushBelow = -708.7; // n = round(x / ln 2) >= -1022 above it (-1022.5 ln 2 = -708.74)

    /// <summary>e^<paramref name="x"/> in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Exp(Vector<double> x)
    {
        Vector<double> shifter = new(Shifter);
        Vector<double> shifted = Vector.FusedMultiplyAdd(x, new Vector<double>(Log2E), shifter);
        Vector<double> n = shifted - shifter;
        Vector<double> r = Vector.FusedMultiplyAdd(-n, new Vector<double>(Ln2High), x);
        r = Vector.FusedMultiplyAdd(-n, new Vector<double>(Ln2Low), r);

        Vector<double> p = new(2.5100375832561234e-08);
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(2.7620075879983367e-07));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(2.7557268480310024e-06));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(2.4801521322368692e-05));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(0.00019841269863040545));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(0.0013888888917196719));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(0.008333333333330065));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(0.041666666666624164));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(0.16666666666666669));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(0.5000000000000001));
        p = Vector.FusedMultiplyAdd(p, r, Vector<double>.One);
        p = Vector.FusedMultiplyAdd(p, r, Vector<double>.One);

        // shifted's bits are those of 1.5 2^52 + n: its low 12 bits plus the bias, shifted up, are the exponent of 2^n.
        Vector<long> biased = Vector.AsVectorInt64(shifted) + new Vector<long>(1023);
        Vector<double> result = p * Vector.AsVectorDouble(Vector.ShiftLeft(biased, 52));
        return Vector.ConditionalSelect(Vector.LessThan(x, new Vector<double>(FlushBelow)), Vector<double>.Zero, result);
    }
}
