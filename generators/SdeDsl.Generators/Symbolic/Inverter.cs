using System;
using System.Collections.Generic;
using System.Linq;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// Solves f(x) = y for x symbolically when f is a chain of invertible functions (sums and products with
/// x-free terms, powers, elementary functions) of a polynomial of degree at most two in x. Returns every
/// candidate branch (both roots of a quadratic, both signs of an even root); the caller keeps the one
/// that actually inverts f on the schedule's range. Quadratic roots use the cancellation-free form
/// q = -(b + sign(b) sqrt(b^2 - 4 a c)) / 2, roots q / a and c / q.
/// </summary>
internal static class Inverter
{
    public static IReadOnlyList<Expr> Solve(Expr f, Var x, Expr y)
    {
        if (f == x)
        {
            return new[] { y };
        }

        if (!Differentiator.DependsOn(f, x))
        {
            return new Expr[0];
        }

        switch (f)
        {
            case Sum s:
            {
                var dependent = s.Terms.Where(term => Differentiator.DependsOn(term, x)).ToList();
                if (dependent.Count == 1)
                {
                    Expr rest = Sum.Of(s.Terms.Where(term => !Differentiator.DependsOn(term, x)));
                    return Solve(dependent[0], x, y - rest);
                }

                return SolvePolynomial(f, x, y);
            }

            case Product p:
            {
                var dependent = p.Factors.Where(factor => Differentiator.DependsOn(factor, x)).ToList();
                if (dependent.Count == 1)
                {
                    Expr rest = Product.Of(p.Factors.Where(factor => !Differentiator.DependsOn(factor, x)));
                    return Solve(dependent[0], x, y / rest);
                }

                return SolvePolynomial(f, x, y);
            }

            case Power pw when !Differentiator.DependsOn(pw.Exponent, x):
            {
                Expr root = Power.Of(y, Power.Of(pw.Exponent, Expr.MinusOne));
                var roots = new List<Expr> { root };
                if (pw.Exponent is Num { IsInteger: true } n && n.Value % 2 == 0)
                {
                    roots.Add(-root);
                }

                IReadOnlyList<Expr> polynomialRoots = SolvePolynomial(f, x, y);
                return roots.SelectMany(r => Solve(pw.Base, x, r)).Concat(polynomialRoots).Distinct().ToList();
            }

            case Power pw when !Differentiator.DependsOn(pw.Base, x):
                // b^e = y  =>  e = log(y) / log(b)
                return Solve(pw.Exponent, x, Call.Of(Function.Log, y) / Call.Of(Function.Log, pw.Base));

            case Call c:
            {
                Expr? inverse = Functions.Inverse(c.Function, y);
                return inverse is null ? new Expr[0] : Solve(c.Argument, x, inverse);
            }

            default:
                return new Expr[0];
        }
    }

    /// <summary>f(x) = y for f a polynomial of degree at most two, or a quotient of two such polynomials.</summary>
    private static IReadOnlyList<Expr> SolvePolynomial(Expr f, Var x, Expr y)
    {
        // Split f into numerator N and denominator D (the factors with negative integer powers), then
        // solve N - y D = 0, a polynomial equation in x when N and D are polynomials.
        var factors = f is Product p ? p.Factors.ToList() : new List<Expr> { f };
        Expr numerator = Product.Of(factors.Where(factor => !IsDivisor(factor)));
        Expr denominator = Product.Of(factors.Where(IsDivisor).Select(factor => Power.Of(((Power)factor).Base, -((Power)factor).Exponent)));
        IReadOnlyList<Expr>? n = Polynomial.Coefficients(numerator, x), d = Polynomial.Coefficients(denominator, x);
        if (n is null || d is null)
        {
            return new Expr[0];
        }

        var equation = Enumerable.Range(0, Math.Max(n.Count, d.Count))
            .Select(i => (i < n.Count ? n[i] : Expr.Zero) - y * (i < d.Count ? d[i] : Expr.Zero))
            .ToList();
        while (equation.Count > 1 && equation[equation.Count - 1] is Num { Value: 0 })
        {
            equation.RemoveAt(equation.Count - 1);
        }

        return SolveZero(equation, x);
    }

    private static bool IsDivisor(Expr factor) => factor is Power { Exponent: Num { IsInteger: true, Value: < 0 } };

    /// <summary>The roots of c0 + c1 x + c2 x^2 = 0 (degree one or two).</summary>
    private static IReadOnlyList<Expr> SolveZero(IReadOnlyList<Expr> c, Var x)
    {
        if (c.Count == 2)
        {
            return new[] { -c[0] / c[1] };
        }

        if (c.Count != 3)
        {
            return new Expr[0];
        }

        Expr a = c[2], b = c[1], constant = c[0];
        double? bValue = Evaluator.Evaluate(b, x, 0);
        if (bValue is null)
        {
            return new Expr[0]; // the stable root formula needs the sign of b at generation time
        }

        if (bValue.Value == 0)
        {
            Expr root = Power.Of(-constant / a, Expr.Half);
            return new[] { root, -root };
        }

        Expr sign = new Num(bValue.Value > 0 ? 1 : -1);
        Expr discriminant = Power.Of(b, new Num(2)) - new Num(4) * a * constant;
        Expr q = new Num(-0.5) * (b + sign * Power.Of(discriminant, Expr.Half));
        return new[] { constant / q, q / a };
    }
}
