#!/usr/bin/python3
"""Golden values for every generated member of the built-in schedules (docs/math.md §10.8).

Run with Debian's /usr/bin/python3 (mpmath): writes schedule_golden_values.json beside this script.
Each schedule is written out here from its paper's closed form (never from generated code), evaluated with
50 significant digits at the exact double parameters the C# declarations use (S = 0.008, BetaD = 19.9 ... are
the doubles nearest those decimals; python floats are those same doubles). For every member the script also
writes its condition number cond = |x m'(x) / m(x)| with respect to its argument, so that the test can state
which members are held to the plain ulp bound and why.

Members: sigma, sigma', s, s', f = s'/s, g = sqrt(g^2), g^2 = 2 s^2 sigma' sigma, a = sigma'/sigma + s'/s,
b = sigma' s / sigma (docs/math.md §1, §3.1) and sigma^-1 evaluated at the double nearest sigma(t).
"""
import json
import os
import mpmath as mp

mp.mp.dps = 50
PI = mp.pi


def members(sigma, s):
    """The derived members of a schedule given sigma(t) and s(t) as mpmath functions (docs/math.md §1, §3.1)."""
    def dsigma(t):
        return mp.diff(sigma, t)

    def ds(t):
        return mp.diff(s, t)

    def g2(t):
        return 2 * s(t) ** 2 * dsigma(t) * sigma(t)

    return {
        "Sigma": sigma,
        "SigmaDerivative": dsigma,
        "Scale": s,
        "ScaleDerivative": ds,
        "Drift": lambda t: ds(t) / s(t),
        "Diffusion": lambda t: mp.sqrt(g2(t)),
        "DiffusionSquared": g2,
        "OdeStateCoefficient": lambda t: dsigma(t) / sigma(t) + ds(t) / s(t),
        "OdeDenoiserCoefficient": lambda t: dsigma(t) * s(t) / sigma(t),
    }


def cosine(S, pi_half=PI / 2):
    S = mp.mpf(S)
    c0 = mp.cos(pi_half * S / (1 + S))
    s = lambda t: mp.cos(pi_half * (t + S) / (1 + S)) / c0
    sigma = lambda t: mp.sqrt(1 / s(t) ** 2 - 1)
    return sigma, s


def vp_exponent(beta_min, beta_d):
    bmin, bd = mp.mpf(beta_min), mp.mpf(beta_d)
    return lambda t: bmin * t + bd * t * t / 2


def schedules():
    beta_min, beta_d = 0.1, 19.9
    B = vp_exponent(beta_min, beta_d)
    one = lambda t: mp.mpf(1)
    yield "Cosine", 1e-3, 0.99, *cosine(0.008)
    yield "Edm", 0.002, 80.0, (lambda t: t), one
    yield "RectifiedFlow", 1e-3, 0.999, (lambda t: t / (1 - t)), (lambda t: 1 - t)
    # sub-VP (Song et al. 2021 §3.4): s = exp(-B/2), sigma^2 = integral_0^t beta (e^B - e^-B) = (2 sinh(B/2))^2.
    yield "SubVp", 1e-3, 1.0, (lambda t: 2 * mp.sinh(B(t) / 2)), (lambda t: mp.exp(-B(t) / 2))
    yield "Ve", 0.02 * 0.02, 100.0 * 100.0, (lambda t: mp.sqrt(t)), one
    yield "Vp", 1e-3, 1.0, (lambda t: mp.sqrt(mp.expm1(B(t)))), (lambda t: mp.exp(-B(t) / 2))
    # The test folder's user declaration (Accuracy/UserCosine.cs): x_t = cos(pi t/2) x_0 + sin(pi t/2) eps,
    # so s = cos(pi t/2), sigma = tan(pi t/2), on [1e-4, 0.9999].
    yield "UserCosine", 1e-4, 0.9999, (lambda t: mp.tan(PI * t / 2)), (lambda t: mp.cos(PI * t / 2))


def grid(t_min, t_max):
    """Both ends, points 1e-9 relative and 1e-6 absolute inside them, a geometric and a uniform spread."""
    points = {t_min, t_min * (1 + 1e-9), t_min + 1e-6, t_max - 1e-6, t_max * (1 - 1e-9), t_max}
    n = 24
    for k in range(n + 1):
        points.add(float(mp.mpf(t_min) * (mp.mpf(t_max) / t_min) ** (mp.mpf(k) / n)))
        points.add(float(t_min + (mp.mpf(t_max) - t_min) * k / n))
    return sorted(p for p in points if t_min <= p <= t_max)


def condition(m, t, value):
    if value == 0:
        return 0.0
    return float(abs(t * mp.diff(m, t) / value))


def main():
    out = {"digits": mp.mp.dps, "schedules": []}
    for name, t_min, t_max, sigma, s in schedules():
        fns = members(sigma, s)
        rows = []
        for t in grid(t_min, t_max):
            tm = mp.mpf(t)
            row = {"t": repr(t)}
            for member, fn in fns.items():
                v = fn(tm)
                row[member] = mp.nstr(v, 25, strip_zeros=False) if v != 0 else "0"
                row[member + "Cond"] = condition(fn, tm, v)
            # sigma^-1 at the double nearest sigma(t): the t' with sigma(t') = that double, solved at 50 digits.
            y = mp.mpf(float(sigma(tm)))
            back = mp.findroot(lambda x: sigma(x) - y, tm, tol=mp.mpf(10) ** -45)
            row["TimeAtSigmaInput"] = repr(float(y))
            row["TimeAtSigma"] = mp.nstr(back, 25, strip_zeros=False)
            # cond of sigma^-1 at y: |y (sigma^-1)'(y) / sigma^-1(y)| = |sigma(t) / (t sigma'(t))|.
            row["TimeAtSigmaCond"] = float(abs(y / (back * mp.diff(sigma, back))))
            rows.append(row)
        out["schedules"].append({"name": name, "tMin": repr(t_min), "tMax": repr(t_max), "points": rows})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schedule_golden_values.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
