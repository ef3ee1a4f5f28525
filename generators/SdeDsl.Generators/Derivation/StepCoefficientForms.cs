using System.Collections.Generic;
using System.Linq;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Derivation;

/// <summary>
/// The per-step coefficients of the fused steps that depend on f and g, as expressions in t, <c>tNext</c> and the
/// step's parameter (beta, the corrector's step size): x_next = X x + D D + Z z (docs/math.md §17).
/// </summary>
internal sealed record StepCoefficientForms(
    Expr EulerX,
    Expr EulerD,
    Expr HeunX,
    Expr HeunD,
    Expr HeunXPredicted,
    Expr HeunDPredicted,
    Expr ReverseSdeX,
    Expr ReverseSdeD,
    Expr ReverseSdeZ,
    Expr LangevinX,
    Expr LangevinD,
    Expr LangevinZ,
    Expr CorrectorX,
    Expr CorrectorD,
    Expr CorrectorZ);

/// <summary>
/// Derives each step's coefficients from the schedule's functions (docs/math.md §17): the generic formulas of §7.1,
/// §7.2, §7.4, §7.5 and §7.9 with a(t), b(t), f, g^2, s and sigma substituted as closed forms and h = t_next - t kept
/// symbolic, then brought together by <see cref="Rational"/> only where that removes operations and creates no
/// cancellation (EDM's Euler step 1 + h / t becomes t_next / t; see <see cref="Together"/>).
/// </summary>
internal static class StepCoefficientDeriver
{
    /// <summary>The step's end time.</summary>
    public static readonly Var TNext = new("tNext");

    /// <summary>beta(t) of the Langevin family.</summary>
    public static readonly Var Beta = new("beta");

    /// <summary>eps, the Langevin corrector's step size.</summary>
    public static readonly Var StepSize = new("stepSize");

    public static StepCoefficientForms Derive(DerivedSchedule d)
    {
        Var t = Var.T;
        Expr h = Sum.Of(TNext, Product.Of(Expr.MinusOne, t));          // h = t_next - t < 0
        Expr elapsed = Sum.Of(t, Product.Of(Expr.MinusOne, TNext));    // |h| = t - t_next
        Expr halfH = Product.Of(Expr.Half, h);
        Expr a = d.OdeStateCoefficient, b = d.OdeDenoiserCoefficient, s = d.Scale, sigma = d.Sigma;

        // §7.1: X = 1 + h a(t), D = -h b(t) = (t - t_next) b(t).
        Expr eulerX = Together(Sum.Of(Expr.One, Product.Of(h, a)));
        Expr eulerD = Together(Product.Of(elapsed, b));

        // §7.2: X = 1 + h/2 a(t), D = -h/2 b(t), X' = h/2 a(t_next), D' = -h/2 b(t_next).
        (Expr aNext, Expr bNext) = AtNextTime(d);
        Expr heunX = Together(Sum.Of(Expr.One, Product.Of(halfH, a)));
        Expr heunD = Together(Product.Of(Expr.Half, elapsed, b));
        Expr heunXPredicted = Together(Product.Of(halfH, aNext));
        Expr heunDPredicted = Together(Product.Of(Expr.Half, elapsed, bNext));

        // §7.4: g^2 grad = k (D - x/s) with k = g^2 / (s sigma^2): X = 1 + h (f + k/s), D = -h k, Z = sqrt((t - t_next) g^2).
        Expr scoreScale = Product.Of(d.DiffusionSquared, Power.Of(s, Expr.MinusOne), Power.Of(sigma, new Num(-2)));
        Expr reverseX = Together(Sum.Of(
            Expr.One, Product.Of(h, Together(Sum.Of(d.Drift, Product.Of(scoreScale, Power.Of(s, Expr.MinusOne)))))));
        Expr reverseD = Together(Product.Of(elapsed, Together(scoreScale)));
        Expr reverseZ = Power.Of(Product.Of(elapsed, d.DiffusionSquared), Expr.Half);

        // §7.5: the Euler step plus beta h (x - s D): X = X_euler + h beta, D = D_euler - h beta s,
        // Z = s sigma sqrt(2 beta (t - t_next)). Kept as that sum (not brought together) so beta = 0 is Euler bit for bit.
        Expr langevinX = Sum.Of(eulerX, Product.Of(h, Beta));
        Expr langevinD = Sum.Of(eulerD, Product.Of(elapsed, Beta, s));
        Expr langevinZ = Product.Of(s, sigma, Power.Of(Product.Of(new Num(2), Beta, elapsed), Expr.Half));

        // §7.9: X = 1 - eps/(s sigma)^2, D = eps/(s sigma^2), Z = sqrt(2 eps).
        Expr correctorD = Together(Product.Of(StepSize, Power.Of(s, Expr.MinusOne), Power.Of(sigma, new Num(-2))));
        Expr correctorX = Together(Sum.Of(Expr.One, Product.Of(Expr.MinusOne, correctorD, Power.Of(s, Expr.MinusOne))));
        Expr correctorZ = Power.Of(Product.Of(new Num(2), StepSize), Expr.Half);

        return new StepCoefficientForms(
            eulerX, eulerD, heunX, heunD, heunXPredicted, heunDPredicted,
            reverseX, reverseD, reverseZ, langevinX, langevinD, langevinZ, correctorX, correctorD, correctorZ);
    }

