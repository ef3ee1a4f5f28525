using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Samplers.Driver;

namespace SdeDsl.Samplers;

/// <summary>
/// Linear multistep (LMS; k-diffusion's sample_lms, ComfyUI's "lms", diffusers' LMSDiscreteScheduler; docs/math.md
/// §15.8): the variable-step Adams-Bashforth method of order p &lt;= 4 on dy/dsigma = (y - D)/sigma, its coefficients the
/// exact integrals of the Lagrange basis over [sigma, sigma_next] (k-diffusion integrates them by quadrature to 1e-4).
/// Orders 1, 2, ... during the warm-up. One denoiser call per step; the final step into sigma = 0 is x = D.
/// </summary>
public static class LmsSampler
{
    /// <summary>Samples over <paramref name="times"/>; the shared arguments as in <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">The model.</param>
    /// <param name="times">t_0 &gt; ... &gt; t_{N-1} inside the schedule's range.</param>
    /// <param name="x">On entry x_{t_0}; on success the sample; unchanged if the run fails or is cancelled.</param>
    /// <param name="order">The order p, 1 to 4 (4 is k-diffusion's default).</param>
    /// <param name="options">Final step, kernel settings, cancellation.</param>
    /// <param name="onStep">Called after every step.</param>
    /// <returns>The number of denoiser calls (N with the final step into sigma = 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is outside [1, 4].</exception>
    /// <exception cref="ArgumentException">The grid is empty, not strictly decreasing, outside the schedule's range or has sigma = 0 before its last time.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity or left an element unwritten.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; <paramref name="x"/> is unchanged.</exception>
    public static int Sample<TSchedule, T, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x,
        int order = 4, SamplingOptions? options = null, StepCallback<T>? onStep = null)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        SdeArguments.CheckOrder(order, 4);
        var step = new Step<TSchedule, T>(order, false);
        return SamplerDriver.Sample(nameof(LmsSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }

    /// <summary>
    /// d_i = (y_i - D_i)/sigma_i; y_next = y + sum_j c_j d_{i-j} with c_j = integral over [sigma_i, sigma_next] of
    /// prod_{k != j} (tau - sigma_{i-k})/(sigma_{i-j} - sigma_{i-k}) (docs/math.md §15.8), by 3-point Gauss-Legendre (exact
    /// for the cubic basis). With <c>fixedCoefficients</c> the Adams-Bashforth weights of equal steps times
    /// (sigma_next - sigma): iPNDM (docs/math.md §15.9). d rotates over slots 0-3.
    /// </summary>
    internal struct Step<TSchedule, T>(int maxOrder, bool fixedCoefficients) : ISamplerStep<TSchedule, T>
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private int _steps;
        private double _sigma1, _sigma2, _sigma3; // sigma of grid times i-1, i-2, i-3

        public readonly double Prepare<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t)
            where TDenoiser : IDenoiser<T> => t;

        public void Advance<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t, double tNext)
            where TDenoiser : IDenoiser<T>
        {
            TSchedule schedule = run.Schedule;
            int i = _steps;
            Span<T> slot = run.Buffer(i % 4);
            Span<T> denoised = run.Denoise(step, run.Y, t, slot);
            double sigma = schedule.Sigma(t), sigmaNext = schedule.Sigma(tNext);
            double s = schedule.Scale(t), sNext = schedule.Scale(tNext);

            // d = (y - D)/sigma in place of D (D is the first input, so the pass may overwrite it).
            FusedPass.Combine(-1 / sigma, denoised, 1 / sigma, run.Y, slot, default, 0, run.Kernel);

            int order = Math.Min(maxOrder, i + 1);
            Span<double> nodes = [sigma, _sigma1, _sigma2, _sigma3];
            Span<double> weights = stackalloc double[4];
            if (fixedCoefficients)
            {
                AdamsBashforth(order, sigmaNext - sigma, weights);
            }
            else
            {
                for (int j = 0; j < order; j++)
                {
                    weights[j] = LagrangeIntegral(nodes[..order], j, sigma, sigmaNext);
                }
            }

            Span<double> c = stackalloc double[5];
            Span<int> slots = stackalloc int[5];
            c[0] = sNext / s;
            slots[0] = MultistepPass.State;
            for (int j = 0; j < order; j++)
            {
                c[j + 1] = sNext * weights[j];
                slots[j + 1] = (i - j) % 4;
            }

            MultistepPass.Combine(ref run, c[..(order + 1)], slots[..(order + 1)], run.ScaledOutput, 1 / sNext);
            _sigma3 = _sigma2;
            _sigma2 = _sigma1;
            _sigma1 = sigma;
            _steps++;
        }

        /// <summary>integral_a^b prod_{k != j} (tau - nodes_k)/(nodes_j - nodes_k) d tau, 3-point Gauss-Legendre (exact to degree 5).</summary>
        internal static double LagrangeIntegral(ReadOnlySpan<double> nodes, int j, double a, double b)
        {
            double half = 0.5 * (b - a), middle = 0.5 * (a + b), offset = Math.Sqrt(0.6);
            Span<double> points = [middle - half * offset, middle, middle + half * offset];
            Span<double> gaussWeights = [5.0 / 9, 8.0 / 9, 5.0 / 9];
            double sum = 0;
            for (int q = 0; q < 3; q++)
            {
                double product = 1;
                for (int k = 0; k < nodes.Length; k++)
                {
                    if (k != j)
                    {
                        product *= (points[q] - nodes[k]) / (nodes[j] - nodes[k]);
                    }
                }

                sum += gaussWeights[q] * product;
            }

            return half * sum;
        }

        /// <summary>The Adams-Bashforth weights of equal steps (iPNDM, Zhang and Chen 2023, eq. 24) times dsigma.</summary>
        private static void AdamsBashforth(int order, double dSigma, Span<double> weights)
        {
            switch (order)
            {
                case 1: weights[0] = dSigma; break;
                case 2: weights[0] = dSigma * 3 / 2; weights[1] = -dSigma / 2; break;
                case 3: weights[0] = dSigma * 23 / 12; weights[1] = -dSigma * 16 / 12; weights[2] = dSigma * 5 / 12; break;
                default: weights[0] = dSigma * 55 / 24; weights[1] = -dSigma * 59 / 24; weights[2] = dSigma * 37 / 24; weights[3] = -dSigma * 9 / 24; break;
            }
        }
    }
}
