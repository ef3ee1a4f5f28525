using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SdeDsl.Generators.Tests.Robustness;

/// <summary>
/// Random schedule declarations from a fixed seed: expression trees over every supported construct, with
/// unsupported constructs (conditionals, %, Math.Abs, casts, instance fields, properties, method calls,
/// unknown names), pathological constants (huge and tiny literals, Math.Sqrt(-1), 1 / 0.0, 0.0 / 0.0,
/// NaN and infinities) and odd time ranges mixed in.
/// </summary>
public sealed class ExpressionFuzzer
{
    /// <summary>Members every fuzzed type declares, so expressions can use (or misuse) them.</summary>
    public const string Members = """
        const double A = 0.75;
        const int N = 3;
        const long L = 5;
        const float F = 0.1f;
        static readonly double K = 0.4;
        static readonly int M = 2;
        static readonly float G = 0.25f;
        double inst;
        static double mutableStatic = 1;
        static double Prop => 2;
        static double Helper(double x) => x * 2;
    """;

    private static readonly string[] Unary =
    {
        "Exp", "Log", "Log10", "Log2", "Sqrt", "Cbrt", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Tanh", "Asinh", "Acosh", "Atanh",
    };

    private static readonly string[] DoubleOnlyUnary = { "Exp2", "Exp10" };

    private static readonly string[] SupportedLeaves =
    {
        "t", "t", "t", "t", "1", "2", "3", "0.5", "1.5", "0.1", "10", "0", "0.0", "A", "N", "L", "F", "K", "M", "G", "Math.PI", "Math.E", "double.Pi", "double.E", "double.Tau",
        "2.5e-3", "1e-8", "7L", "3u", "0.25f",
    };

    private static readonly string[] PathologicalLeaves =
    {
        "1e300", "1.7976931348623157E+308", "123456789012345678901234567890.0", "4.9E-324", "1e-320", "Math.Sqrt(-1)", "(1 / 0.0)", "(0.0 / 0.0)", "(-1 / 0.0)",
        "double.NaN", "double.PositiveInfinity", "double.Epsilon", "double.MaxValue", "int.MaxValue", "Math.Log(0)", "Math.Pow(0, -1)", "(t / 0)", "(t / 0.0)", "(1e308 * 10)",
        "Math.Acos(2)", "9007199254740993", "18446744073709551615", "0x7FFFFFFF", "1_000.5", "(2147483647 + 0.0)", "(-0.0)", "(0.0 * t)", "(t - t)", "(t / t)",
    };

    private static readonly string[] UnsupportedLeaves =
    {
        "inst", "mutableStatic", "Prop", "undefinedName", "this.inst", "Math.Tau", "float.Pi", "default(double)", "nameof(t).Length", "\"text\".Length", "DateTime.Now.Second",
    };

    private static readonly string[] ModerateLeaves =
    {
        "t", "t", "t", "t", "t", "1", "2", "3", "0.5", "1.5", "0.1", "0.25", "A", "N", "F", "K", "Math.PI", "Math.E", "double.Tau", "7L", "3u", "0.25f", "(N / 2)", "(1 / 2)",
    };

    private readonly Random random;
    private readonly bool supportedOnly;

    /// <param name="seed">The seed: the same seed gives the same declarations.</param>
    /// <param name="supportedOnly">Only supported constructs and moderate constants (for value checks), no pathological or unsupported ones.</param>
    public ExpressionFuzzer(int seed, bool supportedOnly = false)
    {
        random = new Random(seed);
        this.supportedOnly = supportedOnly;
    }

    /// <summary>A full source file declaring the schedule type <paramref name="name"/> in namespace Tests.</summary>
    public string Declaration(string name)
    {
        string sigma = Expression(random.Next(1, 7));
        string? scale = random.NextDouble() < 0.3 ? Expression(random.Next(1, 5)) : null;
        (string tMin, string tMax) = supportedOnly ? ("0.1", "2") : Range();
        var source = new StringBuilder();
        source.AppendLine("using System;");
        source.AppendLine("using SdeDsl;");
        source.AppendLine("namespace Tests;");
        source.AppendLine($"[NoiseSchedule(TMin = {tMin}, TMax = {tMax})]");
        source.AppendLine($"public partial struct {name}");
        source.AppendLine("{");
        source.AppendLine(Members);
        if (!supportedOnly && random.NextDouble() < 0.2)
        {
            // Declared by drift and diffusion (f, g): the integrator and its quadrature fallback.
            source.AppendLine($"    [Drift] static double F(double t) => {scale ?? Expression(random.Next(1, 4))};");
            source.AppendLine($"    [Diffusion] static double G(double t) => {sigma};");
        }
        else
        {
            source.AppendLine(random.NextDouble() < 0.15
                ? $"    [Sigma] static double SigmaOf(double t) {{ return {sigma}; }}"
                : $"    [Sigma] static double SigmaOf(double t) => {sigma};");
            if (scale is not null)
            {
                source.AppendLine($"    [Scale] static double ScaleOf(double t) => {scale};");
            }
        }

        source.AppendLine("}");
        return source.ToString();
    }

