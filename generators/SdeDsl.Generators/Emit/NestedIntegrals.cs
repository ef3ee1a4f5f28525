using System.Collections.Generic;
using System.Linq;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Emit;

/// <summary>
/// A nested pair of quadratures computed in one pass by SdeDsl.Generated.NestedQuadrature (docs/math.md §10.17): the
/// outer integral's integrand reads the inner integral (and no other), as sigma^2 = integral_0^t g^2 exp(-2 log s)
/// reads log s = integral_0^t f when neither has a closed form.
/// </summary>
/// <param name="Inner">The inner integral, integral_0^t f.</param>
/// <param name="Outer">The outer integral, integral_0^t h(u, integral_0^u f) du.</param>
/// <param name="Method">The private helper returning both at t.</param>
/// <param name="InnerName">The tuple element (PascalCase) of the inner integral; its camelCase form names locals.</param>
/// <param name="OuterName">The tuple element (PascalCase) of the outer integral.</param>
internal sealed record NestedIntegralPair(Integral Inner, Integral Outer, string Method, string InnerName, string OuterName)
{
    public string InnerLocal => Camel(InnerName);

    public string OuterLocal => Camel(OuterName);

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name.Substring(1);
}

/// <summary>Finds the nested pairs among a file's quadratures.</summary>
internal static class NestedIntegrals
{
    /// <summary>
    /// Every outer integral (no breakpoints) whose integrand holds exactly one integral, itself free of integrals and
    /// breakpoints, paired with it; an inner integral pairs with one outer integral at most (the first in
    /// <paramref name="integrals"/>, inner ones first), any further one keeps the plain nested quadrature.
    /// </summary>
    public static IReadOnlyList<(Integral Inner, Integral Outer)> Find(IEnumerable<Expr> integrals)
    {
        var pairs = new List<(Integral Inner, Integral Outer)>();
        var paired = new HashSet<Expr>();
        foreach (Integral outer in integrals.OfType<Integral>())
        {
            var inside = new HashSet<Expr>();
            CollectIntegrals(outer.Integrand, inside);
            if (outer.Breakpoints.Count == 0
                && inside.Count == 1
                && inside.First() is Integral inner
                && inner.Breakpoints.Count == 0
                && !ContainsIntegral(inner.Integrand)
                && paired.Add(inner))
            {
                pairs.Add((inner, outer));
            }
        }

        return pairs;
    }

    /// <summary>How often <paramref name="target"/> occurs in <paramref name="e"/> outside integrands (evaluated at other t).</summary>
    public static int Occurrences(Expr e, Expr target)
    {
        if (e == target)
        {
            return 1;
        }

        return e is Integral ? 0 : e.Children.Sum(child => Occurrences(child, target));
    }

    private static void CollectIntegrals(Expr e, HashSet<Expr> found)
    {
        if (e is Integral)
        {
            found.Add(e);
            return;
        }

        foreach (Expr child in e.Children)
        {
            CollectIntegrals(child, found);
        }
    }

    private static bool ContainsIntegral(Expr e) => e is Integral || e.Children.Any(ContainsIntegral);
}
