using System.Collections.Generic;
using System.Linq;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Emit;

/// <summary>A subexpression of t shared by several members, emitted once as a private method of t.</summary>
/// <param name="Value">The stabilised subexpression (canonical: the factories' ExprOrder).</param>
/// <param name="Name">The method's name (LogScale, SigmaSquared, ... or after the first member that reads it).</param>
internal sealed record FileHelper(Expr Value, string Name);

/// <summary>
/// One factoring per file (docs/math.md §10.18): every subexpression of t alone with at least
/// <see cref="MinimumOperations"/> operations (<see cref="MinimumUnnamedOperations"/> when it has no math name) that two or more members read (after stabilisation; a member's step
/// kernel counts as one member) becomes one helper, largest first; a smaller one inside a chosen helper is chosen
/// only if it is still read twice with the chosen ones as units. Helpers are printed from the same tree the members
/// read, so every member computes the same operations in the same order as before: bitwise the same values.
/// </summary>
internal static class FileHelpers
{
    /// <summary>Fewer operations than this (beta(t) = BetaD t + BetaMin) read better inline than as a call.</summary>
    public const int MinimumOperations = 4;

    /// <summary>A subexpression with no math name (sigma^2, log s, ...) is a helper only from this size on.</summary>
    public const int MinimumUnnamedOperations = 7;

    /// <summary>The longest name read off a helper's expression (SinHalfPiOneMinusTOverSPlusOne); longer ones take the member's name.</summary>
    public const int MaxDescriptiveName = 32;

    /// <param name="members">Each member's name and its stabilised bodies, in emission order.</param>
    /// <param name="isConstant">True for a file constant (docs/math.md §10.9), which is a unit, never a helper.</param>
    /// <param name="wholeBodies">The stabilised bodies of the public members of t, which are never helpers themselves.</param>
    /// <param name="mathName">The math name of a value the schedule defines (SigmaSquared, LogScale, ...), else null.</param>
    public static IReadOnlyList<Expr> Choose(
        IReadOnlyList<(string Member, IReadOnlyList<Expr> Bodies)> members, System.Func<Expr, bool> isConstant, ISet<Expr> wholeBodies, System.Func<Expr, string?> mathName)
    {
        var firstSeen = new Dictionary<Expr, int>();
        foreach ((string _, IReadOnlyList<Expr> bodies) in members)
        {
            foreach (Expr body in bodies)
            {
                Collect(body, firstSeen, isConstant);
            }
        }

        var candidates = firstSeen.Keys
            .Where(e => !wholeBodies.Contains(e) && Operations(e) >= (mathName(e) is null ? MinimumUnnamedOperations : MinimumOperations) && IsOfTAlone(e))
            .OrderByDescending(Operations)
            .ThenBy(e => firstSeen[e])
            .ToList();
        var chosen = new List<Expr>();
        foreach (Expr candidate in candidates)
        {
            int readers = members.Count(m => m.Bodies.Any(b => Reads(b, candidate, chosen, isConstant)))
                + chosen.Count(h => h.Children.Any(child => Reads(child, candidate, chosen, isConstant)));
            if (readers >= 2)
            {
                chosen.Add(candidate);
            }
        }

        // Emission order: by first appearance in the file, so names and order are stable across builds.
        return chosen.OrderBy(e => firstSeen[e]).ToList();
    }

    /// <summary>How often a method's bodies read <paramref name="helper"/> (x * x of it counts twice).</summary>
    /// <param name="e">A body.</param>
    /// <param name="helper">The helper's expression.</param>
    /// <param name="units">The other helpers: a read inside one of them is that helper's, not the body's.</param>
    public static int Reads(Expr e, Expr helper, ICollection<Expr>? units = null)
    {
        if (e == helper)
        {
            return 1;
        }

        if (e is Integral || (units is not null && units.Contains(e)))
        {
            return 0;
        }

        if (e is Power p && p.Base == helper && ExpressionPrinter.IsRepeatedMultiplication(p))
        {
            return 2;
        }

        return e.Children.Sum(child => Reads(child, helper, units));
    }

    /// <summary>Operations C# performs for the expression: n - 1 per n-ary sum or product, one per power or call.</summary>
    public static int Operations(Expr e) => e switch
    {
        Sum s => s.Terms.Count - 1 + s.Terms.Sum(Operations),
        Product p => p.Factors.Count - 1 + p.Factors.Sum(Operations),
        Power pw => 1 + Operations(pw.Base) + Operations(pw.Exponent),
        Call c => 1 + Operations(c.Argument),
        Piecewise w => 1 + w.Children.Sum(Operations),
        _ => 0,
    };

    private static void Collect(Expr e, Dictionary<Expr, int> firstSeen, System.Func<Expr, bool> isConstant)
    {
        if (e is Integral || isConstant(e) || firstSeen.ContainsKey(e))
        {
            return;
        }

        foreach (Expr child in e.Children)
        {
            Collect(child, firstSeen, isConstant);
        }

        // Post-order numbering: a subexpression is numbered after its parts, the order the file first prints it in.
        firstSeen[e] = firstSeen.Count;
    }

    private static bool Reads(Expr e, Expr candidate, List<Expr> chosen, System.Func<Expr, bool> isConstant)
        => e == candidate || (!(e is Integral) && !isConstant(e) && !chosen.Contains(e) && e.Children.Any(child => Reads(child, candidate, chosen, isConstant)));

    /// <summary>
    /// Depends on t and on no other variable (tNext, beta, stepSize), holds no integral (quadratures are shared by
    /// the nested pair helpers, docs/math.md §10.17) and is not a negative power (1/x in a product prints as a division,
    /// which a call would round differently).
    /// </summary>
    private static bool IsOfTAlone(Expr e)
        => Differentiator.DependsOn(e, Var.T) && !(e is Power { Exponent: Num { Value: < 0 } }) && !HasOtherVariableOrIntegral(e);

    private static bool HasOtherVariableOrIntegral(Expr e)
        => e is Integral || (e is Var v && v != Var.T) || e.Children.Any(HasOtherVariableOrIntegral);
}
