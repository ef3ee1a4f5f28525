using System;
using System.Collections.Generic;
using System.Linq;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// Closed-form integration of what real schedules use: constants, polynomials, sums, constant multiples,
/// and the substitution pattern c u'(t) F'(u(t)) for F' in {exp, u^n, 1/u, sin, cos, sinh, cosh}
/// (which covers exp of a polynomial times its derivative, 1/(a + b t), (a + b t)^n and exp(a + b t)).
/// Quotients of polynomials with numeric coefficients go by partial fractions (docs/math.md §10.13).
/// Where no rule applies the caller falls back to numerical quadrature (<see cref="Integral"/>).
/// </summary>
internal static class Integrator
{
    /// <summary>
    /// integral_0^t e(u) du in closed form, or null when no rule applies or it diverges at 0. <paramref name="accuracy"/>
    /// says which digits the value must keep (a partial-fraction form whose terms cancel more is refused, docs/math.md §10.13).
    /// </summary>
    public static Expr? Definite(Expr e, Var x, IntegralAccuracy accuracy = IntegralAccuracy.Relative)
    {
        Expr? antiderivative = Antiderivative(e, x, accuracy);
        if (antiderivative is null)
        {
            return null;
        }

        Expr atZero = Rewriter.Substitute(antiderivative, x, Expr.Zero);
        if (Evaluator.Evaluate(atZero, x, 0) is double value && (double.IsNaN(value) || double.IsInfinity(value)))
        {
            return null;
        }

        return Rational.Simplify(antiderivative - atZero);
    }

    /// <summary>Some F with F' = e, or null.</summary>
    public static Expr? Antiderivative(Expr e, Var x) => Antiderivative(e, x, IntegralAccuracy.Relative);

    private static Expr? Antiderivative(Expr e, Var x, IntegralAccuracy accuracy)
    {
        if (!Differentiator.DependsOn(e, x))
        {
            return Product.Of(e, x);
        }

        // A quotient of polynomials with numeric coefficients (times constants): partial fractions first, whose
        // forms are 0 at t = 0 and do not cancel there (log1p rather than log(1 + t) - log 1; docs/math.md §10.13).
        if (RationalFunction(e, x, accuracy) is Expr fractions)
        {
            return fractions;
        }

        switch (e)
        {
            case Var:
                return Product.Of(Expr.Half, Power.Of(x, new Num(2)));
            case Sum s:
            {
                var parts = new List<Expr>();
                foreach (Expr term in s.Terms)
                {
                    Expr? part = Antiderivative(term, x, accuracy);
                    if (part is null)
                    {
                        return null;
                    }

                    parts.Add(part);
                }

                return Sum.Of(parts);
            }

            case Product p:
            {
                var constant = p.Factors.Where(f => !Differentiator.DependsOn(f, x)).ToList();
                var dependent = p.Factors.Where(f => Differentiator.DependsOn(f, x)).ToList();
                Expr? rest = Substitution(dependent, x) ?? ExpandedSum(dependent, x, accuracy) ?? PiecewiseFactor(dependent, x, accuracy)
                    ?? (dependent.Count == 1 ? QuadraticReciprocal(dependent[0], x) ?? SquaredSineOrCosine(dependent[0], x) : null);
                return rest is null ? null : Product.Of(constant.Append(rest));
            }

            case Piecewise w:
                return PiecewiseAntiderivative(w, x, accuracy);

            default:
                return Substitution(new List<Expr> { e }, x) ?? QuadraticReciprocal(e, x) ?? SquaredSineOrCosine(e, x);
        }
    }

    /// <summary>
    /// Whether integral_0^t e diverges at 0 (f = -1/t: the antiderivative log t is -inf there): true when a closed
    /// form exists and is infinite or NaN at 0, false when it is finite there, null when there is no closed form
    /// (the quadrature's integrand then decides; docs/math.md §10.13).
    /// </summary>
    public static bool? DivergesAtZero(Expr e, Var x)
    {
        Expr? antiderivative = Antiderivative(e, x);
        if (antiderivative is null)
        {
            return null;
        }

        double? atZero = Evaluator.Evaluate(Rewriter.Substitute(antiderivative, x, Expr.Zero), x, 0);
        return atZero is double value ? double.IsNaN(value) || double.IsInfinity(value) : null;
    }

