using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SdeDsl.Generators.Symbolic;
using SdeDsl.Generators.Text;

namespace SdeDsl.Generators.Emit;

/// <summary>
/// Prints an expression as C# or as readable math with the fewest parentheses: sums print with binary
/// minus, products as numerator / denominator, square roots as Sqrt, small integer powers of a simple
/// operand as repeated multiplication. Subexpressions with a name in <c>locals</c> print as that name.
/// </summary>
internal sealed class ExpressionPrinter
{
    private const int Additive = 1, Multiplicative = 2, Unary = 3, Primary = 4;

    private readonly Notation notation;
    private readonly IReadOnlyDictionary<Expr, string> locals;
    private readonly Func<Named, string> namedCode;
    private readonly IReadOnlyDictionary<Expr, string> integrands;

    public ExpressionPrinter(
        Notation notation,
        IReadOnlyDictionary<Expr, string>? locals = null,
        Func<Named, string>? namedCode = null,
        IReadOnlyDictionary<Expr, string>? integrands = null)
    {
        this.notation = notation;
        this.locals = locals ?? new Dictionary<Expr, string>();
        this.namedCode = namedCode ?? (n => n.Code);
        this.integrands = integrands ?? new Dictionary<Expr, string>();
    }

    public string Print(Expr e) => Print(e, 0);

    /// <summary>Prints the definition of a local: the expression itself, not its own name.</summary>
    public string PrintDefinition(Expr e) => Print(e, 0, allowLocal: false);

    /// <summary>True when C# prints x^n (|n| = 2, 3, 4) as repeated multiplication of a simple operand.</summary>
    public static bool IsRepeatedMultiplication(Power p)
        => p.Exponent is Num { IsInteger: true } n && Math.Abs(n.Value) >= 2 && Math.Abs(n.Value) <= 4;