    /// <summary>
    /// <paramref name="plain"/> brought together by <see cref="Rational"/> when that creates no new cancellation: every
    /// sum in the result that was not already in <paramref name="plain"/> must have terms of one sign (read from their
    /// coefficients), so EDM's 1 + (t_next - t)/t becomes t_next/t and VE's t_next/(2 t) + 1/2, while rectified
    /// flow's reverse-SDE 1 + h (2 - t)/(t (1 - t)) is kept: together its numerator 2 t_next - t t_next - t cancels as t -> 1.
    /// </summary>
    private static Expr Together(Expr plain)
    {
        Expr candidate = Rational.Simplify(plain);
        var existing = new HashSet<Expr>();
        Collect(plain, existing);
        return NewSumsAreOneSigned(candidate, existing) ? candidate : plain;

        static void Collect(Expr e, HashSet<Expr> sums)
        {
            if (e is Sum)
            {
                sums.Add(e);
            }

            foreach (Expr child in e.Children)
            {
                Collect(child, sums);
            }
        }
    }

    private static bool NewSumsAreOneSigned(Expr e, HashSet<Expr> existing)
    {
        if (e is Sum sum && !existing.Contains(e))
        {
            bool anyNegative = sum.Terms.Any(term => Product.SplitCoefficient(term).Coefficient < 0);
            bool anyPositive = sum.Terms.Any(term => Product.SplitCoefficient(term).Coefficient > 0);
            if (anyNegative && anyPositive)
            {
                return false;
            }
        }

        return e.Children.All(child => NewSumsAreOneSigned(child, existing));
    }

    /// <summary>
    /// a and b at t_next: the closed forms with t replaced, or, when they contain an integral left to quadrature
    /// (whose upper limit cannot be substituted), calls of the schedule's own generated members at t_next.
    /// </summary>
    private static (Expr A, Expr B) AtNextTime(DerivedSchedule d)
    {
        if (ScheduleDeriver.NeedsQuadrature(d.OdeStateCoefficient) || ScheduleDeriver.NeedsQuadrature(d.OdeDenoiserCoefficient))
        {
            return (
                new Named("a(tNext)", "OdeStateCoefficient(tNext)", null, IsTypeMember: false),
                new Named("b(tNext)", "OdeDenoiserCoefficient(tNext)", null, IsTypeMember: false));
        }

        return (
            Rewriter.Substitute(d.OdeStateCoefficient, Var.T, TNext),
            Rewriter.Substitute(d.OdeDenoiserCoefficient, Var.T, TNext));
    }
}
