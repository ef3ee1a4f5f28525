#!/usr/bin/python3
"""Golden values for tests/SdeDsl.Tests/SamplersAndGrids/NamedGridTests.cs (docs/math.md §15.6).

Independent numpy/scipy re-implementations of the grid formulas of k-diffusion (k_diffusion/sampling.py:
get_sigmas_karras, get_sigmas_exponential, get_sigmas_polyexponential) and ComfyUI (comfy/samplers.py:
normal_scheduler(sgm=True), simple_scheduler, ddim_scheduler, beta_scheduler, linear_quadratic_schedule,
kl_optimal_scheduler; comfy_extras/nodes_align_your_steps.py: loglinear_interp and the NVIDIA tables), evaluated on
two schedules written out here from their definitions:
  vp:       sigma(t) = sqrt(expm1(19.9/2 t^2 + 0.1 t)), t in [1e-3, 1] (Song et al. 2021, eq. 11)
  discrete: betas = 1e-4 + i (0.02 - 1e-4)/999, i = 0..999, alpha_bar = cumprod(1 - beta), sigma_i =
            sqrt((1 - alpha_bar_i)/alpha_bar_i), log sigma linear between integer timesteps (k-diffusion's wrapper)
Run with Debian's /usr/bin/python3 (numpy, scipy): it rewrites grids_golden.txt beside it.
Each line: <schedule> <grid> <steps> <final sigmas, largest first, without the appended 0>.
"""
import math
import os

import numpy as np
import scipy.stats

BETA_D, BETA_MIN = 19.9, 0.1


class Vp:
    t_min, t_max = 1e-3, 1.0

    def sigma(self, t):
        return math.sqrt(math.expm1(0.5 * BETA_D * t * t + BETA_MIN * t))

    def time_at_sigma(self, s):
        u = math.log1p(s * s)
        return (-BETA_MIN + math.sqrt(BETA_MIN ** 2 + 2 * BETA_D * u)) / BETA_D


class Discrete:
    def __init__(self):
        ab, p = [], 1.0
        for i in range(1000):
            p *= 1 - (1e-4 + i * (0.02 - 1e-4) / 999)
            ab.append(p)
        self.log_sigmas = [0.5 * (math.log(1 - a) - math.log(a)) for a in ab]
        self.t_min, self.t_max = 0.0, 999.0

    def sigma(self, t):
        k = min(max(math.ceil(t) - 1, 0), 998)
        return math.exp(self.log_sigmas[k] + (t - k) * (self.log_sigmas[k + 1] - self.log_sigmas[k]))

    def time_at_sigma(self, s):
        ls = math.log(s)
        k = int(np.searchsorted(self.log_sigmas, ls)) - 1
        k = min(max(k, 0), 998)
        return k + (ls - self.log_sigmas[k]) / (self.log_sigmas[k + 1] - self.log_sigmas[k])


def training_times(sch, discrete):
    if discrete:
        return [float(k) for k in range(1000)]
    return [sch.t_max if k == 999 else sch.t_min + k * (sch.t_max - sch.t_min) / 999 for k in range(1000)]


def grids(sch, discrete, n):
    lo, hi = sch.sigma(sch.t_min), sch.sigma(sch.t_max)
    tt = training_times(sch, discrete)
    out = {}
    ramp = np.linspace(0, 1, n)
    out["karras"] = list((hi ** (1 / 7) + ramp * (lo ** (1 / 7) - hi ** (1 / 7))) ** 7)
    out["exponential"] = list(np.exp(np.linspace(math.log(hi), math.log(lo), n)))
    out["polyexponential2"] = list(np.exp(np.linspace(1, 0, n) ** 2 * (math.log(hi) - math.log(lo)) + math.log(lo)))
    ts = np.linspace(sch.t_max, sch.t_min, n + 1)[:-1]
    out["sgm_uniform"] = [sch.sigma(t) for t in ts]
    ss = 1000 / n
    out["simple"] = [sch.sigma(tt[-(1 + int(x * ss))]) for x in range(n)]
    stride, x, sig = max(1000 // n, 1), 1, []
    while x < 1000:
        sig.append(sch.sigma(tt[x]))
        x += stride
    out["ddim_uniform"] = sig[::-1]
    q = np.rint(scipy.stats.beta.ppf(1 - np.linspace(0, 1, n, endpoint=False), 0.6, 0.6) * 999)
    sig, last = [], -1
    for t in q:
        if t != last:
            sig.append(sch.sigma(tt[int(t)]))
        last = t
    out["beta"] = sig
    linear = n // 2
    diff = linear - 0.025 * n
    quad = n - linear
    qc = diff / (linear * quad ** 2)
    lc = 0.025 / linear - 2 * diff / quad ** 2
    const = qc * linear ** 2
    u = [1 - i * 0.025 / linear for i in range(linear)] + [1 - (qc * i * i + lc * i + const) for i in range(linear, n)]
    out["linear_quadratic"] = [sch.sigma(sch.t_min + v * (sch.t_max - sch.t_min)) for v in u]
    idx = np.arange(n) / (n - 1)
    out["kl_optimal"] = list(np.tan(idx * math.atan(lo) + (1 - idx) * math.atan(hi)))
    return out


NOISE_LEVELS = {
    "SD1": [14.6146412293, 6.4745760956, 3.8636745985, 2.6946151520, 1.8841921177, 1.3943805092, 0.9642583904,
            0.6523686016, 0.3977456272, 0.1515232662, 0.0291671582],
    "SDXL": [14.6146412293, 6.3184485287, 3.7681790315, 2.1811480769, 1.3405244945, 0.8620721141, 0.5550693289,
             0.3798540708, 0.2332364134, 0.1114188177, 0.0291671582],
    "SVD": [700.00, 54.5, 15.886, 7.977, 4.248, 1.789, 0.981, 0.403, 0.173, 0.034, 0.002],
}


def loglinear_interp(t_steps, num_steps):
    xs = np.linspace(0, 1, len(t_steps))
    ys = np.log(t_steps[::-1])
    new_ys = np.interp(np.linspace(0, 1, num_steps), xs, ys)
    return np.exp(new_ys)[::-1].copy()


def main():
    lines = []
    for name, sch, discrete in (("vp", Vp(), False), ("discrete", Discrete(), True)):
        for n in (10, 7):
            for grid, sig in grids(sch, discrete, n).items():
                lines.append(f"{name} {grid} {n} " + " ".join(repr(float(v)) for v in sig))
    for model in ("SD1", "SDXL", "SVD"):
        for n in (10, 25, 4):
            sig = NOISE_LEVELS[model] if n + 1 == 11 else loglinear_interp(NOISE_LEVELS[model], n + 1)
            lines.append(f"ays {model} {n} " + " ".join(repr(float(v)) for v in sig[:n]))
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "grids_golden.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
