using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Xunit;

namespace SdeDsl.Generators.Tests.Differential;

/// <summary>How the generated <c>TimeAtSigma</c> is expected to work for a case.</summary>
public enum Inversion
{
    /// <summary>A closed-form inverse found by the generator's symbolic inverter.</summary>
    ClosedForm,

    /// <summary>No closed form: <c>SdeDsl.Generated.ScheduleInversion.SolveTime</c> (safeguarded Newton).</summary>
    Newton,
}

/// <summary>
/// One declared schedule of the differential suite. <see cref="SigmaText"/> and <see cref="ScaleText"/> are
/// the C# source of the very lambdas <see cref="Sigma"/> and <see cref="Scale"/> (captured with
/// <see cref="CallerArgumentExpressionAttribute"/>), so the generated type is declared with exactly the
/// expression the reference evaluates: the reference is the declared C# semantics, compiled by the test
/// project, never the generator's output.
/// </summary>
public sealed record DifferentialCase(
    string Name,
    string SigmaText,
    Func<double, double> Sigma,
    string? ScaleText,
    Func<double, double>? Scale,
    double TMin,
    double TMax,
    Inversion Inverse,
    double ValueTolerance)
{
    public string TypeName => "Tests." + Name;

    public override string ToString() => Name;
}

/// <summary>
/// The catalogue: every supported function in both spellings (Math.X and double.X), both Log overloads,
/// Pow with constant and t-dependent exponents, const and static readonly members, Math.PI/Math.E and
/// their double spellings, unary minus and plus, nested compositions, C# integer division, float
/// constants, and schedules whose sigma has a closed-form inverse or needs the Newton solver. Every sigma
/// is positive and increasing on its range (so Diffusion is real and the inverse exists); ranges stop
/// short of singularities (tan at pi/2, atanh at 1).
/// </summary>
public static class DifferentialCases
{
    /// <summary>
    /// Default relative tolerance for Sigma(t) and Scale(t) against the declared lambda: the generator
    /// reorders and refactors (canonical sums and products, exp(a) exp(b) = exp(a + b), 1/sqrt(exp u) =
    /// exp(-u/2), exp(u) - 1 = expm1(u)), so the two evaluations differ by round-off only: a few roundings
    /// of each, amplified by the condition number of the expression. 2e-14 is ~90 ulps: far above that for
    /// these expressions, and ~10^6 times below the 1e-8 of a float-precision constant or 1e-2 of a wrong
    /// term. Cases whose declared form cancels (the declared lambda is then the inaccurate one) say so.
    /// </summary>
    public const double DefaultValueTolerance = 2e-14;

    // The constants every generated case type declares (Members) and the lambdas below evaluate: keep the two
    // spellings identical.
    public const string Members = """
        const double A = 0.75;
        const double B = 1.0 / 3;
        const int N = 3;
        const float F = 0.1f;
        static readonly double K = Math.Sqrt(2) / 3;
        static readonly double Lambda = Math.Log(3.5);
    """;

    private const double A = 0.75;
    private const double B = 1.0 / 3;
    private const int N = 3;
    private const float F = 0.1f;
    private static readonly double K = Math.Sqrt(2) / 3;
    private static readonly double Lambda = Math.Log(3.5);

    private static readonly Lazy<IReadOnlyList<DifferentialCase>> LazyAll = new(Build);

    public static IReadOnlyList<DifferentialCase> All => LazyAll.Value;

    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (DifferentialCase c in All)
            {
                data.Add(c.Name);
            }

