#!/usr/bin/python3
"""Reference values for the discrete training schedules (docs/math.md section 12).

Re-implements in numpy, following diffusers' source (schedulers/scheduling_euler_discrete.py __init__ and
set_timesteps, scheduling_utils.py betas_for_alpha_bar / rescale_zero_terminal_snr,
scheduling_flow_match_euler_discrete.py and the Flux pipelines' calculate_shift), the formulas diffusers evaluates:

  * betas in float32 as torch.linspace does (two-sided: start + i*step for i < n/2, end - (n-1-i)*step after),
    scaled_linear as the square of that linspace in sqrt(beta), squaredcos_cap_v2 in Python floats then float32;
  * alphas_cumprod = cumprod(1 - betas) as torch's CPU cumprod: float32 factors, the running product in double, each
    output rounded to float32 (and everything in float64 for comparison);
  * rescale_zero_terminal_snr on the float32 betas, then diffusers' Euler replacement alphas_cumprod[-1] = 2**-24;
  * diffusers' Euler sigma table ((1 - a)/a)**0.5 in float32;
  * the timestep spacings linspace / leading / trailing of EulerDiscreteScheduler.set_timesteps;
  * FlowMatchEulerDiscreteScheduler's shifted sigmas (static shift, and dynamic shift with mu from calculate_shift).

Limit: float32 linspace follows torch's AVX2 kernel (8 lanes); a torch dispatching AVX-512 (16 lanes) or NEON (4)
rounds some betas 1 float32 ulp differently. torch_crosscheck.py (Debian's python3-torch) compares with torch itself.
Run: /usr/bin/python3 diffusers_reference.py > diffusers_reference.json  (needs only python3-numpy).
"""
import json
import math

import numpy as np

f32 = np.float32


def fma32(x, y, z):
    """float32 fused multiply-add: the product of two float32 values and a float32 addend, rounded once. The
    product of a float32 and an integer below 2^29 is exact in double, so the only rounding left is the sum's:
    done here in exact rational arithmetic, then rounded to float32 (round to nearest even)."""
    from fractions import Fraction
    exact = Fraction(float(x)) * Fraction(float(y)) + Fraction(float(z))
    lo = np.float32(float(exact))
    # float(exact) rounds to double first; correct a double-rounding tie by comparing the neighbours exactly.
    candidates = [np.nextafter(lo, np.float32(-np.inf)), lo, np.nextafter(lo, np.float32(np.inf))]
    return min(candidates, key=lambda c: (abs(Fraction(float(c)) - exact), int(c.view(np.int32)) & 1))


def torch_linspace(start, end, n, dtype):
    """torch.linspace on the CPU. float64 here: the scalar formula start + i step below n/2, end - (n-1-i) step above.
    float32: torch's AVX2 kernel, blocks of 8 whose base is that formula at the block's first index with a fused
    multiply-add, element base + lane * step; a tail shorter than a block uses the fused formula per element."""
    start, end = dtype(start), dtype(end)
    step = (end - start) / dtype(n - 1)
    out = np.empty(n, dtype=dtype)
    if dtype is np.float64:
        for i in range(n):
            out[i] = start + step * dtype(i) if i < n // 2 else end - step * dtype(n - 1 - i)
        return out
    lanes = 8
    for i in range(n):
        j = i // lanes * lanes
        in_block = j + lanes <= n
        if not in_block:
            j = i
        base = fma32(step, dtype(j), start) if j < n // 2 else fma32(-step, dtype(n - 1 - j), end)
        out[i] = dtype(base + dtype(i - j) * step) if in_block else base
    return out


def betas(schedule, n, beta_start, beta_end, dtype):
    if schedule == "linear":
        return torch_linspace(beta_start, beta_end, n, dtype)
    if schedule == "scaled_linear":
        root = torch_linspace(beta_start ** 0.5, beta_end ** 0.5, n, dtype)
        return (root * root).astype(dtype)
    if schedule == "squaredcos_cap_v2":
        abar = lambda u: math.cos((u + 0.008) / 1.008 * math.pi / 2) ** 2
        return np.array([min(1 - abar((i + 1) / n) / abar(i / n), 0.999) for i in range(n)]).astype(dtype)
    raise ValueError(schedule)


def cumprod(b, dtype):
    # torch.cumprod on the CPU accumulates a float32 tensor in double (at::acc_type<float> is double) and rounds each
    # output to float32; the factors 1 - beta are float32 tensor arithmetic. (Checked against torch: torch_crosscheck.py.)
    out = np.empty(len(b), dtype=dtype)
    p = 1.0
    for i, beta in enumerate(b):
        p = p * float(dtype(1) - dtype(beta))
        out[i] = dtype(p)
    return out


