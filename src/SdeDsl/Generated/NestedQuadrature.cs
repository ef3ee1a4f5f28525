using System;
using System.ComponentModel;

namespace SdeDsl.Generated;

/// <summary>
/// <para>A nested pair of integrals in one adaptive pass (docs/math.md §10.17): Y(t) = integral_0^t f and
/// Z(t) = integral_0^t h(u, Y(u)) du, as for a schedule declared by its SDE with no closed form for log s = Y and
/// sigma^2 = Z (h = g^2 exp(-2 Y)). The panels of [0, t] are the G7-K15 panels of <see cref="Quadrature"/>, visited
/// left to right so Y at a panel's left end is the sum of the panels before it; Y at the panel's nodes comes from
/// the degree-14 interpolant of f on the same nodes, so each node evaluates f and h once: O(n) evaluations for n
/// panels, where calling <see cref="Quadrature.Integrate"/> for Y inside h costs O(n^2).</para>
/// <para><b>For generated code only; not a supported API.</b> This type exists so the code SdeDsl's source generator emits can call it
/// (as <c>global::SdeDsl.Generated.NestedQuadrature</c>); it is hidden from IntelliSense and may change or disappear in any release.</para>
/// </summary>
/// <remarks>
/// A panel is accepted when both its inner and its outer error estimates (QUADPACK's, as in <see cref="Quadrature"/>)
/// meet their shares of the relative tolerance 1e-14 (of integral_0^t |f| and integral_0^t |h|) or the round-off
/// floor; depth and panel count are bounded as there. The interpolated partial integrals are exact for degree 14,
/// one more than the G7 rule the error estimate bounds.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class NestedQuadrature
{
    private const int Nodes = 15;

    /// <summary>
    /// Both integrals from 0 to <paramref name="t"/>: Inner = integral_0^t f and Outer = integral_0^t h(u, integral_0^u f) du.
    /// </summary>
    public static (double Inner, double Outer) Integrate<TInner, TOuter>(in TInner inner, in TOuter outer, double t)
        where TInner : IIntegrand
        where TOuter : INestedIntegrand
    {
        if (t == 0)
        {
            return (0, 0);
        }

        Panel whole = Evaluate(inner, outer, 0, t, 0);
        int panels = 1;
        double innerTolerance = Math.Max(Quadrature.RelativeTolerance * whole.InnerMagnitude, 1e-300);
        double outerTolerance = Math.Max(Quadrature.RelativeTolerance * whole.OuterMagnitude, 1e-300);
        double outerIntegral = Refine(inner, outer, 0, t, 0, whole, innerTolerance, outerTolerance, 0, ref panels, out double innerIntegral);
        return (innerIntegral, outerIntegral);
    }

    /// <summary>The panel [a, b] (inner integral <paramref name="innerAtA"/> at a) refined; returns the outer part, the inner part out.</summary>
    private static double Refine<TInner, TOuter>(
        in TInner inner, in TOuter outer, double a, double b, double innerAtA, in Panel panel,
        double innerTolerance, double outerTolerance, int depth, ref int panels, out double innerPart)
        where TInner : IIntegrand
        where TOuter : INestedIntegrand
    {
        bool innerDone = !(panel.InnerError > Math.Max(innerTolerance, Quadrature.RoundOff * panel.InnerMagnitude));
        bool outerDone = !(panel.OuterError > Math.Max(outerTolerance, Quadrature.RoundOff * panel.OuterMagnitude));
        if ((innerDone && outerDone) || depth >= Quadrature.MaxDepth || panels >= Quadrature.MaxPanels)
        {
            innerPart = panel.InnerEstimate;
            return panel.OuterEstimate;
        }

        // Left half first: its refined inner integral is the right half's starting value.
        double middle = 0.5 * (a + b);
        Panel left = Evaluate(inner, outer, a, middle, innerAtA);
        panels++;
        double outerLeft = Refine(inner, outer, a, middle, innerAtA, left, 0.5 * innerTolerance, 0.5 * outerTolerance, depth + 1, ref panels, out double innerLeft);
        Panel right = Evaluate(inner, outer, middle, b, innerAtA + innerLeft);
        panels++;
        double outerRight = Refine(inner, outer, middle, b, innerAtA + innerLeft, right, 0.5 * innerTolerance, 0.5 * outerTolerance, depth + 1, ref panels, out double innerRight);
        innerPart = innerLeft + innerRight;
        return outerLeft + outerRight;
    }

    /// <summary>
    /// One 15-point panel of both integrands: f at the Kronrod nodes, Y(x_k) = Y(a) + (b - a)/2 sum_m W[k][m] f(x_m),
    /// then h(x_k, Y(x_k)); each sum with its Kronrod estimate, error and magnitude.
    /// </summary>
    private static Panel Evaluate<TInner, TOuter>(in TInner inner, in TOuter outer, double a, double b, double innerAtA)
        where TInner : IIntegrand
        where TOuter : INestedIntegrand
    {
        double centre = 0.5 * (a + b), half = 0.5 * (b - a);
        Span<double> nodes = stackalloc double[Nodes];
        Span<double> f = stackalloc double[Nodes];
        Span<double> h = stackalloc double[Nodes];
        for (int k = 0; k < Nodes; k++)
        {
            // Ascending: centre - half Xk[0], ..., centre, ..., centre + half Xk[0].
            nodes[k] = k < 7 ? centre - (half * Quadrature.Xk[k]) : k == 7 ? centre : centre + (half * Quadrature.Xk[14 - k]);
            f[k] = inner.Evaluate(nodes[k]);
        }

        for (int k = 0; k < Nodes; k++)
        {
            double partial = 0;
            for (int m = 0; m < Nodes; m++)
            {
                partial += PartialWeights[(k * Nodes) + m] * f[m];
            }

            h[k] = outer.Evaluate(nodes[k], innerAtA + (half * partial));
        }

        Panel panel;
        panel.InnerEstimate = Sum(f, half, out panel.InnerError, out panel.InnerMagnitude);
        panel.OuterEstimate = Sum(h, half, out panel.OuterError, out panel.OuterMagnitude);
        return panel;
    }

    /// <summary>The K15 sum of values at the ascending nodes with QUADPACK's error estimate (as Quadrature's panel).</summary>
    private static double Sum(ReadOnlySpan<double> values, double half, out double error, out double magnitude)
    {
        double kronrod = 0, gauss = 0, absolute = 0;
        for (int k = 0; k < Nodes; k++)
        {
            int j = k < 7 ? k : 14 - k; // index into Xk/Wk; 7 is the centre
            double w = Quadrature.Wk[j];
            kronrod += w * values[k];
            absolute += w * Math.Abs(values[k]);
            if (j == 7)
            {
                gauss += Quadrature.Wg[3] * values[k];
            }
            else if (j % 2 == 1)
            {
                gauss += Quadrature.Wg[j / 2] * values[k];
            }
        }

        double mean = 0.5 * kronrod, spread = 0;
        for (int k = 0; k < Nodes; k++)
        {
            spread += Quadrature.Wk[k < 7 ? k : 14 - k] * Math.Abs(values[k] - mean);
        }

        magnitude = absolute * Math.Abs(half);
        error = Quadrature.PanelError(kronrod, gauss, half, spread);
        return kronrod * half;
    }

    private struct Panel
    {
        public double InnerEstimate, InnerError, InnerMagnitude, OuterEstimate, OuterError, OuterMagnitude;
    }

    // W[k][m] = integral_{-1}^{x_k} L_m(x) dx on the ascending Kronrod nodes (row-major), from the committed
    // script nested_quadrature_weights.py beside this file (mpmath, 60 digits).
    private static readonly double[] PartialWeights =
    {
        0.010398105257152802, -0.0028376999628311676, 0.0016278819329848192, -0.0011184159471468033, 0.00084548217042381234, -0.00066600124013339347, 0.0005326807207307474, -0.00043004167601944501, 0.00034898962842270219, -0.00028073708826794715, 0.00021957985892569272, -0.00016451347143554757, 0.00011576663249647063, -7.0172885695588426e-5, 2.3724949580206661e-5,
        0.025967696354438094, 0.028987587053519972, -0.0062769716088241722, 0.0037399577429908555, -0.0026802306880656916, 0.0020571023090824737, -0.0016213754337679669, 0.0012971827975541299, -0.001046513222200117, 0.00083850319396372451, -0.00065403945017687302, 0.00048908426760879286, -0.00034372160264506757, 0.0002081862425002205, -7.0360298736899261e-5,
        0.021059903885712877, 0.070710532415171089, 0.050057389296999818, -0.010315610667240982, 0.0060994951239913707, -0.0043147227399638824, 0.0032569141148142679, -0.0025394084289456903, 0.0020152761210599778, -0.0015971233180032843, 0.0012364639220308518, -0.00091984168429159081, 0.00064421046812275093, -0.00038936395091629895, 0.00013146208168965331,
        0.024236184152056961, 0.058629837398522263, 0.11577288646005431, 0.068809650500736509, -0.013705874401949858, 0.0078591790924486325, -0.0054085094062800853, 0.0040106835642949181, -0.0030879850396535635, 0.0024001222379388856, -0.0018341356193319331, 0.0013524757177608581, -0.00094167402933528907, 0.00056714361811773048, -0.00019116984477478103,
        0.021979899670497053, 0.066163291392218947, 0.098594417378188235, 0.15428110906917995, 0.083479902244922531, -0.015957881816527961, 0.0088416851185852624, -0.0059543665532500187, 0.0043503768888559862, -0.0032759544919880037, 0.0024530527407277312, -0.0017847044978321284, 0.0012317766123840219, -0.00073799439380590117, 0.00024815517015316743,
        0.023679164003462761, 0.060776564963337751, 0.10908590350998473, 0.13300980104325689, 0.18498128395708197, 0.094238135281025087, -0.017360080873307243, 0.0094012517369137209, -0.0062352591254783102, 0.004454822440644821, -0.0032316929737277698, 0.0023043228419333461, -0.0015702030000658011, 0.00093371939274443671, -0.00031288457520354746,
        0.022331781958092762, 0.064936674187404211, 0.1015161111040365, 0.14596055631452798, 0.16008901153232255, 0.20814026453167647, 0.10153268989812592, -0.01828821320699518, 0.009754318893787323, -0.0063266067730788121, 0.0043547033156359266, -0.0030092225551495717, 0.0020116352000165249, -0.0011831510424944935, 0.00039449163419341931,
        0.023427447821154829, 0.061605104032083451, 0.10736068530367747, 0.13669032964334286, 0.17504757138884841, 0.18067499562890382, 0.22300225702479546, 0.10474107054236391, -0.018569316949496565, 0.009675582435881594, -0.0060428447495805043, 0.0039629300721830616, -0.0025706749814272835, 0.0014869885978951027, -0.00049212581062560418,
        0.022540830376335806, 0.064275243672473047, 0.10277837512223366, 0.14366248227067549, 0.16465002332363198, 0.19667718483786422, 0.19467862118151157, 0.22777035429172301, 0.10290025017717297, -0.017789686466891059, 0.0089157151069453502, -0.0053072965990020658, 0.0032738992182136886, -0.0018445815574256575, 0.00060354005243646301,
        0.023248206585732772, 0.062158373237234117, 0.10636021332231598, 0.13834893687359257, 0.17223641961299567, 0.18589575562414059, 0.2106681992007772, 0.20008088934781411, 0.22179302094860614, 0.096112442783760323, -0.015976557317814064, 0.0076434586722690312, -0.0042958931877345424, 0.0023155276666408022, -0.00074384199293353593,
        0.022687166840376058, 0.063830087023784454, 0.10355823370986616, 0.14243796421335805, 0.16655167389854017, 0.19362653255677341, 0.20008256318644291, 0.21543650763797785, 0.19559125495671363, 0.20630845988131337, 0.085524824394345371, -0.013627849353654028, 0.0061955929440619485, -0.0030711987622403934, 0.00095542234003217233,
        0.023126491855304006, 0.062524949011860823, 0.10573168435158547, 0.13930078399776506, 0.17083886225859984, 0.18795045582684652, 0.20752092511495246, 0.20547145752043291, 0.20984144948157898, 0.18249139897233678, 0.18271060104121776, 0.071843609214789409, -0.010982876137804128, 0.0044622552314562904, -0.0013008621415277364,
        0.022803859928839572, 0.063481456580894852, 0.10414579985412743, 0.14157310139981751, 0.16776826271723705, 0.19194770138278869, 0.20241766395423891, 0.21202154951367352, 0.20117602596048462, 0.19466530080474929, 0.16290523151527653, 0.1509688703827669, 0.054732621025250366, -0.0076184397851925352, 0.0018754181248163479,
        0.023005682309266124, 0.062883906387478333, 0.10513373192489525, 0.14016417544791713, 0.16965876608944478, 0.18951207487082169, 0.20547945329749901, 0.2081849582871737, 0.20605431550906686, 0.18829347575570294, 0.17168495732733359, 0.13691330197253506, 0.11106698193107436, 0.034104505576458582, -0.0030323743439088694,
        0.022911597060949018, 0.063162265515674142, 0.10467424368975371, 0.14081777318696147, 0.16878514678034221, 0.19063131515305336, 0.20408395044687619, 0.20991218276074727, 0.20390025935456815, 0.1910165793049188, 0.16815924446884409, 0.14177167566267272, 0.10316212838926536, 0.065929792592809721, 0.012537216753376423,
    };
}
