using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Generated;
using SdeDsl.Kernels;
using SdeDsl.Samplers.Driver;

namespace SdeDsl.Samplers;

/// <summary>
/// UniPC (Zhao et al. 2023, "UniPC: A Unified Predictor-Corrector Framework for Fast Sampling of Diffusion Models",
/// Algorithms 2 and 3 with data prediction; diffusers' UniPCMultistepScheduler with predict_x0, ComfyUI's "uni_pc" and
/// "uni_pc_bh2"; docs/math.md §15.5): the multistep UniP predictor of order p with the UniC corrector, which re-does the
/// previous step with the new denoiser output at no extra call (order p + 1). Orders 1 to 3, B(h) variants bh1 and bh2.
/// Warm-up and lower-order final steps as diffusers. One denoiser call per step; the final step into sigma = 0 is x = D.
/// </summary>
public static class UniPcSampler
{
    /// <summary>Samples over <paramref name="times"/>; the shared arguments as in <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
    /// <param name="schedule">The noise schedule.</param>
    /// <param name="denoiser">The model.</param>
    /// <param name="times">t_0 &gt; ... &gt; t_{N-1} inside the schedule's range.</param>
    /// <param name="x">On entry x_{t_0}; on success the sample; unchanged if the run fails or is cancelled.</param>
    /// <param name="order">The predictor's order p, 1 to 3 (diffusers' solver_order; 2 is its default for guided sampling, 3 for unconditional).</param>
    /// <param name="variant">B(h): bh1 or bh2 (the default, as diffusers).</param>
    /// <param name="corrector">Whether UniC corrects each step (diffusers' disable_corrector empty).</param>
    /// <param name="lowerOrderFinal">Lower the order over the last steps as diffusers' lower_order_final (p &lt;= steps left).</param>
    /// <param name="options">Final step, kernel settings, cancellation.</param>
    /// <param name="onStep">Called after every step.</param>
    /// <returns>The number of denoiser calls (N with the final step into sigma = 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is outside [1, 3].</exception>
    /// <exception cref="ArgumentException">The grid is empty, not strictly decreasing, outside the schedule's range or has sigma = 0 before its last time.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity or left an element unwritten.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; <paramref name="x"/> is unchanged.</exception>
    public static int Sample<TSchedule, T, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x,
        int order = 2, UniPcVariant variant = UniPcVariant.Bh2, bool corrector = true, bool lowerOrderFinal = true,
        SamplingOptions? options = null, StepCallback<T>? onStep = null)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        SdeArguments.CheckOrder(order, 3);
        var step = new Step<TSchedule, T>(order, variant, corrector, lowerOrderFinal);
        return SamplerDriver.Sample(nameof(UniPcSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }

    /// <summary>
    /// With lambda = -log sigma, h = lambda_next - lambda, r_k = (lambda_{i-k} - lambda_i)/h and D1_k = (m_{i-k} - m_i)/r_k:
    /// y_next = (sigma_next/sigma) y - expm1(-h) m_i - B(h) sum_k rho_k D1_k (UniP), the rho from R rho = b with
    /// R_jk = r_k^j and b_j = j! h phi_{j+1}(h)/B(h) (docs/math.md §15.5). UniC re-does the previous step with m_i as the
    /// extra point. Model outputs rotate over slots 0-3, the previous state is slot 4.
    /// </summary>
    internal struct Step<TSchedule, T>(int maxOrder, UniPcVariant variant, bool corrector, bool lowerOrderFinal) : ISamplerStep<TSchedule, T>
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private const int LastSampleSlot = 4;
        private int _steps;
        private int _lastOrder;
        private double _lambda1, _lambda2, _lambda3; // lambda of grid times i-1, i-2, i-3
        private double _tPrevious;

        public readonly double Prepare<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t)
            where TDenoiser : IDenoiser<T> => t;

        public void Advance<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t, double tNext)
            where TDenoiser : IDenoiser<T>
        {
            TSchedule schedule = run.Schedule;
            int i = _steps;
            run.Denoise(step, run.Y, t, run.Buffer(i % 4));
            double sigma = schedule.Sigma(t), sigmaNext = schedule.Sigma(tNext);
            double s = schedule.Scale(t), sNext = schedule.Scale(tNext);
            double lambda = -Math.Log(sigma), lambdaNext = -Math.Log(sigmaNext);
            Span<double> coefficients = stackalloc double[5];
            Span<int> slots = stackalloc int[5];

            if (i > 0 && corrector)
            {
                // UniC of order p_c = the previous predictor's order, from x_{i-1} (slot 4) to t_i, with m_i as the new point.
                int p = _lastOrder;
                double h = lambda - _lambda1;
                Span<double> r = stackalloc double[3];
                r[0] = (_lambda2 - _lambda1) / h;
                r[1] = (_lambda3 - _lambda1) / h;
                Span<double> rho = stackalloc double[3];
                if (p == 1)
                {
                    rho[0] = 0.5;
                }
                else
                {
                    Solve(h, r, p, p, rho);
                }

                double bh = BOf(h), phi1 = AccurateMath.ExpM1(-h);
                double sPrevious = schedule.Scale(_tPrevious), sigmaPrevious = schedule.Sigma(_tPrevious);
                int n = 0;
                double mZero = -phi1 + bh * rho[p - 1];
                coefficients[n] = s * (sigma / sigmaPrevious) / sPrevious; slots[n++] = LastSampleSlot;
                for (int k = 1; k < p; k++)
                {
                    mZero += bh * rho[k - 1] / r[k - 1];
                    coefficients[n] = -s * bh * rho[k - 1] / r[k - 1]; slots[n++] = (i - 1 - k) % 4;
                }

                coefficients[n] = s * mZero; slots[n++] = (i - 1) % 4;
                coefficients[n] = -s * bh * rho[p - 1]; slots[n++] = i % 4;
                MultistepPass.Combine(ref run, coefficients[..n], slots[..n], default, 0);
            }

            // UniP of order p from x_i to t_next.
            int order = Math.Min(maxOrder, i + 1);
            if (lowerOrderFinal)
            {
                order = Math.Min(order, run.StepCount - step);
            }

            FusedPass.Combine<T>(1, run.State, run.Buffer(LastSampleSlot), run.Kernel);
            {
                double h = lambdaNext - lambda;
                Span<double> r = stackalloc double[3];
                r[0] = (_lambda1 - lambda) / h;
                r[1] = (_lambda2 - lambda) / h;
                Span<double> rho = stackalloc double[3];
                if (order == 2)
                {
                    rho[0] = 0.5;
                }
                else if (order == 3)
                {
                    Solve(h, r, 3, 2, rho);
                }

                double bh = BOf(h), phi1 = AccurateMath.ExpM1(-h);
                int n = 0;
                double mCurrent = -phi1;
                coefficients[n] = sNext * (sigmaNext / sigma) / s; slots[n++] = LastSampleSlot;
                for (int k = 1; k < order; k++)
                {
                    mCurrent += bh * rho[k - 1] / r[k - 1];
                    coefficients[n] = -sNext * bh * rho[k - 1] / r[k - 1]; slots[n++] = (i - k) % 4;
                }

                coefficients[n] = sNext * mCurrent; slots[n++] = i % 4;
                MultistepPass.Combine(ref run, coefficients[..n], slots[..n], run.ScaledOutput, 1 / sNext);
            }

            _lastOrder = order;
            _lambda3 = _lambda2;
            _lambda2 = _lambda1;
            _lambda1 = lambda;
            _tPrevious = t;
            _steps++;
        }

        private readonly double BOf(double h) => variant == UniPcVariant.Bh1 ? -h : AccurateMath.ExpM1(-h);

        /// <summary>
        /// rho from the first <paramref name="size"/> rows and columns of R rho = b, R_jk = r_k^j (r_{p-1} = 1),
        /// b_j = h_phi_{j+1} j! / B(h) with hh = -h (diffusers' recursion; docs/math.md §15.5).
        /// </summary>
        private readonly void Solve(double h, ReadOnlySpan<double> r, int order, int size, Span<double> rho)
        {
            Span<double> rks = stackalloc double[3];
            for (int k = 0; k < order - 1; k++) rks[k] = r[k];
            rks[order - 1] = 1;
            double hh = -h, phiK = AccurateMath.ExpM1(hh) / hh - 1, factorial = 1, bh = BOf(h);
            Span<double> matrix = stackalloc double[9];
            Span<double> b = stackalloc double[3];
            for (int j = 0; j < order; j++)
            {
                for (int k = 0; k < order; k++) matrix[j * 3 + k] = Math.Pow(rks[k], j);
                b[j] = phiK * factorial / bh;
                factorial *= j + 2;
                phiK = phiK / hh - 1 / factorial;
            }

            // Gaussian elimination with partial pivoting on the leading size x size block.
            for (int c = 0; c < size; c++)
            {
                int pivot = c;
                for (int k = c + 1; k < size; k++) if (Math.Abs(matrix[k * 3 + c]) > Math.Abs(matrix[pivot * 3 + c])) pivot = k;
                if (pivot != c)
                {
                    for (int k = 0; k < size; k++) (matrix[c * 3 + k], matrix[pivot * 3 + k]) = (matrix[pivot * 3 + k], matrix[c * 3 + k]);
                    (b[c], b[pivot]) = (b[pivot], b[c]);
                }

                for (int k = c + 1; k < size; k++)
                {
                    double f = matrix[k * 3 + c] / matrix[c * 3 + c];
                    for (int m = c; m < size; m++) matrix[k * 3 + m] -= f * matrix[c * 3 + m];
                    b[k] -= f * b[c];
                }
            }

            for (int c = size - 1; c >= 0; c--)
            {
                double sum = b[c];
                for (int k = c + 1; k < size; k++) sum -= matrix[c * 3 + k] * rho[k];
                rho[c] = sum / matrix[c * 3 + c];
            }
        }
    }
}