            return data;
        }
    }

    public static DifferentialCase Get(string name) => All.Single(c => c.Name == name);

    private static IReadOnlyList<DifferentialCase> Build() => new[]
    {
        // Exp
        Case("Exp", 0.05, 2, Inversion.ClosedForm, t => Math.Exp(t) - 1),
        Case("ExpQuadratic", 0.1, 1.5, Inversion.ClosedForm, t => Math.Exp(A * t * t + t) - 1, scale: t => Math.Exp(-0.5 * (A * t * t + t))),
        Case("DoubleExpTimesT", 0.1, 2, Inversion.Newton, t => double.Exp(t / 2) * t),

        // Log: one and two arguments, Log10, Log2
        Case("Log", 0.05, 3, Inversion.ClosedForm, t => Math.Log(1 + t)),
        Case("LogTwoArguments", 0.05, 3, Inversion.ClosedForm, t => Math.Log(2 * t + 1, 3)),
        Case("DoubleLogTwoArguments", 0.05, 3, Inversion.ClosedForm, t => double.Log(t * t + t, 10) + 3),
        Case("Log10", 0.05, 3, Inversion.ClosedForm, t => Math.Log10(10 * t + 1)),
        Case("Log2", 0.05, 3, Inversion.ClosedForm, t => 3 * Math.Log2(t + 1)),
        Case("DoubleLog10AndLog2", 0.5, 4, Inversion.Newton, t => double.Log10(t) + double.Log2(t + 1) + 1),
        Case("DoubleLog", 0.05, 3, Inversion.ClosedForm, t => double.Log(t + 1) * 2),

        // Sqrt, Cbrt
        Case("Sqrt", 0.01, 4, Inversion.ClosedForm, t => Math.Sqrt(t * (t + 1))),
        Case("DoubleSqrt", 0.01, 2, Inversion.ClosedForm, t => double.Sqrt(t) * 2),
        Case("Cbrt", 0.05, 3, Inversion.Newton, t => Math.Cbrt(t) + t),
        Case("DoubleCbrt", 0.1, 8, Inversion.ClosedForm, t => double.Cbrt(2 * t + 1)),

        // Pow: constant and t-dependent exponents
        Case("PowConstant", 0.05, 3, Inversion.ClosedForm, t => Math.Pow(t, 2.5)),
        Case("PowNegativeExponent", 0.2, 3, Inversion.ClosedForm, t => 2 - Math.Pow(t + 1, -1.5)),
        Case("PowBaseAndExponentInT", 0.05, 2, Inversion.Newton, t => Math.Pow(1 + t, t)),
        Case("PowExponentInT", 0.05, 2, Inversion.ClosedForm, t => Math.Pow(2, t) - 1),
        Case("DoublePow", 0.1, 2, Inversion.Newton, t => double.Pow(t, 3) + double.Pow(t, B)),

        // Trigonometric
        Case("Sin", 0.05, 1.5, Inversion.ClosedForm, t => Math.Sin(t)),
        Case("Cos", 0.05, 3, Inversion.ClosedForm, t => 2 - Math.Cos(t)),
        Case("Tan", 0.05, 1.4, Inversion.ClosedForm, t => Math.Tan(t)),
        Case("DoubleTrigonometric", 0.05, 1.2, Inversion.Newton, t => double.Sin(t) + double.Tan(t) + 2 * t - double.Cos(t) + 1),
        Case("Asin", 0.05, 0.95, Inversion.ClosedForm, t => Math.Asin(t)),
        Case("Acos", 0.05, 0.95, Inversion.ClosedForm, t => Math.Acos(-t)),
        Case("Atan", 0.05, 3, Inversion.ClosedForm, t => Math.Atan(t * t)),
        Case("DoubleInverseTrigonometric", 0.05, 0.9, Inversion.Newton, t => double.Asin(t / 2) + double.Acos(1 - t) + double.Atan(t)),

        // Hyperbolic and inverse hyperbolic
        Case("Sinh", 0.05, 3, Inversion.ClosedForm, t => Math.Sinh(t)),
        Case("Cosh", 0.3, 3, Inversion.ClosedForm, t => Math.Cosh(t) - 1),
        Case("Tanh", 0.05, 3, Inversion.ClosedForm, t => Math.Tanh(t)),
        Case("DoubleHyperbolic", 0.05, 2, Inversion.Newton, t => double.Sinh(t) + double.Cosh(t) + double.Tanh(t)),
        Case("Asinh", 0.05, 3, Inversion.ClosedForm, t => Math.Asinh(t)),
        Case("Atanh", 0.05, 1.5, Inversion.ClosedForm, t => Math.Atanh(t / 2)),
        Case("InverseHyperbolic", 0.05, 1.5, Inversion.Newton, t => Math.Asinh(t) + Math.Acosh(t + 1) + Math.Atanh(t / 2)),

        // Members of the type, Math.PI / Math.E and the double spellings
        Case("ConstMembers", 0.05, 2, Inversion.ClosedForm, t => A * t + B * t * t),
        Case("StaticReadonlyPolynomial", 0.05, 2, Inversion.Newton, t => K * t + Lambda * t * t),
        Case("StaticReadonlyExp", 0.05, 2, Inversion.ClosedForm, t => Math.Exp(Lambda * t) - K),
        Case("MathPiAndE", 0.05, 2, Inversion.ClosedForm, t => Math.PI * t + Math.E),
        Case("DoublePiEAndTau", 0.05, 2, Inversion.Newton, t => double.Pi * double.Sin(t / double.E) + double.Tau * t),

        // Unary minus and plus, nesting
        Case("UnaryMinus", 0.05, 3, Inversion.Newton, t => -(-t) - -Math.Exp(-t) - 1 + +t),
        Case("NestedSoftplus", 0.05, 2, Inversion.Newton, t => Math.Sqrt(Math.Log(1 + Math.Exp(Math.Sin(t) * t)))),
        Case("NestedDeep", 0.1, 1, Inversion.Newton, t => Math.Tanh(Math.Sinh(Math.Atan(Math.Exp(t) * Math.Cbrt(t + 1)))) + Math.Pow(Math.Cos(t / 3), -2)),

        // C# semantics of constants: integer division, integer and float members
        Case("IntegerDivision", 0.05, 2, Inversion.ClosedForm, t => 1 / 2 * t + t),
        Case("IntegerDivisionMixed", 0.05, 2, Inversion.ClosedForm, t => t * (3 / 2) + N / 2 * t + 1.0 / 2 * t),
        Case("IntegerDivisionInExponent", 0.05, 2, Inversion.ClosedForm, t => Math.Pow(t, 1 / 2) + t),
        Case("IntegerMemberDivisor", 0.05, 2, Inversion.ClosedForm, t => t + 2.0 / N),
        Case("FloatMember", 0.05, 2, Inversion.ClosedForm, t => F * F * t + F * t),

        // Declared scales
        Case("ScaleExp", 0.01, 3, Inversion.ClosedForm, t => Math.Sqrt(t), scale: t => Math.Exp(-t / 2)),
        Case("ScaleRational", 0.05, 1.5, Inversion.ClosedForm, t => t / (1 - t / 2), scale: t => 1 / Math.Sqrt(1 + t * t)),
        Case("ScaleCosine", 0.05, 0.95, Inversion.ClosedForm, t => Math.Tan(t * Math.PI / 4), scale: t => Math.Cos(t * Math.PI / 4)),
        Case("ScaleSine", 0.05, 2, Inversion.ClosedForm, t => Math.Sinh(t), scale: t => 1 + Math.Sin(t) / 3),

        // Constants the generator folds at compile time must keep the value C# gives them at run time
        Case("FoldedAsinh", 0.05, 2, Inversion.ClosedForm, t => t * Math.Asinh(1e-9)),
        Case("FoldedAtanh", 0.05, 2, Inversion.ClosedForm, t => t * Math.Atanh(1e-9)),
        Case("FoldedAcosh", 0.05, 2, Inversion.ClosedForm, t => t * Math.Acosh(1 + 1e-9)),
        Case("FoldedCbrt", 0.05, 2, Inversion.ClosedForm, t => t * Math.Cbrt(1e-300) * 1e100),

        // 0^(t/7) is 0 for t > 0: its derivative is 0, not 0 * log 0 = NaN
        Case("ZeroBasePower", 0.05, 2, Inversion.Newton, t => Math.Pow(N - 3, t / 7) + t),

        // Closed-form inverses that must pick the right branch and stay accurate
        Case("ShiftedSquare", 1.2, 3, Inversion.ClosedForm, t => Math.Pow(t - 1, 2) + 0.5),
        Case("QuadraticNegativeB", 0.6, 3, Inversion.ClosedForm, t => t * t - t + 1),
        Case("QuadraticTinyB", 0.01, 1, Inversion.ClosedForm, t => t * t + 1e-8 * t),
        Case("SineAcrossZero", -1.5, 1.5, Inversion.ClosedForm, t => 2 + Math.Sin(t)),
        Case("Logistic", -3, 3, Inversion.ClosedForm, t => 1 / (1 + Math.Exp(-t))),
        Case("ExpOfReciprocal", 0.2, 3, Inversion.ClosedForm, t => Math.Exp(-1 / t)),
        // Increasing on a branch other than the principal one of acos / atan: a closed form built from acos or
        // atan is wrong there, which the generator can only see when it can evaluate sigma (const, not static readonly).
        Case("CosineSecondBranchConst", 4.5, 8, Inversion.Newton, t => 2 + Math.Cos(A * t)),
        Case("CosineSecondBranchStaticReadonly", 7, 13, Inversion.Newton, t => 2 + Math.Cos(K * t)),
        Case("TangentSecondBranchStaticReadonly", 3.6, 9.7, Inversion.Newton, t => 10 + Math.Tan(K * t)),

        // The declared form cancels (sqrt(1 + t^2) ~ 1), and the generator keeps it: below t ~ 0.01 the generated Sigma
        // itself is only good to ~eps / t^2 (2e-10 at t = 1e-3), so no inverse can round-trip it to 1e-12 there.
        Case("HyperbolaMinusOne", 0.05, 1, Inversion.ClosedForm, t => Math.Sqrt(t * t + 1) - 1),

        // Named arguments, casts, Exp2/Exp10 and Math.Tau
        Case("NamedArguments", 0.05, 2, Inversion.Newton, t => Math.Log(newBase: 3, a: t + 1) + Math.Pow(y: 2, x: t)),
        Case("Casts", 0.05, 2, Inversion.ClosedForm, t => (double)N / 2 * t + (double)(N / 2) * t + (double)t),
        Case("Exp2AndExp10", 0.05, 2, Inversion.Newton, t => double.Exp2(t) + double.Exp10(t / 4) - 2),
        Case("MathTau", 0.05, 2, Inversion.ClosedForm, t => Math.Sin(t / Math.Tau) + 1),

        // Monotone sigmas without a closed-form inverse: ScheduleInversion's Newton solver
        Case("TMinusSin", 0.05, 3, Inversion.Newton, t => t - Math.Sin(t)),
        Case("AtanPlusCubeAcrossZero", -1, 0.9, Inversion.Newton, t => Math.Atan(t) + t * t * t + 2),
        Case("LogPlusTWideRange", 1e-3, 1e3, Inversion.Newton, t => Math.Log(t) + t + 10),
        Case("TPlusHalfSin", 0.05, 6, Inversion.Newton, t => t + Math.Sin(t) / 2),
        Case("CubicPlusExp", 0.05, 2, Inversion.Newton, t => t + t * t * t + Math.Exp(t) - 1),
        Case("TExpTPlusLog", 0.05, 2, Inversion.Newton, t => t * Math.Exp(t) + Math.Log(1 + t)),
    };

    private static DifferentialCase Case(
        string name,
        double tMin,
        double tMax,
        Inversion inverse,
        Func<double, double> sigma,
        Func<double, double>? scale = null,
        double valueTolerance = DefaultValueTolerance,
        [CallerArgumentExpression(nameof(sigma))] string sigmaText = "",
        [CallerArgumentExpression(nameof(scale))] string scaleText = "")
        => new(name, Body(sigmaText), sigma, scale is null ? null : Body(scaleText), scale, tMin, tMax, inverse, valueTolerance);

    /// <summary>The body of a lambda "t => body".</summary>
    private static string Body(string lambda)
    {
        const string Arrow = "t =>";
        if (!lambda.StartsWith(Arrow, StringComparison.Ordinal))
        {
            throw new ArgumentException("Declare cases with a lambda of the form 't => body': " + lambda, nameof(lambda));
        }

        return lambda.Substring(Arrow.Length).Trim();
    }
}
