#!/usr/bin/python3
"""Prints the partial-integration weights of NestedQuadrature.cs (docs/math.md §10.17).

The 15 Kronrod nodes x_k of Quadrature.cs (ascending on [-1, 1]) carry a degree-14 interpolant p of a panel's
integrand; W[k][m] = integral_{-1}^{x_k} L_m(x) dx, with L_m the Lagrange basis polynomial of node m, so
integral_{-1}^{x_k} p = sum_m W[k][m] f(x_m). Computed with mpmath at 60 digits from the nodes' 33-digit decimals
(the same literals Quadrature.cs rounds to double) and printed to 17 significant digits.
Run: /usr/bin/python3 src/SdeDsl/Generated/nested_quadrature_weights.py
"""
import mpmath as mp

mp.mp.dps = 60
XK = [
    "0.991455371120812639206854697526329", "0.949107912342758524526189684047851", "0.864864423359769072789712788640926",
    "0.741531185599394439863864773280788", "0.586087235467691130294144845693013", "0.405845151377397166906606412076961",
    "0.207784955007898467600689403773245",
]
nodes = [-mp.mpf(x) for x in XK] + [mp.mpf(0)] + [mp.mpf(x) for x in reversed(XK)]
n = len(nodes)


def lagrange_integral(m, upper):
    # Coefficients of L_m as a polynomial, then its antiderivative from -1 to upper.
    coefficients = [mp.mpf(1)]
    denominator = mp.mpf(1)
    for j in range(n):
        if j == m:
            continue
        denominator *= nodes[m] - nodes[j]
        shifted = [mp.mpf(0)] * (len(coefficients) + 1)
        for i, c in enumerate(coefficients):
            shifted[i + 1] += c
            shifted[i] -= c * nodes[j]
        coefficients = shifted
    antiderivative = lambda x: sum(c * x ** (i + 1) / (i + 1) for i, c in enumerate(coefficients))
    return (antiderivative(upper) - antiderivative(mp.mpf(-1))) / denominator


weights = [[lagrange_integral(m, nodes[k]) for m in range(n)] for k in range(n)]
for k in range(n):
    # Each row integrates 1 exactly: sum_m W[k][m] = x_k + 1.
    assert abs(sum(weights[k]) - (nodes[k] + 1)) < mp.mpf(10) ** -40
print("    private static readonly double[] PartialWeights =")
print("    {")
for row in weights:
    print("        " + ", ".join(mp.nstr(w, 17, min_fixed=-5, max_fixed=5) for w in row) + ",")
print("    };")
