using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Emit;

/// <summary>One constant of a generated file: its field name, value and whether C# can fold it (<c>const</c>).</summary>
/// <param name="Name">The field name, derived from the expression (<c>CosHalfSPiOverSPlusOne</c>).</param>
/// <param name="Value">The constant subexpression.</param>
/// <param name="IsConst">True for literal arithmetic C# folds at compile time; false for calls (a static readonly field).</param>
internal sealed record FileConstant(string Name, Expr Value, bool IsConst);

/// <summary>
/// The subexpressions of a file's members that read neither a variable nor an instance hyper-parameter
/// (docs/math.md §10.9): each becomes one private field of the type, computed once and shared by every member,
/// instead of being recomputed on every call. Literal arithmetic of constants is a <c>const</c>; anything with a
/// call (<c>double.Cos(...)</c>, <c>double.Sqrt(2)</c>, <c>Math.Cbrt(0.5)</c> the engine left unfolded) or reading a
/// <c>static readonly</c> member is a <c>static readonly double</c>. Numbers, named constants and products or small
/// powers of those alone are left inline: C# folds them and they read best where they stand.
/// </summary>
internal sealed class FileConstants
{
    private const int MaxDescriptiveName = 40;

    private FileConstants(IReadOnlyList<FileConstant> all, IReadOnlyDictionary<Expr, string> names)
    {
        All = all;
        Names = names;
    }

    /// <summary>No constants (before planning).</summary>
    public static readonly FileConstants Empty = new(new FileConstant[0], new Dictionary<Expr, string>());

    /// <summary>The constants in definition order (each after the ones its value reads).</summary>
    public IReadOnlyList<FileConstant> All { get; }

    /// <summary>The field name of every hoisted constant, for the printers.</summary>
    public IReadOnlyDictionary<Expr, string> Names { get; }

    /// <summary>True when <paramref name="e"/> reads no variable, instance hyper-parameter or integral.</summary>
    public static bool IsConstant(Expr e) => e switch
    {
        Var => false,
        Named named => !named.IsHyperParameter,
        Integral => false,
        _ => e.Children.All(IsConstant),
    };

    public static FileConstants Plan(IEnumerable<Expr> bodies, ISet<string> reservedNames, Func<Named, string> namedCode)
    {
        var found = new List<Expr>();
        var seen = new HashSet<Expr>();
        foreach (Expr body in bodies)
        {
            Collect(body, found, seen, new HashSet<Expr>());
        }

        // x^2 of a non-atom inside a constant prints as x * x only when x has a name too.
        foreach (Expr e in found.ToList())
        {
            NamePowerOperands(e, found, seen);
        }

        // Smaller first: a constant inside another is strictly smaller, so every field is defined after those it reads.
        List<Expr> ordered = found.Select((e, i) => (e, i)).OrderBy(x => Size(x.e)).ThenBy(x => x.i).Select(x => x.e).ToList();
        var used = new HashSet<string>(reservedNames);
        var names = new Dictionary<Expr, string>();
        foreach (Expr e in ordered)
        {
            names.Add(e, Unique(NameOf(e, names), used));
        }

        var printer = new ExpressionPrinter(Notation.CSharp, names, namedCode);
        var readOnly = new HashSet<string>();
        var all = new List<FileConstant>();
        foreach (Expr e in ordered)
        {
            string definition = printer.PrintDefinition(e);
            // Judged on the printed text: the printer names parts (a divisor's positive power) that are not children of e.
            bool isConst = !HasCall(definition)
                && !ReadsUserReadOnly(e)
                && !System.Text.RegularExpressions.Regex.Matches(definition, @"[A-Za-z_][A-Za-z0-9_]*").Cast<System.Text.RegularExpressions.Match>().Any(m => readOnly.Contains(m.Value));
            if (!isConst)
            {
                readOnly.Add(names[e]);
            }

            all.Add(new FileConstant(names[e], e, isConst));
        }

        return new FileConstants(all, names);
    }

