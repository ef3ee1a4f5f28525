using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Generated;
using SdeDsl.Kernels;
using SdeDsl.Samplers.Driver;

namespace SdeDsl.Samplers;

/// <summary>
/// DPM-Solver++(3M) SDE (Lu et al. 2022, "DPM-Solver++", the third-order multistep data-prediction solver of
/// section 4 with the SDE noise of its Appendix B; k-diffusion's sample_dpmpp_3m_sde, ComfyUI's "dpmpp_3m_sde";
/// docs/math.md §15.2): third order with eta = 0, lower orders for the first two steps. By default the second divided
/// difference is weighted by 2 phi_3, the exact integral of the quadratic interpolant, so the solver has the order its
/// name promises; k-diffusion, ComfyUI and diffusers weight it by phi_3, which leaves their ODE limit at about second
/// order; <see cref="DpmSolver3MWeight.KDiffusion"/> selects that weight for sample-for-sample parity with
/// <c>dpmpp_3m_sde</c>. One denoiser call per step; the final step into sigma = 0 is x = D.
/// </summary>
public static class DpmSolverPlusPlus3MSdeSampler
{
    /// <summary>Samples over <paramref name="times"/>; the shared arguments as in <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">The model.</param>
    /// <param name="times">t_0 &gt; ... &gt; t_{N-1} inside the schedule's range.</param>
    /// <param name="x">On entry x_{t_0}; on success the sample; unchanged if the run fails or is cancelled.</param>
    /// <param name="eta">The noise fraction (1 is k-diffusion's default, 0 the ODE).</param>
    /// <param name="options">Seed, noise process (<see cref="SamplingOptions.NoiseProcess"/>), final step, kernel settings, cancellation.</param>
    /// <param name="onStep">Called after every step.</param>
    /// <param name="weight">The second difference's weight: <see cref="DpmSolver3MWeight.ThirdOrder"/> (2 phi_3, the default:
    /// third order, and what earlier versions computed) or <see cref="DpmSolver3MWeight.KDiffusion"/> (phi_3, parity with
    /// k-diffusion, ComfyUI and diffusers).</param>
    /// <returns>The number of denoiser calls (N with the final step into sigma = 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eta"/> is negative or not finite, or <paramref name="weight"/> is not a defined value.</exception>
    /// <exception cref="ArgumentException">The grid is empty, not strictly decreasing, outside the schedule's range or has sigma = 0 before its last time.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity or left an element unwritten.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; <paramref name="x"/> is unchanged.</exception>
    public static int Sample<TSchedule, T, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x,
        double eta = 1.0, SamplingOptions? options = null, StepCallback<T>? onStep = null,
        DpmSolver3MWeight weight = DpmSolver3MWeight.ThirdOrder)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        SdeArguments.CheckEta(eta);
        if (weight is not (DpmSolver3MWeight.ThirdOrder or DpmSolver3MWeight.KDiffusion))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "Unknown second-difference weight.");
        }

        options ??= SamplingOptions.Default;
        var step = new Step<TSchedule, T>(eta, new SdeStepNoise(options.NoiseProcess), weight == DpmSolver3MWeight.KDiffusion ? 1 : 2);
        return SamplerDriver.Sample(nameof(DpmSolverPlusPlus3MSdeSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }

    /// <summary>
    /// H = (1 + eta) h; y_next = e^-H y + (1 - e^-H) D + phi_2(H) d_1 - m phi_3(H) d_2 + sigma_next sqrt(-expm1(-2 eta h)) z,
    /// d_1, d_2 the divided differences of D, D_1, D_2 in lambda, m = 2 (third order) or 1 (k-diffusion) (docs/math.md
    /// §15.2). D, D_1, D_2 rotate over slots 0-2.
    /// </summary>
    internal struct Step<TSchedule, T>(double eta, SdeStepNoise noise, double phi3Multiple = 2) : ISamplerStep<TSchedule, T>
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private int _steps;
        private double _h1, _h2;

        public readonly double Prepare<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t)
            where TDenoiser : IDenoiser<T> => t;

        public void Advance<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t, double tNext)
            where TDenoiser : IDenoiser<T>
        {
            int current = _steps % 3;
            Span<T> denoised = run.Denoise(step, run.Y, t, run.Buffer(current));
            TSchedule schedule = run.Schedule;
            double sigma = schedule.Sigma(t), sigmaNext = schedule.Sigma(tNext);
            double s = schedule.Scale(t), sNext = schedule.Scale(tNext);
            double h = Math.Log(sigma / sigmaNext), etaH = eta * h, bigH = h + etaH;
            double w = -AccurateMath.ExpM1(-bigH);
            double stateCoefficient = sNext * Math.Exp(-bigH) / s;
            bool noisy = eta > 0;
            Span<T> scaled = noisy ? default : run.ScaledOutput;
            if (_steps >= 2)
            {
                // d1_0 = (D - D_1)/r0, d1_1 = (D_1 - D_2)/r1; phi_2 d1 - m phi_3 d2 expanded over D, D_1, D_2. m = 2 is the
                // exact integral of the quadratic term (docs/math.md §15.2); k-diffusion's phi_3 d2 (m = 1) halves it.
                double r0 = _h1 / h, r1 = _h2 / h, phi2 = SdeArguments.Phi2(bigH), phi3 = SdeArguments.Phi3(bigH);
                double k = (phi2 * r0 - phi3Multiple * phi3) / (r0 + r1);
                double c0 = (phi2 + k) / r0, c1 = -(phi2 + k) / r0 - k / r1, c2 = k / r1;
                FusedPass.Combine(
                    stateCoefficient, run.State, sNext * (w + c0), denoised, sNext * c1, run.Buffer((_steps - 1) % 3),
                    sNext * c2, run.Buffer((_steps - 2) % 3), run.State, scaled, 1 / sNext, run.Kernel);
            }
            else if (_steps == 1)
            {
                double c = SdeArguments.Phi2(bigH) / (_h1 / h);
                FusedPass.Combine(
                    stateCoefficient, run.State, sNext * (w + c), denoised, -sNext * c, run.Buffer(0),
                    run.State, scaled, 1 / sNext, run.Kernel);
            }
            else
            {
                FusedPass.Combine(stateCoefficient, run.State, sNext * w, denoised, run.State, scaled, 1 / sNext, run.Kernel);
            }

            if (noisy)
            {
                double sigmaUp = sigmaNext * Math.Sqrt(-AccurateMath.ExpM1(-2 * etaH));
                noise.Add(ref run, step, 0, sigma, sigmaNext, sNext * sigmaUp, run.State, run.ScaledOutput, 1 / sNext, 3);
            }

            _steps++;
            _h2 = _h1;
            _h1 = h;
        }
    }
}
