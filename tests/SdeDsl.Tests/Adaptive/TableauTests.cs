using System;
using System.Linq;
using SdeDsl.Samplers.Adaptive;
using Shouldly;
using Xunit;

namespace SdeDsl.Tests.Adaptive;

/// <summary>
/// The tableaux of docs/math.md §16.1 satisfy the order conditions of their orders (Butcher's rooted trees up to
/// order 5 for Dormand-Prince, 3 for Bogacki-Shampine) for the propagated weights b and those of one order less for
/// the embedded b_hat = b - e; the rows of A sum to c, and the last row is b (first same as last). The coefficients
/// are rationals with small denominators, so the conditions hold to a few ulps: tolerance 1e-14.
/// </summary>
public sealed class TableauTests
{
    private const double Tolerance = 1e-14;

    public static TheoryData<string> Methods => new() { "DormandPrince54", "BogackiShampine32" };

    private static EmbeddedTableau Of(string method) => EmbeddedTableau.Of(Enum.Parse<EmbeddedRungeKuttaMethod>(method));

    [Theory]
    [MemberData(nameof(Methods))]
    public void Rows_sum_to_the_nodes_and_the_last_row_is_the_solution(string method)
    {
        EmbeddedTableau tableau = Of(method);
        for (int i = 0; i < tableau.Stages; i++)
        {
            tableau.A[i].Sum().ShouldBe(tableau.C[i], Tolerance);
        }

        tableau.A[^1].Concat([0.0]).ToArray().ShouldBe(tableau.B, Tolerance);
        tableau.C[^1].ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void The_weights_have_their_orders(string method)
    {
        EmbeddedTableau tableau = Of(method);
        double[] bHat = tableau.B.Zip(tableau.Error, (b, e) => b - e).ToArray();
        OrderConditionsHold(tableau, tableau.B, tableau.Order).ShouldBeTrue();
        OrderConditionsHold(tableau, bHat, tableau.Order - 1).ShouldBeTrue();
        // And not one more: the embedded solution really is of lower order, so the difference estimates the error.
        OrderConditionsHold(tableau, bHat, tableau.Order).ShouldBeFalse();
    }

    /// <summary>The conditions of every rooted tree up to order 5 (Hairer, Norsett, Wanner I, Table II.2.2).</summary>
    private static bool OrderConditionsHold(EmbeddedTableau t, double[] b, int order)
    {
        int s = t.Stages;
        double[] c = t.C;
        double A(int i, int j) => j < t.A[i].Length ? t.A[i][j] : 0;
        double[] Ac(Func<int, double> f) => Enumerable.Range(0, s).Select(i => Enumerable.Range(0, s).Sum(j => A(i, j) * f(j))).ToArray();
        double Sum(Func<int, double> f) => Enumerable.Range(0, s).Sum(i => b[i] * f(i));
        double[] ac = Ac(j => c[j]), ac2 = Ac(j => c[j] * c[j]);
        double[] aac = Ac(j => ac[j]);
        var conditions = new (int Order, double Value, double Expected)[]
        {
            (1, Sum(_ => 1), 1),
            (2, Sum(i => c[i]), 1.0 / 2),
            (3, Sum(i => c[i] * c[i]), 1.0 / 3),
            (3, Sum(i => ac[i]), 1.0 / 6),
            (4, Sum(i => c[i] * c[i] * c[i]), 1.0 / 4),
            (4, Sum(i => c[i] * ac[i]), 1.0 / 8),
            (4, Sum(i => ac2[i]), 1.0 / 12),
            (4, Sum(i => aac[i]), 1.0 / 24),
            (5, Sum(i => Math.Pow(c[i], 4)), 1.0 / 5),
            (5, Sum(i => c[i] * c[i] * ac[i]), 1.0 / 10),
            (5, Sum(i => ac[i] * ac[i]), 1.0 / 20),
            (5, Sum(i => c[i] * ac2[i]), 1.0 / 15),
            (5, Sum(i => Ac(j => c[j] * c[j] * c[j])[i]), 1.0 / 20),
            (5, Sum(i => c[i] * aac[i]), 1.0 / 30),
            (5, Sum(i => Ac(j => c[j] * ac[j])[i]), 1.0 / 40),
            (5, Sum(i => Ac(j => ac2[j])[i]), 1.0 / 60),
            (5, Sum(i => Ac(j => aac[j])[i]), 1.0 / 120),
        };

        return conditions.Where(k => k.Order <= order).All(k => Math.Abs(k.Value - k.Expected) <= Tolerance);
    }
}
