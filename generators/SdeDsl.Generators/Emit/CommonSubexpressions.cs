using System.Collections.Generic;
using System.Linq;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Emit;

/// <summary>A method body: locals in dependency order, then the result expression.</summary>
/// <param name="Locals">Hoisted subexpressions, each defined after the ones it uses.</param>
/// <param name="Names">The local name of every hoisted subexpression.</param>
/// <param name="Result">The returned expression.</param>
internal sealed record MethodBodyPlan(IReadOnlyList<(string Name, Expr Value)> Locals, IReadOnlyDictionary<Expr, string> Names, Expr Result);

/// <summary>
/// Hoists every non-trivial subexpression used more than once (counted in the expression DAG, so a
/// subexpression that only occurs inside a repeated one is not hoisted on its own) into a local, plus
/// the operand of each small integer power so x^2 can print as x * x.
/// </summary>
internal static class CommonSubexpressions
{
    public static MethodBodyPlan Plan(Expr root, ISet<string> reservedNames, IReadOnlyDictionary<Expr, string>? constants = null)
    {
        var view = new PrintedTree(constants);
        var references = new Dictionary<Expr, int>();
        Count(root, references, view);

        var hoisted = new HashSet<Expr>(references.Where(r => r.Value >= 2 && IsWorthALocal(r.Key) && !view.IsNamed(r.Key)).Select(r => r.Key));
        MarkPowerOperands(root, hoisted, new HashSet<Expr>(), view);

        var order = new List<Expr>();
        PostOrder(root, root, hoisted, new HashSet<Expr>(), order, view);

        var names = new Dictionary<Expr, string>();
        var used = new HashSet<string>(reservedNames);
        var locals = new List<(string Name, Expr Value)>();
        foreach (Expr e in order)
        {
            string name = UniqueName(BaseName(e), used);
            names.Add(e, name);
            locals.Add((name, e));
        }

        return new MethodBodyPlan(locals, names, root);
    }

    /// <summary>
    /// One plan for a method that returns several expressions (a step's coefficients): a subexpression shared by
    /// any of them is computed once. A root used inside another (or twice) becomes a local too.
    /// </summary>
    public static (IReadOnlyList<(string Name, Expr Value)> Locals, IReadOnlyDictionary<Expr, string> Names) PlanAll(
        IReadOnlyList<Expr> roots, ISet<string> reservedNames, IReadOnlyDictionary<Expr, string>? constants = null)
    {
        var view = new PrintedTree(constants);
        var references = new Dictionary<Expr, int>();
        foreach (Expr root in roots)
        {
            Count(root, references, view);
        }

        var hoisted = new HashSet<Expr>(references.Where(r => r.Value >= 2 && IsWorthALocal(r.Key) && !view.IsNamed(r.Key)).Select(r => r.Key));
        var marked = new HashSet<Expr>();
        foreach (Expr root in roots)
        {
            MarkPowerOperands(root, hoisted, marked, view);
        }

        var order = new List<Expr>();
        var seen = new HashSet<Expr>();
        foreach (Expr root in roots)
        {
            PostOrder(root, null, hoisted, seen, order, view);
        }

        var names = new Dictionary<Expr, string>();
        var used = new HashSet<string>(reservedNames);
        var locals = new List<(string Name, Expr Value)>();
        foreach (Expr e in order)
        {
            string name = UniqueName(BaseName(e), used);
            names.Add(e, name);
            locals.Add((name, e));
        }

        return (locals, names);
    }

    private static void Count(Expr e, Dictionary<Expr, int> references, PrintedTree view)
    {
        references.TryGetValue(e, out int count);
        references[e] = count + 1;
        if (count == 0)
        {
            foreach (Expr child in view.Children(e))
            {
                Count(child, references, view);
            }
        }
    }