    /// <summary>A random expression in t of roughly the given depth.</summary>
    public string Expression(int depth)
    {
        if (depth <= 0 || random.NextDouble() < 0.15)
        {
            return Leaf();
        }

        double roll = random.NextDouble();
        if (roll < 0.30)
        {
            string op = Pick("+", "-", "*", "/");
            return "(" + Expression(depth - 1) + " " + op + " " + Expression(depth - 1) + ")";
        }

        if (roll < 0.36)
        {
            return Pick("-", "+", "- -") + Operand(depth - 1);
        }

        if (roll < 0.70)
        {
            string prefix = Pick("Math.", "double.");
            string function = prefix == "double." && random.NextDouble() < 0.1 ? Pick(DoubleOnlyUnary) : Pick(Unary);
            return prefix + function + "(" + Expression(depth - 1) + ")";
        }

        if (roll < 0.78)
        {
            return Pick("Math.", "double.") + "Pow(" + Expression(depth - 1) + ", " + Expression(depth - 1) + ")";
        }

        if (roll < 0.82)
        {
            return Pick("Math.", "double.") + "Log(" + Expression(depth - 1) + ", " + Expression(depth - 1) + ")";
        }

        if (roll < 0.85 || supportedOnly)
        {
            return "(double)" + Operand(depth - 1);
        }

        return Unsupported(depth - 1);
    }

    private string Operand(int depth)
    {
        string e = Expression(depth);
        return e.StartsWith('(') || !e.Contains(' ', StringComparison.Ordinal) ? e : "(" + e + ")";
    }

    private string Unsupported(int depth)
    {
        string a = Expression(depth), b = Expression(depth);
        return random.Next(16) switch
        {
            0 => $"({a} > {b} ? {a} : {b})",
            1 => $"({a} % {b})",
            2 => $"Math.Abs({a})",
            3 => $"Math.Max({a}, {b})",
            4 => $"Math.Floor({a})",
            5 => $"(float){Operand(depth)}",
            6 => $"(int){Operand(depth)}",
            7 => $"Helper({a})",
            8 => $"Math.Sign({a})",
            9 => $"MathF.Sin((float){Operand(depth)})",
            10 => $"checked({a})",
            11 => $"Math.Round({a}, 2)",
            12 => $"Math.FusedMultiplyAdd({a}, {b}, t)",
            13 => $"(t is > 0 ? {a} : {b})",
            14 => $"Math.Log(d: {a}, newBase: {b})",
            _ => $"Math.ScaleB({a}, 2)",
        };
    }

    private string Leaf()
    {
        if (supportedOnly)
        {
            return Pick(ModerateLeaves);
        }

        double roll = random.NextDouble();
        if (roll < 0.75)
        {
            return Pick(SupportedLeaves);
        }

        if (roll < 0.9)
        {
            return Pick(PathologicalLeaves);
        }

        if (roll < 0.95)
        {
            return Pick(UnsupportedLeaves);
        }

        // A random literal, sometimes enormous or tiny.
        double value = Math.Pow(10, random.Next(-320, 309)) * random.NextDouble();
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    private (string TMin, string TMax) Range()
        => random.Next(12) switch
        {
            0 => ("0", "1"),
            1 => ("-1", "1"),
            2 => ("1", "0.5"),
            3 => ("double.NaN", "1"),
            4 => ("1e-300", "1e300"),
            5 => ("0.002", "80"),
            6 => ("1e-3", "1"),
            7 => ("0.1", "0.1"),
            8 => ("-5", "-1"),
            9 => ("0.5", "double.PositiveInfinity"),
            _ => ("0.01", "2"),
        };

    private string Pick(params string[] options) => options[random.Next(options.Length)];

    /// <summary>Deterministic pathological shapes: nesting beyond the parser's MaxDepth, long chains, derivative blow-ups.</summary>
    public static IEnumerable<string> DeepAndLargeBodies()
    {
        foreach (int depth in new[] { 100, 128, 129, 200, 400 })
        {
            yield return new string('(', depth) + "t" + new string(')', depth);
            yield return string.Concat(Enumerable.Repeat("Math.Sin(", depth)) + "t" + new string(')', depth);
            yield return string.Join(" + ", Enumerable.Range(0, depth).Select(i => i % 3 == 0 ? "t" : "Math.Exp(t / " + (i + 1) + ")"));
            yield return string.Join(" * ", Enumerable.Repeat("(t + 1)", depth));
            yield return string.Concat(Enumerable.Repeat("-", depth).Select(m => m + "(")) + "t" + new string(')', depth);
        }

        // Long but shallow sums and products (a balanced tree, within MaxDepth).
        yield return Balanced(Enumerable.Range(1, 256).Select(i => $"Math.Sin({i} * t)").ToList(), " + ");
        yield return Balanced(Enumerable.Range(1, 128).Select(i => $"Math.Exp(t / {i})").ToList(), " * ");
        yield return Balanced(Enumerable.Range(1, 64).Select(i => $"Math.Pow(t, {i} * 0.5)").ToList(), " * ");

        // Self-similar towers whose derivatives grow much faster than the declaration.
        foreach (int levels in new[] { 4, 6, 7 })
        {
            string e = "t";
            string p = "t";
            string q = "(t + 1)";
            for (int i = 0; i < levels; i++)
            {
                e = $"Math.Pow({e}, {e})";
                p = $"({p} * Math.Sin({p}))";
                q = $"({q} / ({q} + {q}))";
            }

            yield return e;
            yield return p;
            yield return q;
        }

        foreach (int n in new[] { 20, 40 })
        {
            yield return string.Join(" * ", Enumerable.Range(1, n).Select(i => $"Math.Sin(t + {i})"));
            yield return string.Concat(Enumerable.Repeat("Math.Exp(Math.Sin(", n / 2)) + "t" + new string(')', n);
            yield return string.Concat(Enumerable.Repeat("Math.Pow(t + 1, ", n)) + "t" + new string(')', n);
        }
    }

    private static string Balanced(List<string> items, string op)
        => items.Count == 1 ? items[0] : "(" + Balanced(items.Take(items.Count / 2).ToList(), op) + op + Balanced(items.Skip(items.Count / 2).ToList(), op) + ")";
}
