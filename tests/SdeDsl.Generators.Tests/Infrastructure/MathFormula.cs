using System;
using System.Collections.Generic;
using System.Globalization;

namespace SdeDsl.Generators.Tests.Infrastructure;

/// <summary>
/// An independent reader of the readable math the generator writes into doc comments (Notation.Math):
/// numbers, names, + - * / ^, unary minus, function calls, comparisons and the conditional a &lt; b ? x : y.
/// It evaluates the text directly, so a test can check that a comment states what the member computes
/// without going through the generator's own expression trees.
/// </summary>
public sealed class MathFormula
{
    // The runtime's expm1 and log1p, the ones generated code calls (the generator links a copy of the same type).
    private static readonly Type RuntimeAccurateMath = typeof(INoiseSchedule).Assembly.GetType("SdeDsl.Generated.AccurateMath", throwOnError: true)!;
    private static readonly Func<double, double> ExpM1 = RuntimeAccurateMath.GetMethod("ExpM1", new[] { typeof(double) })!.CreateDelegate<Func<double, double>>();
    private static readonly Func<double, double> LogP1 = RuntimeAccurateMath.GetMethod("LogP1", new[] { typeof(double) })!.CreateDelegate<Func<double, double>>();

    private readonly string text;
    private readonly Func<string, double> lookup;
    private int position;

    private MathFormula(string text, Func<string, double> lookup)
    {
        this.text = text;
        this.lookup = lookup;
    }

    /// <summary>Evaluates <paramref name="formula"/>; <paramref name="lookup"/> gives the value of each name.</summary>
    public static double Evaluate(string formula, Func<string, double> lookup)
    {
        var reader = new MathFormula(formula, lookup);
        double value = reader.Conditional();
        reader.SkipSpaces();
        if (reader.position != formula.Length)
        {
            throw new FormatException($"Unexpected '{formula[reader.position..]}' in '{formula}'");
        }

        return value;
    }

    /// <summary>
    /// Reads a parenthesised or atomic operand at <paramref name="start"/> (the coefficients of a step's
    /// "x_next = (X) x + (D) D" comment) and returns its text and the index just past it.
    /// </summary>
    public static (string Operand, int End) Operand(string text, int start)
    {
        if (text[start] != '(')
        {
            int end = start;
            while (end < text.Length && text[end] != ' ')
            {
                end++;
            }

            return (text[start..end], end);
        }

        int depth = 0;
        for (int i = start; i < text.Length; i++)
        {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (depth == 0)
            {
                return (text[(start + 1)..i], i + 1);
            }
        }

        throw new FormatException("Unbalanced parentheses in " + text);
    }

    private double Conditional()
    {
        double left = Additive();
        SkipSpaces();
        string? comparison = Peek("<=") ? "<=" : Peek(">=") ? ">=" : Peek("<") ? "<" : Peek(">") ? ">" : null;
        if (comparison is null)
        {
            return left;
        }

        position += comparison.Length;
        double right = Additive();
        bool holds = comparison switch { "<" => left < right, "<=" => left <= right, ">" => left > right, _ => left >= right };
        Expect('?');
        double whenTrue = Conditional();
        Expect(':');
        double whenFalse = Conditional();
        return holds ? whenTrue : whenFalse;
    }

    private double Additive()
    {
        double value = Multiplicative();
        while (true)
        {
            SkipSpaces();
            if (Peek("+"))
            {
                position++;
                value += Multiplicative();
            }
            else if (Peek("-"))
            {
                position++;
                value -= Multiplicative();
            }
            else
            {
                return value;
            }
        }
    }

    private double Multiplicative()
    {
        double value = Unary();
        while (true)
        {
            SkipSpaces();
            if (Peek("*"))
            {
                position++;
                value *= Unary();
            }
            else if (Peek("/"))
            {
                position++;
                value /= Unary();
            }
            else
            {
                return value;
            }
        }
    }

    private double Unary()
    {
        SkipSpaces();
        if (Peek("-"))
        {
            position++;
            return -Unary();
        }

        return PowerOf();
    }

    private double PowerOf()
    {
        double b = Primary();
        SkipSpaces();
        if (Peek("^"))
        {
            position++;
            double exponent = Unary();
            return exponent == 2 ? b * b : Math.Pow(b, exponent);
        }

        return b;
    }

    private double Primary()
    {
        SkipSpaces();
        if (Peek("("))
        {
            position++;
            double inner = Conditional();
            Expect(')');
            return inner;
        }

        int start = position;
        if (position < text.Length && (char.IsDigit(text[position]) || text[position] == '.'))
        {
            while (position < text.Length && (char.IsDigit(text[position]) || text[position] is '.' or 'E' or 'e'
                                              || (text[position] is '+' or '-' && text[position - 1] is 'E' or 'e')))
            {
                position++;
            }

            return double.Parse(text[start..position], NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] is '_' or '\''))
        {
            position++;
        }

        if (start == position)
        {
            throw new FormatException($"Expected an operand at {position} in '{text}'");
        }

        string name = text[start..position];
        if (!Peek("("))
        {
            return name switch { "pi" => Math.PI, "e" => Math.E, "inf" => double.PositiveInfinity, "NaN" => double.NaN, _ => lookup(name) };
        }

        position++;
        double argument = Conditional();
        Expect(')');
        return Apply(name, argument);
    }

    private static double Apply(string function, double x) => function switch
    {
        "sqrt" => Math.Sqrt(x),
        "cbrt" => Math.Cbrt(x),
        "abs" => Math.Abs(x),
        "exp" => Math.Exp(x),
        "expm1" => ExpM1(x),
        "log" => Math.Log(x),
        "log1p" => LogP1(x),
        "log10" => Math.Log10(x),
        "sin" => Math.Sin(x),
        "cos" => Math.Cos(x),
        "tan" => Math.Tan(x),
        "asin" => Math.Asin(x),
        "acos" => Math.Acos(x),
        "atan" => Math.Atan(x),
        "sinh" => Math.Sinh(x),
        "cosh" => Math.Cosh(x),
        "tanh" => Math.Tanh(x),
        "asinh" => Math.Asinh(x),
        "acosh" => Math.Acosh(x),
        "atanh" => Math.Atanh(x),
        _ => throw new FormatException("Unknown function " + function),
    };

    private void Expect(char c)
    {
        SkipSpaces();
        if (position >= text.Length || text[position] != c)
        {
            throw new FormatException($"Expected '{c}' at {position} in '{text}'");
        }

        position++;
    }

    private bool Peek(string token) => string.CompareOrdinal(text, position, token, 0, token.Length) == 0;

    private void SkipSpaces()
    {
        while (position < text.Length && text[position] == ' ')
        {
            position++;
        }
    }
}