def rescale_zero_terminal_snr(b, dtype):
    q = np.sqrt(cumprod(b, dtype)).astype(dtype)
    q0, qT = q[0], q[-1]
    q = ((q - qT) * dtype(q0 / (q0 - qT))).astype(dtype)
    abar = (q * q).astype(dtype)
    alphas = np.concatenate([abar[:1], (abar[1:] / abar[:-1]).astype(dtype)])
    return (dtype(1) - alphas).astype(dtype), abar


def table(schedule, n, beta_start, beta_end, rescale, dtype):
    b = betas(schedule, n, beta_start, beta_end, dtype)
    rescaled_abar = None
    if rescale:
        b, rescaled_abar = rescale_zero_terminal_snr(b, dtype)
    a = cumprod(b, dtype)
    if rescale:
        a[-1] = dtype(2.0 ** -24)
    return b, a, rescaled_abar


def spacing(kind, n_train, steps, offset):
    # EulerDiscreteScheduler.set_timesteps
    if kind == "linspace":
        return np.linspace(0, n_train - 1, steps, dtype=np.float32)[::-1].copy()
    if kind == "leading":
        ratio = n_train // steps
        t = (np.arange(0, steps) * ratio).round()[::-1].copy().astype(np.float32)
        return t + offset
    ratio = n_train / steps
    return np.arange(n_train, 0, -ratio).round().copy().astype(np.float32) - 1


def flow_sigmas(shift, n_train, steps, mu=None):
    # __init__: sigmas = linspace(1, N, N)[::-1] / N, shifted unless dynamic; sigma_min/max from them (float32).
    t = np.linspace(1, n_train, n_train, dtype=np.float32)[::-1].copy()
    s = (t / f32(n_train)).astype(np.float32)
    if mu is None:
        s = (f32(shift) * s / (f32(1) + f32(shift - 1) * s)).astype(np.float32)
    sigma_min, sigma_max = float(s[-1]), float(s[0])
    # set_timesteps(steps): linspace in timestep units, /N, then the shift.
    ts = np.linspace(sigma_max * n_train, sigma_min * n_train, steps)
    u = ts / n_train
    if mu is None:
        shifted = shift * u / (1 + (shift - 1) * u)
    else:
        shifted = math.exp(mu) / (math.exp(mu) + (1 / u - 1) ** 1.0)
    return u, shifted


def calculate_shift(seq_len, base_seq_len=256, max_seq_len=4096, base_shift=0.5, max_shift=1.15):
    m = (max_shift - base_shift) / (max_seq_len - base_seq_len)
    b = base_shift - m * base_seq_len
    return seq_len * m + b


def floats(a):
    return [float(v) for v in a]


out = {"tables": {}, "spacings": {}, "flow": {}}
for name, (schedule, start, end, rescale) in {
    "sd15": ("scaled_linear", 0.00085, 0.012, False),
    "sd2_zero_snr": ("scaled_linear", 0.00085, 0.012, True),
    "ddpm_linear": ("linear", 0.0001, 0.02, False),
    "cosine": ("squaredcos_cap_v2", 0.0001, 0.02, False),
}.items():
    b32, a32, r32 = table(schedule, 1000, start, end, rescale, np.float32)
    b64, a64, r64 = table(schedule, 1000, start, end, rescale, np.float64)
    sigma32 = (((f32(1) - a32) / a32) ** f32(0.5)).astype(np.float32)
    entry = {
        "betas_float32": floats(b32),
        "alphas_cumprod_float32": floats(a32),
        "alphas_cumprod_float64": floats(a64),
        "sigmas_diffusers_float32": floats(sigma32),
    }
    if rescale:
        entry["rescaled_alphas_cumprod_float64"] = floats(r64)
    out["tables"][name] = entry

for kind, steps, offset in [("leading", 50, 1), ("leading", 30, 1), ("trailing", 50, 0), ("trailing", 30, 0),
                            ("trailing", 16, 0), ("linspace", 50, 0), ("linspace", 30, 0)]:
    out["spacings"][f"{kind}_{steps}"] = floats(spacing(kind, 1000, steps, offset))

u, shifted = flow_sigmas(3.0, 1000, 28)
out["flow"]["shift3_28"] = {"u": floats(u), "shifted": floats(shifted)}
mu = calculate_shift(4096)
u, shifted = flow_sigmas(1.0, 1000, 28, mu)
out["flow"]["dynamic_4096_28"] = {"mu": mu, "u": floats(u), "shifted": floats(shifted)}
mu = calculate_shift(1024)
out["flow"]["mu_1024"] = mu

print(json.dumps(out))
