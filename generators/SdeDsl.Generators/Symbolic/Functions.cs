using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// The table of supported elementary functions: one <see cref="FunctionInfo"/> entry per <see cref="Function"/>
/// (its names, evaluation, constant folding, derivative, inverse, integration rule, domain and range). The
/// parser, printer, evaluator, differentiator, inverter and integrator look functions up here.
/// </summary>
internal static class Functions
{
    private static readonly double Ln10 = Math.Log(10);

    /// <summary>The last argument whose exp (and expm1) is finite, rounded down: exp(709.782712893384) is 1.797e308.</summary>
    private const double ExpOverflow = 709.78;

    /// <summary>The last argument whose sinh and cosh are finite, rounded down (they overflow above 710.4758600739439).</summary>
    private const double HyperbolicOverflow = 710.47;

    /// <summary>The largest double below 1 (the open ends of the domains of atanh and log1p).</summary>
    private const double BelowOne = 0.99999999999999989;

    /// <summary>A bound on |tan x| over the doubles (pi/2 is not a double; tan of the nearest one is 1.6e16).</summary>
    private const double TanBound = 1e17;

    /// <summary>
    /// True when the generator runs on .NET (Core): the emitted code runs on .NET too and calls the same System.Math
    /// functions, so folding with the host's own function gives the run-time value bitwise. A .NET Framework host
    /// (Visual Studio's compiler server) has other implementations, and lacks Cbrt, Asinh, Acosh and Atanh.
    /// </summary>
    public static readonly bool HostIsDotNet = typeof(object).Assembly.GetName().Name == "System.Private.CoreLib";

    private static readonly FunctionInfo[] Table = Build(HostIsDotNet);

    private static readonly Dictionary<string, Function> BySourceName = Table
        .SelectMany(entry => entry.SourceNames.Select(name => (name, entry.Function)))
        .ToDictionary(pair => pair.name, pair => pair.Function);

    /// <summary>The table entry of <paramref name="function"/>.</summary>
    public static FunctionInfo Info(Function function) => Table[(int)function];

    /// <summary>Every entry, in <see cref="Function"/> order.</summary>
    public static IReadOnlyList<FunctionInfo> All => Table;

    /// <summary>The function a one-argument System.Math / MathF / double method of this name denotes.</summary>
    public static bool TryFromSourceName(string name, out Function function) => BySourceName.TryGetValue(name, out function);

    /// <summary>f(x) in double precision for build-time checks.</summary>
    public static double Apply(Function function, double x) => Info(function).Evaluate(x);

    /// <summary>f(x) bitwise as the emitted code computes it, or null when that cannot be guaranteed (then the call stays).</summary>
    public static double? Fold(Function function, double x) => Info(function).Fold is { } fold ? fold(x) : null;

    /// <summary>True when f(g(u)) = u wherever g(u) is finite, so the pair may cancel.</summary>
    public static bool CancelsWith(Function outer, Function inner) => Info(outer).CancelsInner == inner;

    /// <summary>The inverse function applied to <paramref name="y"/>, or null when there is none to use.</summary>
    public static Expr? Inverse(Function function, Expr y) => Info(function).Inverse?.Invoke(y);

    /// <summary>The name in readable math (doc comments).</summary>
    public static string MathName(Function function) => Info(function).MathName;

    /// <summary>The C# that calls it (keyword-qualified, so no user type can shadow it).</summary>
    public static string CSharpName(Function function) => Info(function).CSharpName;