    /// <summary>Writes the fields, with a comment stating each value in readable math.</summary>
    public void Write(SourceWriter writer, Func<Named, string> namedCode)
    {
        if (All.Count == 0)
        {
            return;
        }

        var printer = new ExpressionPrinter(Notation.CSharp, Names, namedCode);
        foreach (FileConstant constant in All)
        {
            writer.Line("private " + (constant.IsConst ? "const" : "static readonly") + " double " + constant.Name + " = " + printer.PrintDefinition(constant.Value) + ";");
        }

        writer.Line();
    }

    private static void Collect(Expr e, List<Expr> found, HashSet<Expr> seen, HashSet<Expr> visited)
    {
        if (!visited.Add(e))
        {
            return;
        }

        if (IsConstant(e))
        {
            if (!IsInline(e) && seen.Add(e))
            {
                found.Add(e);
            }

            return;
        }

        foreach (Expr child in e is Integral integral ? new[] { integral.Integrand } : e.Children)
        {
            // A constant divisor stays a division (x / c, not x * (1 / c)): its positive power is what gets a name.
            Collect(
                e is Product && child is Power { Exponent: Num { Value: < 0 } exponent } divisor && IsConstant(child)
                    ? Power.Of(divisor.Base, new Num(-exponent.Value))
                    : child,
                found,
                seen,
                visited);
        }
    }

    private static void NamePowerOperands(Expr e, List<Expr> found, HashSet<Expr> seen)
    {
        if (e is Power p && ExpressionPrinter.IsRepeatedMultiplication(p) && !p.Base.IsAtom && seen.Add(p.Base))
        {
            found.Add(p.Base);
        }

        foreach (Expr child in e.Children)
        {
            NamePowerOperands(child, found, seen);
        }
    }

    /// <summary>Left where it stands: an atom, a product of atoms (0.5 * BetaD), or a small power of one (BetaMin^2).</summary>
    private static bool IsInline(Expr e)
        => e.IsAtom
           || (e is Product p && p.Factors.All(f => f.IsAtom || (f is Power { Base.IsAtom: true } fp && ExpressionPrinter.IsRepeatedMultiplication(fp))))
           || (e is Power { Base.IsAtom: true } q && (ExpressionPrinter.IsRepeatedMultiplication(q) || q.Exponent is Num { Value: -1 }));

