using System.Collections.Generic;
using System.Linq;
using SdeDsl.Generators.Collections;

namespace SdeDsl.Generators.Symbolic;

/// <summary>
/// A canonical n-ary sum: at least two terms, nested sums flattened, like terms combined
/// (2 x + 3 x = 5 x), numbers folded into one constant that comes last, the rest in
/// <see cref="ExprOrder"/> with higher powers of t first. Products are never expanded, so no rewrite
/// introduces cancellation that the declared expression did not have.
/// </summary>
internal sealed record Sum : Expr
{
    private Sum(EquatableArray<Expr> terms) => Terms = terms;

    public EquatableArray<Expr> Terms { get; }

    public override IReadOnlyList<Expr> Children => Terms;

    public static Expr Of(params Expr[] terms) => Of((IEnumerable<Expr>)terms);

    public static Expr Of(IEnumerable<Expr> terms)
    {
        double constant = 0;
        var coefficients = new List<(Expr Remainder, double Coefficient)>();
        var index = new Dictionary<Expr, int>();
        foreach (Expr term in Operands.Flatten<Sum>(terms, n => n.Terms))
        {
            if (term is Num number)
            {
                constant += number.Value;
                continue;
            }

            (double coefficient, Expr rest) = Product.SplitCoefficient(term);
            if (index.TryGetValue(rest, out int at))
            {
                coefficients[at] = (rest, coefficients[at].Coefficient + coefficient);
            }
            else
            {
                index.Add(rest, coefficients.Count);
                coefficients.Add((rest, coefficient));
            }
        }

        List<Expr> result = coefficients
            .Where(c => c.Coefficient != 0 || !Facts.IsFinite(c.Remainder)) // x - x = 0 only for finite x (docs/math.md §10.11)
            .Select(c => Product.Of(new Num(c.Coefficient), c.Remainder))
            .Where(e => !(e is Num n && n.Value == 0))
            .OrderByDescending(Degree)
            .ThenBy(e => Product.SplitCoefficient(e).Remainder, ExprOrder.Instance)
            .ToList();

        // Terms that folded to numbers join the constant.
        for (int i = result.Count - 1; i >= 0; i--)
        {
            if (result[i] is Num folded)
            {
                constant += folded.Value;
                result.RemoveAt(i);
            }
        }

        if (constant != 0 || double.IsNaN(constant))
        {
            result.Add(new Num(constant + 0.0));
        }

        return result.Count switch
        {
            0 => Zero,
            1 => result[0],
            _ => new Sum(result.ToEquatableArray()),
        };
    }

    /// <summary>The degree in t used to order terms (non-polynomial terms count as highest).</summary>
    private static int Degree(Expr e) => e switch
    {
        Var => 1,
        Power { Base: Var, Exponent: Num { IsInteger: true } n } => (int)n.Value,
        Product p => p.Factors.Sum(Degree),
        Num or Named => 0,
        _ => 0,
    };
}
