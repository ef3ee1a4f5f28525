#!/usr/bin/python3
"""Cross-checks diffusers_reference.json's float32 tables against torch itself (Debian's python3-torch).

diffusers_reference.py emulates torch.linspace with its scalar formula; this script computes the betas and
alphas_cumprod exactly as diffusers' EulerDiscreteScheduler.__init__ does, with torch, and prints the largest relative
difference per table (0 means the emulation, and so the C# float32 tables that equal it, are bit for bit diffusers').
Run: /usr/bin/python3 torch_crosscheck.py
"""
import json
import math
import os

import torch

here = os.path.dirname(os.path.abspath(__file__))
reference = json.load(open(os.path.join(here, "diffusers_reference.json")))["tables"]


def betas_for_alpha_bar(n, max_beta=0.999):
    abar = lambda u: math.cos((u + 0.008) / 1.008 * math.pi / 2) ** 2
    return torch.tensor([min(1 - abar((i + 1) / n) / abar(i / n), max_beta) for i in range(n)], dtype=torch.float32)


def rescale_zero_terminal_snr(betas):
    alphas_bar_sqrt = torch.cumprod(1.0 - betas, dim=0).sqrt()
    a0, aT = alphas_bar_sqrt[0].clone(), alphas_bar_sqrt[-1].clone()
    alphas_bar_sqrt -= aT
    alphas_bar_sqrt *= a0 / (a0 - aT)
    alphas_bar = alphas_bar_sqrt ** 2
    alphas = torch.cat([alphas_bar[0:1], alphas_bar[1:] / alphas_bar[:-1]])
    return 1 - alphas


cases = {
    "sd15": lambda: torch.linspace(0.00085 ** 0.5, 0.012 ** 0.5, 1000, dtype=torch.float32) ** 2,
    "sd2_zero_snr": lambda: rescale_zero_terminal_snr(torch.linspace(0.00085 ** 0.5, 0.012 ** 0.5, 1000, dtype=torch.float32) ** 2),
    "ddpm_linear": lambda: torch.linspace(0.0001, 0.02, 1000, dtype=torch.float32),
    "cosine": lambda: betas_for_alpha_bar(1000),
}
for name, make in cases.items():
    betas = make()
    alphas_cumprod = torch.cumprod(1.0 - betas, dim=0)
    if name == "sd2_zero_snr":
        alphas_cumprod[-1] = 2 ** -24
    ours = torch.tensor(reference[name]["alphas_cumprod_float32"], dtype=torch.float64)
    beta_diff = (betas.double() / torch.tensor(reference[name]["betas_float32"], dtype=torch.float64) - 1).abs().max().item()
    diff = (alphas_cumprod.double() / ours - 1).abs().max().item()
    print(f"{name}: torch vs emulation, betas max rel {beta_diff:.3e}, alphas_cumprod max rel {diff:.3e}")