    private static bool HasCall(string csharp)
    {
        for (int i = 1; i < csharp.Length; i++)
        {
            if (csharp[i] == '(' && (char.IsLetterOrDigit(csharp[i - 1]) || csharp[i - 1] == '_'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the value reads a user's static readonly member (a value C# does not know at compile time).</summary>
    private static bool ReadsUserReadOnly(Expr e) => e is Named { Value: null } || e.Children.Any(ReadsUserReadOnly);

    private static int Size(Expr e) => 1 + e.Children.Sum(Size);

    private static string Unique(string name, HashSet<string> used)
    {
        string candidate = name;
        for (int i = 2; !used.Add(candidate); i++)
        {
            candidate = name + i.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    /// <summary>
    /// A name that reads like <paramref name="e"/> (SinHalfPiTPlusSOverSPlusOne for sin(pi/2 (t + S)/(S + 1))), built as
    /// the constants' names are and reusing any part <paramref name="named"/> already names; null when it would be longer
    /// than <paramref name="maxLength"/> characters.
    /// </summary>
    public static string? DescriptiveName(Expr e, IReadOnlyDictionary<Expr, string> named, int maxLength)
    {
        string descriptive = new Describer(named).Describe(e);
        // A literal without a word (0.3 reads C0p3) makes a poor method name: then the caller's fallback.
        bool readable = !descriptive.Contains("Constant") && !System.Text.RegularExpressions.Regex.IsMatch(descriptive, "C[0-9m]");
        return descriptive.Length <= maxLength && readable ? descriptive : null;
    }

    /// <summary>A name that reads like the expression (SqrtTwo, HalfPiOverSPlusOne), or its kind when that gets long.</summary>
    private static string NameOf(Expr e, IReadOnlyDictionary<Expr, string> named)
    {
        string descriptive = new Describer(named).Describe(e);
        if (descriptive.Length <= MaxDescriptiveName)
        {
            return descriptive;
        }

        return e switch
        {
            Call c => Pascal(Functions.MathName(c.Function)) + "Constant",
            Power { Exponent: Num { Value: 0.5 } } => "SqrtConstant",
            Power { Exponent: Num { Value: -1 } } => "InverseConstant",
            Power => "PowerConstant",
            Sum => "SumConstant",
            Product => "ProductConstant",
            _ => "Constant",
        };
    }

    /// <summary>Describes an expression in words, using the name of any part that already has one.</summary>
    private sealed class Describer(IReadOnlyDictionary<Expr, string> known)
    {
        public string Describe(Expr e)
        {
            if (known.TryGetValue(e, out string? name))
            {
                return name;
            }

            switch (e)
            {
                case Num n:
                    return NumberName(n.Value);
                case Named named:
                    return Pascal(named.Name);
                case Var v:
                    return Pascal(v.Name); // t in a file helper's name (constants have no variable)
                case Call c:
                    return Pascal(Functions.MathName(c.Function)) + Describe(c.Argument);
                case Power { Exponent: Num { Value: 0.5 } } p:
                    return "Sqrt" + Describe(p.Base);
                case Power { Exponent: Num { Value: -1 } } p:
                    return "InverseOf" + Describe(p.Base);
                case Power { Exponent: Num { Value: 2 } } p:
                    return Describe(p.Base) + "Squared";
                case Power { Exponent: Num { Value: 3 } } p:
                    return Describe(p.Base) + "Cubed";
                case Power p:
                    return Describe(p.Base) + "Pow" + Describe(p.Exponent);
                case Sum s:
                {
                    var text = new System.Text.StringBuilder();
                    foreach (Expr term in s.Terms)
                    {
                        (double coefficient, Expr rest) = Product.SplitCoefficient(term);
                        string part = coefficient < 0 ? Describe(Product.Of(new Num(-coefficient), rest)) : Describe(term);
                        text.Append(text.Length == 0 ? (coefficient < 0 ? "Minus" : string.Empty) : coefficient < 0 ? "Minus" : "Plus").Append(part);
                    }

                    return text.ToString();
                }

                case Product p:
                {
                    var numerator = p.Factors.Where(f => f is not Power { Exponent: Num { Value: < 0 } }).Select(f => f is Num { Value: -1 } ? "Minus" : Describe(f));
                    var denominator = p.Factors.OfType<Power>().Where(f => f.Exponent is Num { Value: < 0 })
                        .Select(f => Describe(Power.Of(f.Base, new Num(-((Num)f.Exponent).Value))));
                    string top = string.Concat(numerator);
                    string bottom = string.Concat(denominator);
                    return (top.Length == 0 ? "One" : top) + (bottom.Length == 0 ? string.Empty : "Over" + bottom);
                }

                default:
                    return "Constant";
            }
        }
    }

    private static string NumberName(double value) => value switch
    {
        0.5 => "Half",
        0.25 => "Quarter",
        1 => "One",
        2 => "Two",
        3 => "Three",
        4 => "Four",
        10 => "Ten",
        -1 => "Minus",
        _ when value < 0 => "Minus" + NumberName(-value),
        _ => "C" + value.ToString("R", CultureInfo.InvariantCulture).Replace(".", "p").Replace("-", "m").Replace("+", string.Empty),
    };

    private static string Pascal(string name)
        => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + new string(name.Skip(1).Where(c => char.IsLetterOrDigit(c) || c == '_').ToArray());
}