    /// <summary>
    /// Builds the table. <paramref name="foldOnHost"/> says whether the host's System.Math computes what the emitted
    /// code computes (<see cref="HostIsDotNet"/>); tests build it both ways.
    /// </summary>
    internal static FunctionInfo[] Build(bool foldOnHost)
    {
        Interval all = new(double.NegativeInfinity, double.PositiveInfinity);
        Interval finite = Interval.Finite;
        Expr Square(Expr u) => Power.Of(u, new Num(2));
        Expr OneMinusSquare(Expr u) => Sum.Of(Expr.One, Product.Of(Expr.MinusOne, Square(u)));

        var table = new[]
        {
            Entry(Function.Exp, "Exp", Math.Exp,
                derivative: u => Call.Of(Function.Exp, u),
                inverse: y => Call.Of(Function.Log, y),
                antiderivative: u => Call.Of(Function.Exp, u),
                domain: new Interval(double.NegativeInfinity, ExpOverflow), monotonicity: Monotonicity.Increasing, range: new Interval(0, double.PositiveInfinity),
                cancelsInner: Function.Log),
            Entry(Function.Log, "Log", Math.Log,
                derivative: u => Power.Of(u, Expr.MinusOne),
                inverse: y => Call.Of(Function.Exp, y),
                domain: new Interval(double.Epsilon, double.MaxValue), monotonicity: Monotonicity.Increasing, range: finite,
                cancelsInner: Function.Exp),
            Entry(Function.Log10, "Log10", Math.Log10,
                derivative: u => Product.Of(new Num(1 / Ln10), Power.Of(u, Expr.MinusOne)),
                inverse: y => Power.Of(new Num(10), y),
                domain: new Interval(double.Epsilon, double.MaxValue), monotonicity: Monotonicity.Increasing, range: finite),
            Entry(Function.Sin, "Sin", Math.Sin,
                derivative: u => Call.Of(Function.Cos, u),
                inverse: y => Call.Of(Function.Asin, y),
                antiderivative: u => -Call.Of(Function.Cos, u),
                domain: finite, monotonicity: Monotonicity.None, range: new Interval(-1, 1)),
            Entry(Function.Cos, "Cos", Math.Cos,
                derivative: u => Product.Of(Expr.MinusOne, Call.Of(Function.Sin, u)),
                inverse: y => Call.Of(Function.Acos, y),
                antiderivative: u => Call.Of(Function.Sin, u),
                domain: finite, monotonicity: Monotonicity.None, range: new Interval(-1, 1)),
            Entry(Function.Tan, "Tan", Math.Tan,
                derivative: u => Power.Of(Call.Of(Function.Cos, u), new Num(-2)),
                inverse: y => Call.Of(Function.Atan, y),
                domain: finite, monotonicity: Monotonicity.None, range: new Interval(-TanBound, TanBound)),
            Entry(Function.Asin, "Asin", Math.Asin,
                derivative: u => Power.Of(OneMinusSquare(u), new Num(-0.5)),
                inverse: y => Call.Of(Function.Sin, y),
                domain: new Interval(-1, 1), monotonicity: Monotonicity.Increasing, range: new Interval(-2, 2)),
            Entry(Function.Acos, "Acos", Math.Acos,
                derivative: u => Product.Of(Expr.MinusOne, Power.Of(OneMinusSquare(u), new Num(-0.5))),
                inverse: y => Call.Of(Function.Cos, y),
                domain: new Interval(-1, 1), monotonicity: Monotonicity.Decreasing, range: new Interval(0, 4)),
            Entry(Function.Atan, "Atan", Math.Atan,
                derivative: u => Power.Of(Sum.Of(Expr.One, Square(u)), Expr.MinusOne),
                inverse: y => Call.Of(Function.Tan, y),
                domain: all, monotonicity: Monotonicity.Increasing, range: new Interval(-2, 2)),
            Entry(Function.Sinh, "Sinh", Math.Sinh,
                derivative: u => Call.Of(Function.Cosh, u),
                inverse: y => Call.Of(Function.Asinh, y),
                antiderivative: u => Call.Of(Function.Cosh, u),
                domain: new Interval(-HyperbolicOverflow, HyperbolicOverflow), monotonicity: Monotonicity.Increasing, range: finite),
            Entry(Function.Cosh, "Cosh", Math.Cosh,
                derivative: u => Call.Of(Function.Sinh, u),
                inverse: y => Call.Of(Function.Acosh, y),
                antiderivative: u => Call.Of(Function.Sinh, u),
                domain: new Interval(-HyperbolicOverflow, HyperbolicOverflow), monotonicity: Monotonicity.None, range: new Interval(1, double.MaxValue)),
            Entry(Function.Tanh, "Tanh", Math.Tanh,
                derivative: u => Power.Of(Call.Of(Function.Cosh, u), new Num(-2)),
                inverse: y => Call.Of(Function.Atanh, y),
                domain: all, monotonicity: Monotonicity.Increasing, range: new Interval(-1, 1)),
            Entry(Function.Asinh, "Asinh", Host("Asinh") ?? Asinh,
                derivative: u => Power.Of(Sum.Of(Square(u), Expr.One), new Num(-0.5)),
                inverse: y => Call.Of(Function.Sinh, y),
                domain: finite, monotonicity: Monotonicity.Increasing, range: finite,
                hostHasIt: Host("Asinh") is not null),
            Entry(Function.Acosh, "Acosh", Host("Acosh") ?? Acosh,
                derivative: u => Power.Of(Sum.Of(Square(u), Expr.MinusOne), new Num(-0.5)),
                inverse: y => Call.Of(Function.Cosh, y),
                domain: new Interval(1, double.MaxValue), monotonicity: Monotonicity.Increasing, range: finite,
                hostHasIt: Host("Acosh") is not null),
            Entry(Function.Atanh, "Atanh", Host("Atanh") ?? Atanh,
                derivative: u => Power.Of(OneMinusSquare(u), Expr.MinusOne),
                inverse: y => Call.Of(Function.Tanh, y),
                domain: new Interval(-BelowOne, BelowOne), monotonicity: Monotonicity.Increasing, range: finite,
                hostHasIt: Host("Atanh") is not null),
            Entry(Function.Cbrt, "Cbrt", Host("Cbrt") ?? Cbrt,
                derivative: u => Product.Of(new Num(1.0 / 3), Power.Of(Call.Of(Function.Cbrt, u), new Num(-2))),
                inverse: y => Power.Of(y, new Num(3)),
                domain: finite, monotonicity: Monotonicity.Increasing, range: finite,
                hostHasIt: Host("Cbrt") is not null),
            new FunctionInfo(
                Function.ExpM1, "expm1", "global::SdeDsl.Generated.AccurateMath.ExpM1", Array.Empty<string>(),
                SdeDsl.Generated.AccurateMath.ExpM1,
                foldOnHost ? SdeDsl.Generated.AccurateMath.ExpM1 : null, // the same source runs in the emitted code
                derivative: u => Call.Of(Function.Exp, u),
                inverse: y => Call.Of(Function.LogP1, y),
                antiderivative: null,
                domain: new Interval(double.NegativeInfinity, ExpOverflow), monotonicity: Monotonicity.Increasing, range: new Interval(-1, double.PositiveInfinity),
                cancelsInner: Function.LogP1),
            new FunctionInfo(
                Function.LogP1, "log1p", "global::SdeDsl.Generated.AccurateMath.LogP1", Array.Empty<string>(),
                SdeDsl.Generated.AccurateMath.LogP1,
                foldOnHost ? SdeDsl.Generated.AccurateMath.LogP1 : null,
                derivative: u => Power.Of(Sum.Of(Expr.One, u), Expr.MinusOne),
                inverse: y => Call.Of(Function.ExpM1, y),
                antiderivative: null,
                domain: new Interval(-BelowOne, double.MaxValue), monotonicity: Monotonicity.Increasing, range: finite,
                cancelsInner: Function.ExpM1),
        };

        for (int i = 0; i < table.Length; i++)
        {
            if ((int)table[i].Function != i)
            {
                throw new InvalidOperationException("The function table is out of order at " + table[i].Function);
            }
        }

        return table;

        // A System.Math function: emitted as double.Name, parsed from Math.Name, MathF.Name and double.Name; folded with
        // the host's function only where the host is .NET and has it (else the call stays and is computed at run time).
        FunctionInfo Entry(
            Function function,
            string name,
            Func<double, double> evaluate,
            Func<Expr, Expr> derivative,
            Func<Expr, Expr>? inverse,
            Interval domain,
            Monotonicity monotonicity,
            Interval range,
            Func<Expr, Expr>? antiderivative = null,
            Function? cancelsInner = null,
            bool hostHasIt = true)
            => new(
                function,
                name.ToLowerInvariant(),
                "double." + name,
                new[] { name },
                evaluate,
                foldOnHost && hostHasIt ? evaluate : null,
                derivative,
                inverse,
                antiderivative,
                domain,
                monotonicity,
                range,
                cancelsInner);
    }

    /// <summary>The host's System.Math.<paramref name="name"/>(double), or null when the host lacks it (netstandard2.0 does).</summary>
    private static Func<double, double>? Host(string name)
    {
        MethodInfo? method = typeof(Math).GetMethod(name, new[] { typeof(double) });
        return method is null || method.ReturnType != typeof(double) ? null : (Func<double, double>)method.CreateDelegate(typeof(Func<double, double>));
    }

    // Fallbacks for hosts without Math.Asinh, Acosh, Atanh or Cbrt (.NET Framework), used only by build-time checks
    // (never to fold: the emitted call computes its own value there). They avoid the cancelling textbook forms
    // log(x + sqrt(x^2 + 1)) and 0.5 log((1 + x) / (1 - x)), which lose ~1e-7 relative at x = 1e-9 (the fdlibm
    // formulations, through the cancellation-free AccurateMath.LogP1).
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
