using System.Collections.Generic;
using System.Linq;
using SdeDsl.Generators.Collections;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// A canonical n-ary product: nested products flattened, numbers folded into one leading coefficient,
/// powers of the same base combined (x * x^-1 = 1, t^0.5 t^0.5 = t), exponentials merged
/// (exp a exp b = exp(a + b)), the rest in <see cref="ExprOrder"/>. Quotients are products with
/// negative exponents.
/// </summary>
internal sealed record Product : Expr
{
    private Product(EquatableArray<Expr> factors) => Factors = factors;

    public EquatableArray<Expr> Factors { get; }

    public override IReadOnlyList<Expr> Children => Factors;

    public static Expr Of(params Expr[] factors) => Of((IEnumerable<Expr>)factors);

    public static Expr Of(IEnumerable<Expr> factors)
    {
        double coefficient = 1;
        var groups = new List<(Expr Base, List<Expr> Exponents)>();
        var index = new Dictionary<Expr, int>();
        var exponentials = new List<Expr>();
        foreach (Expr factor in Operands.Flatten<Product>(factors, n => n.Factors))
        {
            switch (factor)
            {
                case Num number:
                    coefficient *= number.Value;
                    break;
                case Call { Function: Function.Exp } exp:
                    exponentials.Add(exp.Argument);
                    break;
                default:
                    (Expr b, Expr e) = factor is Power p ? (p.Base, p.Exponent) : (factor, One);
                    if (index.TryGetValue(b, out int at))
                    {
                        groups[at].Exponents.Add(e);
                    }
                    else
                    {
                        index.Add(b, groups.Count);
                        groups.Add((b, new List<Expr> { e }));
                    }

                    break;
            }
        }

        if (coefficient == 0)
        {
            return ZeroTimes(groups.SelectMany(g => g.Exponents.Select(e => Power.Of(g.Base, e))).Concat(exponentials.Select(u => Call.Of(Function.Exp, u))));
        }

        var result = new List<Expr>();
        bool needsAnotherPass = false;
        foreach ((Expr b, List<Expr> exponents) in groups)
        {
            if (exponents.Count > 1 && !MayCombine(b, exponents))
            {
                result.AddRange(exponents.Select(e => Power.Of(b, e))); // x * (1 / x) stays: NaN at x = 0 or infinite
                continue;
            }

            Expr combined = exponents.Count == 1 ? Power.Of(b, exponents[0]) : Power.Of(b, Sum.Of(exponents));
            needsAnotherPass |= combined is Product or Num or Call { Function: Function.Exp };
            result.Add(combined);
        }

        if (exponentials.Count > 1 && !exponentials.All(u => Facts.IsWithin(u, new Interval(double.NegativeInfinity, ExpOverflow))))
        {
            // exp(a) exp(b) = exp(a + b) only while both are finite (exp(800) exp(-800) is inf * 0 = NaN).
            result.AddRange(exponentials.Select(u => Call.Of(Function.Exp, u)));
        }
        else if (exponentials.Count > 0)
        {
            result.Add(Call.Of(Function.Exp, Sum.Of(exponentials)));
        }

        if (needsAnotherPass)
        {
            // A combined power distributed over a product or folded to a number: canonicalise again.
            result.Add(new Num(coefficient));
            return Of(result);
        }

        for (int i = result.Count - 1; i >= 0; i--)
        {
            if (result[i] is Num folded)
            {
                coefficient *= folded.Value;
                result.RemoveAt(i);
            }
        }

        if (coefficient == 0)
        {
            return ZeroTimes(result);
        }

        if (result.Count == 1 && result[0] is Sum sum && coefficient != 1 && !double.IsInfinity(coefficient))
        {
            // A number times a sum distributes, so c (a + b) and c a + c b have one canonical form
            // (and u - (u) cancels); products of symbolic factors are never expanded.
            return Sum.Of(sum.Terms.Select(term => Of(new Num(coefficient), term)));
        }

        result.Sort(ExprOrder.Instance);
        if (coefficient != 1 || result.Count == 0)
        {
            result.Insert(0, new Num(coefficient + 0.0));
        }

        return result.Count == 1 ? result[0] : new Product(result.ToEquatableArray());
    }

    /// <summary>The last argument whose exp is finite, rounded down (exp(709.782712893384) is 1.797e308).</summary>
    private const double ExpOverflow = 709.78;

    /// <summary>
    /// 0 times the factors: 0 when every factor is provably finite on the range, else the product kept as
    /// 0 * (factors), which IEEE evaluation makes NaN where a factor is infinite or NaN (docs/math.md §10.11).
    /// </summary>
    private static Expr ZeroTimes(IEnumerable<Expr> factors)
    {
        var kept = factors.ToList();
        if (kept.All(Facts.IsFinite))
        {
            return Zero;
        }

        Expr rest = Of(kept);
        (double c, Expr remainder) = SplitCoefficient(rest);
        var zeroFactors = new List<Expr> { Zero };
        if (!double.IsInfinity(c))
        {
            zeroFactors.AddRange(remainder is Product p ? p.Factors : new[] { remainder });
        }
        else
        {
            zeroFactors.AddRange(rest is Product q ? q.Factors : new[] { rest });
        }

        return new Product(zeroFactors.ToEquatableArray());
    }

    /// <summary>
    /// Whether x^a x^b ... may become x^(a + b + ...) without changing a NaN or infinity of the product
    /// (docs/math.md §10.11). Exponents of one sign combine (x^-1 x^-2 = x^-3 also at 0 and infinity) unless fractional
    /// ones sum to an integer where x may be negative (sqrt(x) sqrt(x) is NaN there, x is not); exponents of both
    /// signs (x / x, x^2 / x) only where x is finite and non-zero (positive for fractional ones); symbolic exponents
    /// where x is finite and positive.
    /// </summary>
    private static bool MayCombine(Expr b, List<Expr> exponents)
    {
        if (!exponents.All(e => e is Num))
        {
            return Facts.IsFinitePositive(b) && exponents.All(Facts.IsFinite);
        }

        var values = exponents.Select(e => ((Num)e).Value).ToList();
        bool integers = values.All(v => v == System.Math.Floor(v));
        if (values.All(v => v >= 0) || values.All(v => v <= 0))
        {
            double total = values.Sum();
            return integers || total != System.Math.Floor(total) || Facts.IsNonNegativeOrNaN(b);
        }

        return integers ? Facts.IsFiniteNonZero(b) : Facts.IsFinitePositive(b);
    }

    /// <summary>Splits a term into its numeric coefficient and the rest (the rest is 1 for a number).</summary>
    public static (double Coefficient, Expr Remainder) SplitCoefficient(Expr term)
    {
        if (term is Num number)
        {
            return (number.Value, One);
        }

        if (term is Product { Factors: var factors } && factors[0] is Num coefficient)
        {
            Expr rest = factors.Count == 2 ? factors[1] : new Product(factors.Skip(1).ToEquatableArray());
            return (coefficient.Value, rest);
        }

        return (1, term);
    }
}
