using System;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// Evaluates an expression in double precision at one value of its variable, the way the emitted C#
/// does. Returns null when a named constant has no compile-time value (a <c>static readonly</c> member).
/// </summary>
internal static class Evaluator
{
    public static double? Evaluate(Expr e, Var x, double at)
    {
        switch (e)
        {
            case Num n:
                return n.Value;
            case Named n:
                return n.Value;
            case Var v:
                return v == x ? at : null;
            case Sum s:
            {
                double total = 0;
                foreach (Expr term in s.Terms)
                {
                    double? value = Evaluate(term, x, at);
                    if (value is null)
                    {
                        return null;
                    }

                    total += value.Value;
                }

                return total;
            }

            case Product p:
            {
                double total = 1;
                foreach (Expr factor in p.Factors)
                {
                    double? value = Evaluate(factor, x, at);
                    if (value is null)
                    {
                        return null;
                    }

                    total *= value.Value;
                }

                return total;
            }

            case Power pw:
            {
                double? b = Evaluate(pw.Base, x, at), exponent = Evaluate(pw.Exponent, x, at);
                if (b is null || exponent is null)
                {
                    return null;
                }

                return Powers.Evaluate(b.Value, exponent.Value);
            }

            case Integral integral when x == Var.T:
            {
                if (Evaluate(integral.Integrand, Var.T, 0.5 * at) is null)
                {
                    return null;
                }

                // Segment by segment between the breakpoints below t, as the emitted code (docs/math.md §18.4).
                var integrand = new ExpressionIntegrand(integral.Integrand);
                double value = 0, from = 0;
                foreach (double breakpoint in integral.Breakpoints)
                {
                    if (!(at > breakpoint))
                    {
                        break;
                    }

                    value += SdeDsl.Generated.Quadrature.Integrate(integrand, from, breakpoint);
                    from = breakpoint;
                }

                value += SdeDsl.Generated.Quadrature.Integrate(integrand, from, at);
                return budget is { Left: <= 0 } ? null : value; // out of budget: unknown at build time, like a static readonly
            }

            case Piecewise w:
            {
                double? left = Evaluate(w.Left, x, at), right = Evaluate(w.Right, x, at);
                if (left is null || right is null)
                {
                    return null;
                }

                return Evaluate(Piecewise.Holds(w.Comparison, left.Value, right.Value) ? w.WhenTrue : w.WhenFalse, x, at);
            }

            case Call c:
            {
                double? argument = Evaluate(c.Argument, x, at);
                return argument is null ? null : Functions.Apply(c.Function, argument.Value);
            }

            default:
                return null;
        }
    }

    [ThreadStatic]
    private static QuadratureBudget? budget;

    /// <summary>
    /// Bounds the integrand evaluations of every build-time quadrature until disposed. Integrals nest (sigma^2
    /// integrates 1/s^2, s = exp of an integral), so their costs multiply: with an integrand the adaptive rule
    /// cannot resolve (cbrt(0.1 - t) has a vertical tangent in the range) one evaluation of sigma needed 4000^2
    /// panels and the generator hung. Past the budget, integrals evaluate as unknown (null).
    /// </summary>
    public static IDisposable LimitQuadrature(long evaluations) => new QuadratureBudget(evaluations);

    private sealed class QuadratureBudget : IDisposable
    {
        private readonly QuadratureBudget? outer;

        public QuadratureBudget(long evaluations)
        {
            Left = evaluations;
            outer = budget;
            budget = this;
        }

        public long Left { get; set; }

        public void Dispose() => budget = outer;
    }

    /// <summary>An expression in t as a quadrature integrand (its constants are known: checked before use).</summary>
    private sealed class ExpressionIntegrand : SdeDsl.Generated.IIntegrand
    {
        private readonly Expr integrand;

        public ExpressionIntegrand(Expr integrand) => this.integrand = integrand;

        public double Evaluate(double t)
        {
            if (budget is { } limit && --limit.Left < 0)
            {
                return double.NaN; // stops the quadrature at once (a NaN error estimate ends refinement)
            }

            return Evaluator.Evaluate(integrand, Var.T, t) ?? double.NaN;
        }
    }

    /// <summary>The number of nodes, the engine's measure of how large a result has grown.</summary>
    public static int Size(Expr e)
    {
        int size = 1;
        foreach (Expr child in e.Children)
        {
            size += Size(child);
        }

        return size;
    }
}
