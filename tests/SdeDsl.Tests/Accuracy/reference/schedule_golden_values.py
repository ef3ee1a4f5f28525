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

Step coefficients (docs/math.md §17, §17.5): every coefficient of EulerStepCoefficients, HeunCorrectionCoefficients,
ReverseSdeStepCoefficients, LangevinStepCoefficients and LangevinCorrectorCoefficients from the generic formulas
(17.1) with the members above, h = t_next - t exact (t and t_next are doubles, their difference is taken at 50
digits), at pairs (t, t_next) spanning the range: t_next = t (h = 0), 1e-9 relative and 1e-6 absolute below t, 0.9 t,
t / 2, the geometric middle of [TMin, t] and TMin. The condition number of a coefficient c(x_1, ..., x_n) is
sum_i |x_i dc/dx_i| / |c| over t, t_next, h = t_next - t (taken as independent: docs/math.md §17.5) and beta or the
step size.
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


STEP_METHODS = {
    "EulerStepCoefficients": ("X", "D", "Z"),
    "HeunCorrectionCoefficients": ("X", "D", "XPredicted", "DPredicted"),
    "ReverseSdeStepCoefficients": ("X", "D", "Z"),
    "LangevinStepCoefficients": ("X", "D", "Z"),
    "LangevinCorrectorCoefficients": ("X", "D", "Z"),
}

# beta of the Langevin family and the corrector's step size as a multiple of (s sigma)^2 at t (the corrector's
# natural scale, so X = 1 - eps/(s sigma)^2 is 0.99 and 0.5), and a fixed small step size.
LANGEVIN_BETAS = (0.5, 4.0)
CORRECTOR_RELATIVE_STEPS = (0.01, 0.5)
CORRECTOR_ABSOLUTE_STEP = 1e-6


def step_coefficients(fns):
    """The coefficients of (17.1) from the exact members (docs/math.md §17.1).

    Functions of (t, t_next, h) with h = t_next - t, plus beta, or of (t, eps): h is an argument of its own so that
    the condition number counts its rounding (t - t_next in double is exact for t_next >= t/2, else within eps/2)
    separately from that of the quantities built from t or t_next, and not as the 1/|h| of t_next - t at t_next
    near t. A relative error of a few ulp in c of 1 + h c is the same as one in h, so cond also counts the
    cancellation of 1 + h c where h c is near -1.
    """
    sigma, s, f, g2 = fns["Sigma"], fns["Scale"], fns["Drift"], fns["DiffusionSquared"]
    a, b = fns["OdeStateCoefficient"], fns["OdeDenoiserCoefficient"]

    def k(t):  # g^2 / (s sigma^2)
        return g2(t) / (s(t) * sigma(t) ** 2)

    return {
        "EulerStepCoefficients": {
            "X": lambda t, n, h: 1 + h * a(t),
            "D": lambda t, n, h: -h * b(t),
            "Z": lambda t, n, h: mp.mpf(0),
        },
        "HeunCorrectionCoefficients": {
            "X": lambda t, n, h: 1 + h / 2 * a(t),
            "D": lambda t, n, h: -h / 2 * b(t),
            "XPredicted": lambda t, n, h: h / 2 * a(n),
            "DPredicted": lambda t, n, h: -h / 2 * b(n),
        },
        "ReverseSdeStepCoefficients": {
            "X": lambda t, n, h: 1 + h * (f(t) + k(t) / s(t)),
            "D": lambda t, n, h: -h * k(t),
            "Z": lambda t, n, h: mp.sqrt(-h * g2(t)),
        },
        "LangevinStepCoefficients": {
            "X": lambda t, n, h, beta: 1 + h * (a(t) + beta),
            "D": lambda t, n, h, beta: -h * (b(t) + beta * s(t)),
            "Z": lambda t, n, h, beta: s(t) * sigma(t) * mp.sqrt(-2 * beta * h),
        },
        "LangevinCorrectorCoefficients": {
            "X": lambda t, eps: 1 - eps / (s(t) * sigma(t)) ** 2,
            "D": lambda t, eps: eps / (s(t) * sigma(t) ** 2),
            "Z": lambda t, eps: mp.sqrt(2 * eps),
        },
    }


def step_pairs(t_min, t_max):
    """(t, t_next) with TMin <= t_next <= t <= TMax: small, medium and large steps from times across the range."""
    times = {t_min, t_min * (1 + 1e-9), t_max * (1 - 1e-9), t_max}
    n = 6
    for k in range(1, n):
        times.add(float(mp.mpf(t_min) * (mp.mpf(t_max) / t_min) ** (mp.mpf(k) / n)))
        times.add(float(t_min + (mp.mpf(t_max) - t_min) * k / n))
    pairs = []
    for t in sorted(times):
        nexts = {t, t * (1 - 1e-9), t - 1e-6, 0.9 * t, t / 2, float(mp.sqrt(mp.mpf(t) * t_min)), t_min}
        pairs.extend((t, tn) for tn in sorted(nexts, reverse=True) if t_min <= tn <= t)
    return pairs


def condition_of(fn, args, value):
    """sum_i |x_i dc/dx_i| / |c| by a one-sided difference of relative step 1e-25 (50 digits leave 25 for it)."""
    if value == 0:
        return 0.0
    total = mp.mpf(0)
    for i, x in enumerate(args):
        if x == 0:
            continue
        moved = list(args)
        moved[i] = x * (1 + mp.mpf(10) ** -25)
        total += abs((fn(*moved) - value) / (mp.mpf(10) ** -25))
    return float(total / abs(value))


def step_rows(fns, t_min, t_max):
    coefficients = step_coefficients(fns)
    rows = []

    def add(method, args):
        margs = [mp.mpf(x) for x in args]
        if method != "LangevinCorrectorCoefficients":
            margs.insert(2, margs[1] - margs[0])  # h = t_next - t, exact at 50 digits
        values, conditions = {}, {}
        for name, fn in coefficients[method].items():
            v = fn(*margs)
            values[name] = mp.nstr(v, 25, strip_zeros=False) if v != 0 else "0"
            conditions[name] = condition_of(fn, margs, v)
        rows.append({"method": method, "arguments": [repr(x) for x in args], "values": values, "conditions": conditions})

    for t, tn in step_pairs(t_min, t_max):
        for method in ("EulerStepCoefficients", "HeunCorrectionCoefficients", "ReverseSdeStepCoefficients"):
            add(method, (t, tn))
        for beta in LANGEVIN_BETAS:
            add("LangevinStepCoefficients", (t, tn, beta))
    for t in sorted({t for t, _ in step_pairs(t_min, t_max)}):
        scale = fns["Scale"](mp.mpf(t)) * fns["Sigma"](mp.mpf(t))
        for eps in [float(r * scale ** 2) for r in CORRECTOR_RELATIVE_STEPS] + [CORRECTOR_ABSOLUTE_STEP]:
            add("LangevinCorrectorCoefficients", (t, eps))
    return rows


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
        out["schedules"].append({
            "name": name, "tMin": repr(t_min), "tMax": repr(t_max), "points": rows,
            "steps": step_rows(fns, t_min, t_max)})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schedule_golden_values.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