    /// <summary>
    /// c P(t)/Q(t), c free of t (hyper-parameters allowed) and P, Q with numeric coefficients, by partial fractions
    /// (<see cref="PartialFractions"/>, docs/math.md §10.13).
    /// </summary>
    private static Expr? RationalFunction(Expr e, Var x, IntegralAccuracy accuracy)
    {
        if (e is not Product p)
        {
            return PartialFractions.Antiderivative(e, x, accuracy);
        }

        var constant = p.Factors.Where(f => !Differentiator.DependsOn(f, x)).ToList();
        Expr? rest = PartialFractions.Antiderivative(Product.Of(p.Factors.Where(f => Differentiator.DependsOn(f, x))), x, accuracy);
        return rest is null ? null : Product.Of(constant.Append(rest));
    }

    /// <summary>
    /// 1/(a + b t^2) (docs/math.md §10.13): with k = sqrt(b/a), atan(k t)/(a k) for b/a &gt; 0; with k = sqrt(-b/a),
    /// atanh(k t)/(a k) for b/a &lt; 0 (the integrand's poles at t = +-1/k lie outside where it is integrable from 0).
    /// The sign of b/a must be known at generation time.
    /// </summary>
    private static Expr? QuadraticReciprocal(Expr e, Var x)
    {
        if (e is not Power { Exponent: Num { Value: -1 } } reciprocal
            || Polynomial.Coefficients(reciprocal.Base, x) is not { Count: 3 } c
            || c[1] is not Num { Value: 0 }
            || Evaluator.Evaluate(c[0], x, 0) is not double a || Evaluator.Evaluate(c[2], x, 0) is not double b
            || a == 0 || b == 0 || double.IsNaN(b / a))
        {
            return null;
        }

        bool positive = b / a > 0;
        Expr k = Power.Of(positive ? c[2] / c[0] : -c[2] / c[0], Expr.Half);
        return Call.Of(positive ? Function.Atan : Function.Atanh, k * x) / (c[0] * k);
    }

    /// <summary>
    /// sin^2 u and cos^2 u for u = k t + m linear (docs/math.md §10.13), by power reduction sin^2 u = (1 - cos 2u)/2 and
    /// cos^2 u = (1 + cos 2u)/2: t/2 -+ sin(2u)/(4k).
    /// </summary>
    private static Expr? SquaredSineOrCosine(Expr e, Var x)
    {
        if (e is not Power { Base: Call { Function: Function.Sin or Function.Cos } call, Exponent: Num { Value: 2 } }
            || Polynomial.Coefficients(call.Argument, x) is not { Count: 2 } line
            || line[1] is Num { Value: 0 })
        {
            return null;
        }

        Expr sinTwice = Call.Of(Function.Sin, new Num(2) * call.Argument) / (new Num(4) * line[1]);
        return call.Function == Function.Sin ? Expr.Half * x - sinTwice : Expr.Half * x + sinTwice;
    }

    /// <summary>
    /// Tries each factor as F'(u) and checks that the remaining factors are a constant multiple of u':
    /// then the integral is that constant times F(u).
    /// </summary>
    private static Expr? Substitution(List<Expr> factors, Var x)
    {
        for (int i = 0; i < factors.Count; i++)
        {
            if (Outer(factors[i], x) is not (Expr u, Func<Expr, Expr> antiderivative))
            {
                continue;
            }

            Expr rest = Product.Of(factors.Where((_, j) => j != i));
            Expr? ratio = ConstantRatio(rest, Differentiator.Derivative(u, x), x);
            if (ratio is not null)
            {
                return Product.Of(ratio, antiderivative(u));
            }
        }

        return null;
    }

    /// <summary>
    /// A product with sum factors: integral of a (b + c) = integral of (a b + a c), trying each sum in
    /// turn (which one to expand decides whether the u' F'(u) pattern appears) and expanding one level only.
    /// </summary>
    private static Expr? ExpandedSum(List<Expr> factors, Var x, IntegralAccuracy accuracy)
    {
        for (int at = 0; at < factors.Count; at++)
        {
            if (factors[at] is not Sum sum)
            {
                continue;
            }

            var others = factors.Where((_, j) => j != at).ToList();
            var parts = new List<Expr>();
            foreach (Expr term in sum.Terms)
            {
                Expr product = Product.Of(others.Append(term));
                var dependent = product is Product p ? p.Factors.Where(f => Differentiator.DependsOn(f, x)).ToList() : new List<Expr> { product };
                Expr? part = !Differentiator.DependsOn(product, x)
                    ? Product.Of(product, x)
                    : Substitution(dependent, x) is Expr found
                        ? Product.Of((product is Product q ? q.Factors.Where(f => !Differentiator.DependsOn(f, x)) : Enumerable.Empty<Expr>()).Append(found))
                        : product is Product ? null : Antiderivative(product, x, accuracy);
                if (part is null)
                {
                    parts = null;
                    break;
                }

                parts.Add(part);
            }

            if (parts is not null)
            {
                return Sum.Of(parts);
            }
        }

        return null;
    }