    /// <summary>Not worth a local: atoms, c * x, and x^-2, x^-1, x^2 of an atom (one operation each).</summary>
    private static bool IsWorthALocal(Expr e)
        => !e.IsAtom
           && !(e is Product { Factors.Count: 2 } p && p.Factors[0] is Num && p.Factors[1].IsAtom)
           && !(e is Power { Base.IsAtom: true, Exponent: Num { IsInteger: true, Value: >= -2 and <= 2 } });

    private static void MarkPowerOperands(Expr e, HashSet<Expr> hoisted, HashSet<Expr> seen, PrintedTree view)
    {
        if (!seen.Add(e))
        {
            return;
        }

        if (e is Power p && !view.IsNamed(e) && ExpressionPrinter.IsRepeatedMultiplication(p) && !p.Base.IsAtom && !view.IsNamed(p.Base))
        {
            hoisted.Add(p.Base);
        }

        foreach (Expr child in view.Children(e))
        {
            MarkPowerOperands(child, hoisted, seen, view);
        }
    }

    private static void PostOrder(Expr e, Expr? root, HashSet<Expr> hoisted, HashSet<Expr> seen, List<Expr> order, PrintedTree view)
    {
        if (!seen.Add(e))
        {
            return;
        }

        foreach (Expr child in view.PrintedChildren(e))
        {
            PostOrder(child, root, hoisted, seen, order, view);
        }

        if (hoisted.Contains(e) && (root is null || (!ReferenceEquals(e, root) && e != root)))
        {
            order.Add(e);
        }
    }

    private static string BaseName(Expr e) => e switch
    {
        Call c => Functions.MathName(c.Function),
        Power { Exponent: Num { Value: 0.5 } } => "sqrt",
        Power { Exponent: Num { Value: 2 } } => "square",
        Power { Exponent: Num { Value: 3 } } => "cube",
        Power { Exponent: Num { Value: -1 } } => "inverse",
        Power => "pow",
        Sum => "u",
        Product => "p",
        _ => "v",
    };

    private static string UniqueName(string baseName, HashSet<string> used)
    {
        string name = baseName;
        for (int i = 2; !used.Add(name); i++)
        {
            name = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    /// <summary>
    /// The tree as the printer walks it: a file constant (docs/math.md §10.9) is a leaf, and an integrand is
    /// evaluated elsewhere (at other t), so nothing inside it is shared with this body.
    /// </summary>
    private sealed class PrintedTree(IReadOnlyDictionary<Expr, string>? constants)
    {
        /// <summary>
        /// True for a file constant; with file constants planned, any other constant is left inline too (literal
        /// arithmetic C# folds, or a constant divisor printed as a division), never a local.
        /// </summary>
        public bool IsNamed(Expr e) => constants is not null && (constants.ContainsKey(e) || FileConstants.IsConstant(e));

        public IReadOnlyList<Expr> Children(Expr e) => e is Integral || IsNamed(e) ? new Expr[0] : e.Children;

        /// <summary>
        /// <see cref="Children"/> plus the nodes the printer builds on the fly: x^-k prints as 1 / x^k (alone or as a
        /// factor of a product's denominator), so a local for x^k must be defined before any local that prints it.
        /// </summary>
        public IEnumerable<Expr> PrintedChildren(Expr e)
        {
            IReadOnlyList<Expr> children = Children(e);
            foreach (Expr child in children)
            {
                yield return child;
            }

            if (children.Count == 0)
            {
                yield break;
            }

            if (e is Power { Exponent: Num { Value: < 0 } exponent } power)
            {
                yield return Power.Of(power.Base, new Num(-exponent.Value));
            }
            else if (e is Product product)
            {
                foreach (Expr factor in product.Factors)
                {
                    if (factor is Power { Exponent: Num { Value: < 0 } factorExponent } factorPower && !IsNamed(factor))
                    {
                        yield return Power.Of(factorPower.Base, new Num(-factorExponent.Value));
                    }
                }
            }
        }
    }
}
