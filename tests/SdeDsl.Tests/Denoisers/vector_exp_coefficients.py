#!/usr/bin/python3
"""Coefficients of VectorExp.Exp (src/SdeDsl/Denoisers/VectorExp.cs, docs/math.md §9.7).

e^r = 1 + r + r^2 q(r) on |r| <= ln 2 / 2, q the degree-9 Chebyshev fit of (e^r - 1 - r) / r^2 (mpmath.chebyfit,
60 digits). Prints q's coefficients rounded to double (highest degree first) and the worst relative error of
1 + r + r^2 q(r) with those rounded coefficients, evaluated exactly, over 20001 points of the interval, in ulp (2^-53):
the truncation part of the error bound; the double Horner evaluation adds its own roundings (the test measures the
whole). Run: /usr/bin/python3 vector_exp_coefficients.py
"""
import mpmath as mp

mp.mp.dps = 60
half = mp.log(2) / 2


def f(r):
    return (mp.exp(r) - 1 - r) / r**2 if r != 0 else mp.mpf(1) / 2


poly, _ = mp.chebyfit(f, [-half, half], 10, error=True)
coefficients = [float(c) for c in poly]
worst = mp.mpf(0)
for i in range(20001):
    r = -half + 2 * half * i / 20000
    q = mp.mpf(0)
    for c in coefficients:
        q = q * r + mp.mpf(c)
    worst = max(worst, abs((1 + r + r * r * q) / mp.exp(r) - 1))

for c in coefficients:
    print(repr(c))
print(f"worst relative truncation error {float(worst):.3e} = {float(worst / mp.mpf(2)**-53):.3f} ulp")