    /// <summary>
    /// A product with one piecewise factor: (c ? a : b) h = c ? a h : b h, integrated piecewise (docs/math.md §18).
    /// </summary>
    private static Expr? PiecewiseFactor(List<Expr> factors, Var x, IntegralAccuracy accuracy)
    {
        int at = factors.FindIndex(f => f is Piecewise);
        if (at < 0 || factors.Count(f => f is Piecewise) != 1)
        {
            return null;
        }

        var w = (Piecewise)factors[at];
        var others = factors.Where((_, j) => j != at).ToList();
        return w.WithPieces(Product.Of(others.Append(w.WhenTrue)), Product.Of(others.Append(w.WhenFalse))) is Piecewise pushed
            ? PiecewiseAntiderivative(pushed, x, accuracy)
            : null;
    }

    /// <summary>
    /// A continuous antiderivative of c(t) ? a(t) : b(t) when the condition switches at one point t*: the condition is
    /// linear in t (left - right = c0 + c1 t, c1 != 0, so t* = -c0/c1 at any values of the constants). With A' = a and
    /// B' = b, F = c ? A : B + A(t*) - B(t*) is continuous at t* and F' is the piecewise integrand (docs/math.md §18).
    /// </summary>
    private static Expr? PiecewiseAntiderivative(Piecewise w, Var x, IntegralAccuracy accuracy)
    {
        IReadOnlyList<Expr>? line = Polynomial.Coefficients(w.Left - w.Right, x);
        if (line is null || line.Count != 2 || line[1] is Num { Value: 0 })
        {
            return null;
        }

        Expr? a = Antiderivative(w.WhenTrue, x, accuracy), b = Antiderivative(w.WhenFalse, x, accuracy);
        if (a is null || b is null)
        {
            return null;
        }

        Expr switchPoint = -line[0] / line[1];
        Expr offset = Rewriter.Substitute(a, x, switchPoint) - Rewriter.Substitute(b, x, switchPoint);
        return w.WithPieces(a, b + offset);
    }

    /// <summary>For F'(u) of a known form, u and F.</summary>
    private static (Expr U, Func<Expr, Expr> F)? Outer(Expr factor, Var x)
    {
        switch (factor)
        {
            case Call c when Functions.Info(c.Function).Antiderivative is { } antiderivative:
                return (c.Argument, antiderivative);
            case Power { Exponent: Num { Value: -1 } } pw:
                return (pw.Base, u => Call.Of(Function.Log, u));
            case Power pw when !Differentiator.DependsOn(pw.Exponent, x):
                return (pw.Base, u => Product.Of(Power.Of(u, Sum.Of(pw.Exponent, Expr.One)), Power.Of(Sum.Of(pw.Exponent, Expr.One), Expr.MinusOne)));
            case Var or Sum:
                return (factor, u => Product.Of(Expr.Half, Power.Of(u, new Num(2))));
            default:
                return null;
        }
    }

    /// <summary>k with a = k b and k free of x, or null. Sums are compared up to a common numeric factor.</summary>
    private static Expr? ConstantRatio(Expr a, Expr b, Var x)
    {
        if (b is Num { Value: 0 })
        {
            return null;
        }

        Expr ratio = Product.Of(a, Power.Of(b, Expr.MinusOne));
        if (!Differentiator.DependsOn(ratio, x))
        {
            return ratio;
        }

        if (a is Sum sa && b is Sum sb && sa.Terms.Count == sb.Terms.Count)
        {
            double k = Product.SplitCoefficient(sa.Terms[0]).Coefficient / Product.SplitCoefficient(sb.Terms[0]).Coefficient;
            if (Product.Of(new Num(k), b) == a)
            {
                return new Num(k);
            }
        }

        return null;
    }
}
