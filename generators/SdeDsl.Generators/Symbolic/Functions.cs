using System;

namespace SdeDsl.Generators.Symbolic;

/// <summary>Facts about each <see cref="Function"/>: its value, its inverse and its names.</summary>
internal static class Functions
{
    public static double Apply(Function function, double x) => function switch
    {
        Function.Exp => Math.Exp(x),
        Function.Log => Math.Log(x),
        Function.Log10 => Math.Log10(x),
        Function.Sin => Math.Sin(x),
        Function.Cos => Math.Cos(x),
        Function.Tan => Math.Tan(x),
        Function.Asin => Math.Asin(x),
        Function.Acos => Math.Acos(x),
        Function.Atan => Math.Atan(x),
        Function.Sinh => Math.Sinh(x),
        Function.Cosh => Math.Cosh(x),
        Function.Tanh => Math.Tanh(x),
        Function.Asinh => Asinh(x),
        Function.Acosh => Acosh(x),
        Function.Atanh => Atanh(x),
        Function.Cbrt => Cbrt(x),
        Function.ExpM1 => SdeDsl.Generated.AccurateMath.ExpM1(x),
        Function.LogP1 => SdeDsl.Generated.AccurateMath.LogP1(x),
        _ => double.NaN,
    };

    /// <summary>True when f(g(u)) = u, so the pair cancels.</summary>
    public static bool CancelsWith(Function outer, Function inner) => (outer, inner) switch
    {
        (Function.Log, Function.Exp) => true,
        (Function.Exp, Function.Log) => true,
        (Function.LogP1, Function.ExpM1) => true,
        (Function.ExpM1, Function.LogP1) => true,
        _ => false,
    };

    /// <summary>The inverse function applied to <paramref name="y"/>, or null when there is none to use.</summary>
    public static Expr? Inverse(Function function, Expr y) => function switch
    {
        Function.Exp => Call.Of(Function.Log, y),
        Function.Log => Call.Of(Function.Exp, y),
        Function.Log10 => Power.Of(new Num(10), y),
        Function.Sin => Call.Of(Function.Asin, y),
        Function.Cos => Call.Of(Function.Acos, y),
        Function.Tan => Call.Of(Function.Atan, y),
        Function.Asin => Call.Of(Function.Sin, y),
        Function.Acos => Call.Of(Function.Cos, y),
        Function.Atan => Call.Of(Function.Tan, y),
        Function.Sinh => Call.Of(Function.Asinh, y),
        Function.Cosh => Call.Of(Function.Acosh, y),
        Function.Tanh => Call.Of(Function.Atanh, y),
        Function.Asinh => Call.Of(Function.Sinh, y),
        Function.Acosh => Call.Of(Function.Cosh, y),
        Function.Atanh => Call.Of(Function.Tanh, y),
        Function.Cbrt => Power.Of(y, new Num(3)),
        Function.ExpM1 => Call.Of(Function.LogP1, y),
        Function.LogP1 => Call.Of(Function.ExpM1, y),
        _ => null,
    };

    /// <summary>The name in readable math (doc comments).</summary>
    public static string MathName(Function function) => function switch
    {
        Function.ExpM1 => "expm1",
        Function.LogP1 => "log1p",
        _ => function.ToString().ToLowerInvariant(),
    };

    /// <summary>The C# that calls it (keyword-qualified, so no user type can shadow it).</summary>
    public static string CSharpName(Function function) => function switch
    {
        Function.ExpM1 => "global::SdeDsl.Generated.AccurateMath.ExpM1",
        Function.LogP1 => "global::SdeDsl.Generated.AccurateMath.LogP1",
        _ => "double." + function,
    };

    // netstandard2.0 has no Math.Asinh, Acosh, Atanh or Cbrt. These fold constants (Math.Asinh(1e-9) in a
    // declaration must keep the value .NET gives it at run time), so they avoid the cancelling textbook
    // forms log(x + sqrt(x^2 + 1)) and 0.5 log((1 + x) / (1 - x)), which lose ~1e-7 relative at x = 1e-9
    // (the fdlibm formulations, through the cancellation-free AccurateMath.LogP1).
    private static double Asinh(double x)
    {
        double a = Math.Abs(x);
        double result = a > 1e8
            ? Math.Log(a) + Math.Log(2)
            : SdeDsl.Generated.AccurateMath.LogP1(a + (a * a / (1 + Math.Sqrt(1 + (a * a)))));
        return x < 0 ? -result : result;
    }

    private static double Acosh(double x)
    {
        if (x > 1e8)
        {
            return Math.Log(x) + Math.Log(2);
        }

        double u = x - 1; // exact for x in [1, 2] (Sterbenz), and no cancellation above
        return SdeDsl.Generated.AccurateMath.LogP1(u + Math.Sqrt((2 * u) + (u * u)));
    }

    private static double Atanh(double x)
    {
        double a = Math.Abs(x);
        double result = 0.5 * SdeDsl.Generated.AccurateMath.LogP1(2 * a / (1 - a));
        return x < 0 ? -result : result;
    }

    private static double Cbrt(double x)
    {
        if (x == 0 || double.IsNaN(x) || double.IsInfinity(x))
        {
            return x;
        }

        double a = Math.Abs(x);
        double y = Math.Pow(a, 1.0 / 3);
        if (a > 1e-290 && a < 1e290)
        {
            y -= ((y * y * y) - a) / (3 * y * y); // one Newton step removes the error of the rounded exponent 1/3
        }

        return x < 0 ? -y : y;
    }
}
