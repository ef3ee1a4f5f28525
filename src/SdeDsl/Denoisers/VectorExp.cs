using System.Numerics;
using System.Runtime.CompilerServices;

namespace SdeDsl.Denoisers;

/// <summary>
/// e^x lane by lane for the denoisers' softmax (docs/math.md §9.7), within 2 ulp of <see cref="System.Math.Exp(double)"/>
/// for normal results; 0 (never NaN) below the underflow threshold and at -infinity, NaN for NaN.
/// <see cref="Vector.Exp(Vector{double})"/> is not used: in .NET 10 on AVX2 it runs about as slowly as one
/// <see cref="System.Math.Exp(double)"/> per lane.
/// </summary>
/// <remarks>
/// Cody-Waite reduction x = n ln 2 + r with n = round(x / ln 2) and |r| &lt;= ln 2 / 2 (ln 2 split into a high part
/// with trailing zero bits, so n ln2_hi is exact, and a low part); e^r by its Taylor polynomial of degree 13 in Horner
/// form (the truncation r^14/14! &lt; 4.2e-18 &lt; 2^-52 / 50 at |r| = 0.3466); then 2^n applied as 2^n1 2^n2,
/// n1 = floor(n/2), so that both factors are normal numbers down to the subnormal results near x = -745.
/// </remarks>
internal static class VectorExp
{
    private const double Log2E = 1.4426950408889634;
    private const double Ln2High = 0.693147180369123816490; // 0x3FE62E42FEE00000: 32 trailing zero bits
    private const double Ln2Low = 1.90821492927058770002e-10; // ln 2 - Ln2High
    private const double Shifter = 6755399441055744.0; // 1.5 * 2^52: adding it rounds to an integer in the low bits
    private const double Underflow = -745.2; // below -745.13..., e^x rounds to 0

    /// <summary>e^<paramref name="x"/> in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Exp(Vector<double> x)
    {
        Vector<double> shifter = new(Shifter);
        Vector<double> n = Vector.FusedMultiplyAdd(x, new Vector<double>(Log2E), shifter) - shifter;
        Vector<double> r = Vector.FusedMultiplyAdd(-n, new Vector<double>(Ln2High), x);
        r = Vector.FusedMultiplyAdd(-n, new Vector<double>(Ln2Low), r);

        Vector<double> p = new(1.0 / 6227020800.0); // 1/13!
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 479001600.0));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 39916800.0));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 3628800.0));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 362880.0));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 40320.0));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 5040.0));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 720.0));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 120.0));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 24.0));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 6.0));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(0.5));
        p = Vector.FusedMultiplyAdd(p, r, Vector<double>.One);
        p = Vector.FusedMultiplyAdd(p, r, Vector<double>.One);

        Vector<double> half = Vector.Floor(n * new Vector<double>(0.5));
        Vector<double> result = p * PowerOfTwo(half) * PowerOfTwo(n - half);
        return Vector.ConditionalSelect(Vector.LessThan(x, new Vector<double>(Underflow)), Vector<double>.Zero, result);
    }

    /// <summary>2^k for integral k in [-1022, 1023]: the biased exponent k + 1023 shifted into the exponent field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> PowerOfTwo(Vector<double> k)
    {
        Vector<long> biased = Vector.AsVectorInt64(k + new Vector<double>(1023 + Shifter));
        return Vector.AsVectorDouble(Vector.ShiftLeft(biased, 52));
    }
}
