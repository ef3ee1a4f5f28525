#!/usr/bin/python3
"""numpy re-implementation of k-diffusion's sample_dpmpp_3m_sde (k_diffusion/sampling.py; the same update as ComfyUI's
comfy/k_diffusion/sampling.py), eta = 0 so no noise is drawn, on the EDM form (s = 1, sigma = t) with the exact denoiser
of Gaussian data N(mu, c^2 I): D(x; sigma) = mu + c^2 / (c^2 + sigma^2) (x - mu).

Writes dpmpp_3m_sde_golden.txt beside this script, read by DpmSolver3MWeightTests. Run: /usr/bin/python3 dpmpp_3m_sde_reference.py
"""
import os
import numpy as np

MU = np.array([0.5, -1.0])
C = 0.7
SIGMAS = [10.0, 6.0, 3.5, 2.0, 1.1, 0.6, 0.3, 0.15]
X0 = np.array([[7.1, -3.2], [-12.5, 4.4], [0.3, 9.9]])


def denoise(x, sigma):
    return MU + C * C / (C * C + sigma * sigma) * (x - MU)


def sample_dpmpp_3m_sde(x, sigmas, eta=0.0):
    # k-diffusion, line for line (torch ops replaced by numpy); eta = 0 skips the noise term.
    denoised_1, denoised_2 = None, None
    h, h_1, h_2 = None, None, None
    for i in range(len(sigmas) - 1):
        denoised = denoise(x, sigmas[i])
        if sigmas[i + 1] == 0:
            x = denoised
        else:
            t, s = -np.log(sigmas[i]), -np.log(sigmas[i + 1])
            h = s - t
            h_eta = h * (eta + 1)
            x = np.exp(-h_eta) * x + (-np.expm1(-h_eta)) * denoised
            if h_2 is not None:
                r0 = h_1 / h
                r1 = h_2 / h
                d1_0 = (denoised - denoised_1) / r0
                d1_1 = (denoised_1 - denoised_2) / r1
                d1 = d1_0 + (d1_0 - d1_1) * r0 / (r0 + r1)
                d2 = (d1_0 - d1_1) / (r0 + r1)
                phi_2 = np.expm1(-h_eta) / h_eta + 1
                phi_3 = phi_2 / h_eta - 0.5
                x = x + phi_2 * d1 - phi_3 * d2
            elif h_1 is not None:
                r = h_1 / h
                d = (denoised - denoised_1) / r
                phi_2 = np.expm1(-h_eta) / h_eta + 1
                x = x + phi_2 * d
        denoised_1, denoised_2 = denoised, denoised_1
        h_1, h_2 = h, h_1
    return x


def main():
    lines = ["# k-diffusion sample_dpmpp_3m_sde, eta = 0, written by dpmpp_3m_sde_reference.py; one case per line: name values..."]
    for name, sigmas in (("end_at_last_sigma", SIGMAS), ("denoise_to_zero", SIGMAS + [0.0])):
        out = sample_dpmpp_3m_sde(X0.copy(), sigmas)
        lines.append(name + " " + " ".join(repr(float(v)) for v in out.ravel()))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dpmpp_3m_sde_golden.txt")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
