using System.Collections.Generic;
using System.Linq;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Derivation;

/// <summary>
/// The square root of a simplified expression with its squares pulled out (docs/math.md §10.3):
/// sqrt(x^(2k) y) = |x|^k sqrt(y), pulled out where x keeps one sign on [TMin, TMax] (|x| = x or -x);
/// a square whose sign is not known stays under the root. The sign is the one oracle's, <see cref="Facts.Sign"/>. So g is derived as
/// sqrt(g^2) from the simplified g^2: VP's g = sqrt(beta(t)), EDM's g = sqrt(2 t), not s sqrt(2 sigma' sigma).
/// </summary>
internal static class SquareRoots
{
    public static Expr Of(Expr radicand, double tMin, double tMax) => Of(radicand, Var.T, tMin, tMax);

    /// <summary>Every square root in <paramref name="e"/> with its squares pulled out, x ranging over [lo, hi].</summary>
    public static Expr PullSquares(Expr e, Var x, double lo, double hi)
        => Rewriter.BottomUp(e, node => node is Power { Exponent: Num { Value: 0.5 } } root ? Of(root.Base, x, lo, hi) : node);

    public static Expr Of(Expr radicand, Var x, double tMin, double tMax)
    {
        Expr simplified = Evaluator.Size(radicand) > ScheduleDeriver.SmallSize ? radicand : Rational.Simplify(radicand);
        IReadOnlyList<Expr> factors = simplified is Product p ? p.Factors : new[] { simplified };
        var outside = new List<Expr>();
        var inside = new List<Expr>();
        foreach (Expr factor in factors)
        {
            if (factor is Power { Exponent: Num { IsInteger: true } n } power && n.Value % 2 == 0
                && !ScheduleDeriver.NeedsQuadrature(power.Base) && Facts.Sign(power.Base, x, tMin, tMax) is int sign and not 0)
            {
                // sqrt(x^(2k)) = |x|^k = (sign x)^k x^k
                Expr magnitude = sign > 0 ? power.Base : Product.Of(Expr.MinusOne, power.Base);
                outside.Add(Power.Of(magnitude, new Num(n.Value / 2)));
            }
            else
            {
                inside.Add(factor);
            }
        }

        Expr root = inside.Count == 0 ? Expr.One : Power.Of(Product.Of(inside), Expr.Half);
        return Product.Of(outside.Append(root));
    }
}