    public static string FormatNumber(double value, Notation notation)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return notation == Notation.CSharp ? NumberText.CSharp(value) : NumberText.Math(value);
        }

        if (Fraction(value) is (long p, long q))
        {
            // The nearest double to p/q: C# folds 1.0 / 6.0 to exactly this double, so the fraction is bitwise the literal.
            return notation == Notation.CSharp
                ? "(" + p.ToString(CultureInfo.InvariantCulture) + ".0 / " + q.ToString(CultureInfo.InvariantCulture) + ".0)"
                : p.ToString(CultureInfo.InvariantCulture) + "/" + q.ToString(CultureInfo.InvariantCulture);
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The smallest-denominator p/q (q &lt;= 1000) whose nearest double is <paramref name="value"/>, for a value whose
    /// shortest round-trip decimal is long (0.16666666666666666 is 1/6; 0.5, 0.1 and 19.9 stay decimals).
    /// </summary>
    public static (long P, long Q)? Fraction(double value)
    {
        string decimalText = value.ToString("R", CultureInfo.InvariantCulture);
        if (decimalText.TrimStart('-').Length <= 8 || Math.Abs(value) >= 1e6 || value == Math.Floor(value))
        {
            return null;
        }

        // The recogniser is the engine's (docs/math.md §10.12); integers were excluded above, so q >= 2 here.
        return ExactFraction.TryRecognise(value, out long p, out long q) && Math.Abs(p) < 1_000_000_000 ? (p, q) : null;
    }

    private string Print(Expr e, int context, bool allowLocal = true)
    {
        if (allowLocal && locals.TryGetValue(e, out string? name))
        {
            return name;
        }

        switch (e)
        {
            case Num n:
                string number = FormatNumber(n.Value, notation);
                bool fraction = Fraction(n.Value) is not null; // C# prints it parenthesised already: (1.0 / 6.0)
                return notation == Notation.Math ? (context >= (fraction ? Multiplicative : Unary) && (fraction || n.Value < 0) ? "(" + number + ")" : number)
                    : n.Value < 0 && context >= Unary && !fraction ? "(" + number + ")" : number;
            case Var v:
                return v.Name;
            case Named named:
                return notation == Notation.CSharp ? namedCode(named) : named.Name;
            case Sum s:
                return Parenthesize(PrintSum(s), Additive, context);
            case Product p:
                return PrintProduct(p.Factors.ToList(), context);
            case Power p:
                return PrintPower(p, context);
            case Integral { Breakpoints.Count: 0 } integral when notation == Notation.CSharp:
                return "global::SdeDsl.Generated.Quadrature.Integrate(new " + integrands[integral] + ", 0, t)"; // "IntegrandN(hyper-parameters)"
            case Integral integral when notation == Notation.CSharp:
            {
                // Segments between the integrand's switch points (docs/math.md §18.4): 0..min(t, b1), then b_k..min(t, b_k+1) once t > b_k.
                string integrand = "new " + integrands[integral];
                var segments = new List<string>();
                for (int k = 0; k <= integral.Breakpoints.Count; k++)
                {
                    string from = k == 0 ? "0" : FormatNumber(integral.Breakpoints[k - 1], notation);
                    string to = k == integral.Breakpoints.Count ? "t" : "double.Min(t, " + FormatNumber(integral.Breakpoints[k], notation) + ")";
                    string segment = "global::SdeDsl.Generated.Quadrature.Integrate(" + integrand + ", " + from + ", " + to + ")";
                    segments.Add(k == 0 ? segment : "(t > " + from + " ? " + segment + " : 0)");
                }

                return "(" + string.Join(" + ", segments) + ")";
            }
            case Integral integral:
                return "integral_0^t (" + Print(integral.Integrand, 0) + ") dt";
            case Piecewise w:
                // The conditional operator binds loosest: parenthesised everywhere but at the top.
                string conditional = Print(w.Left, Additive) + " " + Piecewise.Operator(w.Comparison) + " " + Print(w.Right, Additive)
                    + " ? " + Print(w.WhenTrue, w.WhenTrue is Piecewise ? Additive : 0) + " : " + Print(w.WhenFalse, w.WhenFalse is Piecewise ? Additive : 0);
                return context > 0 ? "(" + conditional + ")" : conditional;
            case Call c:
                string function = notation == Notation.CSharp ? Functions.CSharpName(c.Function) : Functions.MathName(c.Function);
                return function + "(" + Print(c.Argument, 0) + ")";
            default:
                throw new InvalidOperationException("Unknown expression node " + e.GetType().Name);
        }
    }

    private string PrintSum(Sum s)
    {
        // Lead with the first positive term so 1 - t does not print as -t + 1.
        var terms = s.Terms.ToList();
        int firstPositive = terms.FindIndex(term => locals.ContainsKey(term) || Product.SplitCoefficient(term).Coefficient > 0);
        if (firstPositive > 0)
        {
            Expr lead = terms[firstPositive];
            terms.RemoveAt(firstPositive);
            terms.Insert(0, lead);
        }

        var text = new System.Text.StringBuilder();
        for (int i = 0; i < terms.Count; i++)
        {
            Expr term = terms[i];
            (double coefficient, Expr rest) = Product.SplitCoefficient(term);
            if (i > 0 && coefficient < 0 && !locals.ContainsKey(term))
            {
                text.Append(" - ").Append(Print(Product.Of(new Num(-coefficient), rest), Multiplicative));
            }
            else
            {
                // A term that prints with a leading minus (its factor's sign moved out, see Positive) is subtracted:
                // x - 0.25 * y, not x + -0.25 * y (negation is exact, so the value is the same).
                string printed = Print(term, Additive);
                text.Append(i == 0 ? printed : printed.StartsWith("-", StringComparison.Ordinal) ? " - " + printed.Substring(1) : " + " + printed);
            }
        }

        return text.ToString();
    }

    private string PrintProduct(List<Expr> factors, int context)
    {
        double coefficient = 1;
        var numerator = new List<Expr>();
        var denominator = new List<Expr>();
        foreach (Expr factor in factors)
        {
            if (factor is Num n && !locals.ContainsKey(factor))
            {
                coefficient *= n.Value;
            }
            else if (factor is Power { Exponent: Num { Value: < 0 } exponent } p && !locals.ContainsKey(factor))
            {
                denominator.Add(Positive(Power.Of(p.Base, new Num(-exponent.Value)), ref coefficient));
            }
            else
            {
                numerator.Add(Positive(factor, ref coefficient));
            }
        }

        bool negative = coefficient < 0;
        coefficient = Math.Abs(coefficient);
        var parts = new List<string>();
        if (coefficient != 1 || numerator.Count == 0)
        {
            string number = FormatNumber(coefficient, notation);
            if (notation == Notation.Math && Fraction(coefficient) is not null && (numerator.Count > 0 || denominator.Count > 0))
            {
                number = "(" + number + ")"; // (1/6) * t: the fraction is one number
            }

            parts.Add(numerator.Count == 0 && denominator.Count > 0 && denominator.All(d => d is Num) ? AsDouble(number) : number);
        }

        parts.AddRange(numerator.Select(f => Print(f, Multiplicative)));
        string text = string.Join(" * ", parts);
        if (denominator.Count == 1)
        {
            text += " / " + Print(denominator[0], Unary);
        }
        else if (denominator.Count > 1)
        {
            text += " / (" + string.Join(" * ", denominator.Select(f => Print(f, Multiplicative))) + ")";
        }

        if (negative)
        {
            return context >= Multiplicative ? "(-" + text + ")" : "-" + text;
        }

        return context > Multiplicative ? "(" + text + ")" : text;
    }

    /// <summary>
    /// A sum whose terms are all negative prints negated, its sign moved to the product's coefficient:
    /// -x / (-a - b) reads x / (a + b). An odd power of such a sum flips the same way.
    /// </summary>
    private Expr Positive(Expr factor, ref double coefficient)
    {
        Expr b = factor is Power { Exponent: Num { IsInteger: true } n } odd && n.Value % 2 != 0 ? odd.Base : factor;
        if (b is Sum sum && !locals.ContainsKey(b) && !locals.ContainsKey(factor) && sum.Terms.All(term => Product.SplitCoefficient(term).Coefficient < 0))
        {
            coefficient = -coefficient;
            Expr negated = Product.Of(Expr.MinusOne, sum);
            return ReferenceEquals(b, factor) ? negated : Power.Of(negated, ((Power)factor).Exponent);
        }

        return factor;
    }

    private string PrintPower(Power p, int context)
    {
        if (p.Exponent is Num { Value: < 0 } negative)
        {
            Expr denominator = Power.Of(p.Base, new Num(-negative.Value));
            string reciprocal = (denominator is Num ? AsDouble("1") : "1") + " / " + Print(denominator, Unary);
            return Parenthesize(reciprocal, Multiplicative, context);
        }

        if (p.Exponent is Num { Value: 0.5 })
        {
            return (notation == Notation.CSharp ? "double.Sqrt(" : "sqrt(") + Print(p.Base, 0) + ")";
        }

        if (notation == Notation.Math)
        {
            return Print(p.Base, Primary) + "^" + Print(p.Exponent, Primary);
        }

        if (IsRepeatedMultiplication(p) && (p.Base.IsAtom || locals.ContainsKey(p.Base)))
        {
            string operand = Print(p.Base, Unary);
            string text = string.Join(" * ", Enumerable.Repeat(operand, (int)((Num)p.Exponent).Value));
            return Parenthesize(text, Multiplicative, context);
        }

        return "double.Pow(" + Print(p.Base, 0) + ", " + Print(p.Exponent, 0) + ")";
    }

    /// <summary>
    /// A number divided by a number must be a double literal in C#: "1 / 0" is integer division by a
    /// constant zero (error CS0020) and "1 / 3" is 0. Such a quotient is left unfolded only when it is
    /// infinite or NaN (a declared 1 / 0.0), so this is rare; the math notation is unchanged.
    /// </summary>
    private string AsDouble(string number)
        => notation == Notation.CSharp && number.All(c => char.IsDigit(c) || c == '-') ? number + ".0" : number;

    private static string Parenthesize(string text, int precedence, int context)
        => context > precedence ? "(" + text + ")" : text;
}
