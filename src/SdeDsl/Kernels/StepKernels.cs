using System;
using System.Numerics;
using SdeDsl.Noise;
using SdeDsl.Generated;

namespace SdeDsl.Kernels;

/// <summary>
/// The fused step kernels: each is one pass over memory that reads the current state and denoiser output(s),
/// writes the next state and, when <c>yNext</c> is not empty, the next denoiser input y = x / s in the same pass.
/// Noise, when a step needs it, is generated inside the pass from the counter-based source.
/// </summary>
/// <remarks>
/// Per-step coefficients are computed in double from the schedule's generated functions (never by finite
/// differences) and rounded once to the tensor's precision. Pass an empty <c>yNext</c> when the schedule has
/// s = 1 (<see cref="INoiseSchedule.IsScaleIdentity"/>): then y = x and the extra stream is skipped. Outputs may
/// alias the input x (in-place update). Formulas cite math.md.
/// </remarks>
public static unsafe class StepKernels
{
    /// <summary>
    /// Euler on the probability-flow ODE (math.md section 3): x_next = x + h (a x - b D), h = t_next - t,
    /// a = sigma'/sigma + s'/s and b = sigma' s / sigma at t.
    /// </summary>
    public static void EulerOde<TSchedule, T>(
        in TSchedule schedule, double t, double tNext,
        ReadOnlySpan<T> x, ReadOnlySpan<T> denoised, Span<T> xNext, Span<T> yNext, KernelOptions options = default)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double h = tNext - t;
        var op = new LinearCombination<T, TwoInputs>(
            1 + h * schedule.OdeStateCoefficient(t), -h * schedule.OdeDenoiserCoefficient(t));
        Execute(op, x, denoised, default, default, xNext, yNext, InverseScale(schedule, tNext, yNext), default, 0, options);
    }

    /// <summary>
    /// The Heun (trapezoidal) correction of EDM Algorithm 1 (math.md section 7): with the Euler prediction x' at
    /// t_next and D' = D(x'/s; sigma(t_next)), x_next = x + h/2 [(a x - b D)(t) + (a x' - b D')(t_next)].
    /// </summary>
    public static void HeunCorrection<TSchedule, T>(
        in TSchedule schedule, double t, double tNext,
        ReadOnlySpan<T> x, ReadOnlySpan<T> denoised, ReadOnlySpan<T> xPredicted, ReadOnlySpan<T> denoisedPredicted,
        Span<T> xNext, Span<T> yNext, KernelOptions options = default)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double half = 0.5 * (tNext - t);
        var op = new LinearCombination<T, FourInputs>(
            1 + half * schedule.OdeStateCoefficient(t),
            -half * schedule.OdeDenoiserCoefficient(t),
            half * schedule.OdeStateCoefficient(tNext),
            -half * schedule.OdeDenoiserCoefficient(tNext));
        Execute(op, x, denoised, xPredicted, denoisedPredicted, xNext, yNext, InverseScale(schedule, tNext, yNext), default, 0, options);
    }

    /// <summary>
    /// Euler-Maruyama on the reverse-time SDE (math.md section 4) with the noise drawn in the same pass:
    /// x_next = x + h [f x - g^2 grad] + g sqrt(-h) z, grad = (D - x/s) / (s sigma^2), h = t_next - t &lt; 0.
    /// </summary>
    public static void ReverseSdeEulerMaruyama<TSchedule, T>(
        in TSchedule schedule, double t, double tNext, ReadOnlySpan<T> x, ReadOnlySpan<T> denoised,
        GaussianNoise noise, ulong step, Span<T> xNext, Span<T> yNext, KernelOptions options = default)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double h = tNext - t;
        double s = schedule.Scale(t), sigma = schedule.Sigma(t), g2 = schedule.DiffusionSquared(t);
        double scoreScale = g2 / (s * sigma * sigma); // g^2 grad = scoreScale (D - x/s)
        var op = new LinearCombination<T, TwoInputsWithNoise>(
            1 + h * (schedule.Drift(t) + scoreScale / s),
            -h * scoreScale,
            cz: Math.Sqrt(Math.Abs(h) * g2));
        Execute(op, x, denoised, default, default, xNext, yNext, InverseScale(schedule, tNext, yNext),
            new NoiseKey(noise.Seed, step), 0, options);
    }

    /// <summary>
    /// One Euler-Maruyama step of the Langevin family (math.md section 4, EDM eq. 6 with s(t)):
    /// dx = [(a + beta) x - (b + beta s) D] dt + s sigma sqrt(2 beta) dw. beta = 0 is the PF-ODE and
    /// beta = sigma'/sigma the reverse SDE.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is negative or not finite.</exception>
    public static void Langevin<TSchedule, T>(
        in TSchedule schedule, double t, double tNext, double beta, ReadOnlySpan<T> x, ReadOnlySpan<T> denoised,
        GaussianNoise noise, ulong step, Span<T> xNext, Span<T> yNext, KernelOptions options = default)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!(beta >= 0) || double.IsInfinity(beta))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, $"beta(t) must be finite and non-negative; beta({t:R}) = {beta:R}.");
        }

        double h = tNext - t;
        double s = schedule.Scale(t), sigma = schedule.Sigma(t);
        var op = new LinearCombination<T, TwoInputsWithNoise>(
            1 + h * (schedule.OdeStateCoefficient(t) + beta),
            -h * (schedule.OdeDenoiserCoefficient(t) + beta * s),
            cz: s * sigma * Math.Sqrt(2 * beta * Math.Abs(h)));
        Execute(op, x, denoised, default, default, xNext, yNext, InverseScale(schedule, tNext, yNext),
            new NoiseKey(noise.Seed, step), 0, options);
    }

    /// <summary>
    /// EDM Algorithm 2's churn (math.md section 7): raise the noise level from sigma(t) to sigma(t_hat),
    /// x_hat = s(t_hat)/s(t) x + s(t_hat) sqrt(sigma(t_hat)^2 - sigma(t)^2) S_noise z.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tHat"/> has sigma below sigma(t).</exception>
    public static void Churn<TSchedule, T>(
        in TSchedule schedule, double t, double tHat, double sNoise, ReadOnlySpan<T> x,
        GaussianNoise noise, ulong step, Span<T> xHat, Span<T> yHat, KernelOptions options = default)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double sigma = schedule.Sigma(t), sigmaHat = schedule.Sigma(tHat);
        double added = sigmaHat * sigmaHat - sigma * sigma;
        if (added < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tHat), tHat, $"sigma(t_hat) = {sigmaHat:R} is below sigma(t) = {sigma:R}.");
        }

        double sHat = schedule.Scale(tHat);
        var op = new LinearCombination<T, OneInputWithNoise>(sHat / schedule.Scale(t), cz: sHat * Math.Sqrt(added) * sNoise);
        Execute(op, x, default, default, default, xHat, yHat, InverseScale(schedule, tHat, yHat),
            new NoiseKey(noise.Seed, step), 0, options);
    }

    /// <summary>
    /// Euler ancestral on y = x/s (math.md section 7): sigma_up = min(sigma_next, eta sigma_next
    /// sqrt(1 - sigma_next^2/sigma^2)), sigma_down = sqrt(sigma_next^2 - sigma_up^2),
    /// y_next = D + (sigma_down/sigma) (y - D) + sigma_up z, x_next = s(t_next) y_next.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eta"/> is negative or not finite.</exception>
    public static void Ancestral<TSchedule, T>(
        in TSchedule schedule, double t, double tNext, double eta, ReadOnlySpan<T> x, ReadOnlySpan<T> denoised,
        GaussianNoise noise, ulong step, Span<T> xNext, Span<T> yNext, KernelOptions options = default)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!(eta >= 0) || double.IsInfinity(eta))
        {
            throw new ArgumentOutOfRangeException(nameof(eta), eta, "eta must be finite and non-negative.");
        }

        double sigma = schedule.Sigma(t), sigmaNext = schedule.Sigma(tNext);
        AncestralSplit(sigma, sigmaNext, eta, out double sigmaDown, out double sigmaUp);
        double s = schedule.Scale(t), sNext = schedule.Scale(tNext), ratio = sigmaDown / sigma;
        var op = new LinearCombination<T, TwoInputsWithNoise>(sNext * ratio / s, sNext * (1 - ratio), cz: sNext * sigmaUp);
        Execute(op, x, denoised, default, default, xNext, yNext, InverseScale(schedule, tNext, yNext),
            new NoiseKey(noise.Seed, step), 0, options);
    }

    /// <summary>
    /// DDIM, the exact solution of dy/dsigma = (y - D)/sigma with D held fixed (math.md section 3):
    /// y_next = D + (sigma_next/sigma) (y - D), x_next = s(t_next) y_next.
    /// </summary>
    public static void Ddim<TSchedule, T>(
        in TSchedule schedule, double t, double tNext,
        ReadOnlySpan<T> x, ReadOnlySpan<T> denoised, Span<T> xNext, Span<T> yNext, KernelOptions options = default)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double ratio = schedule.Sigma(tNext) / schedule.Sigma(t);
        double sNext = schedule.Scale(tNext);
        var op = new LinearCombination<T, TwoInputs>(sNext * ratio / schedule.Scale(t), sNext * (1 - ratio));
        Execute(op, x, denoised, default, default, xNext, yNext, InverseScale(schedule, tNext, yNext), default, 0, options);
    }

    /// <summary>
    /// DPM-Solver++(2M) (Lu et al. 2022; math.md section 7) on y = x/s with lambda = -log sigma:
    /// h = lambda_next - lambda, r = (lambda - lambda_previous)/h,
    /// D_2 = (1 + 1/(2r)) D - 1/(2r) D_previous, y_next = (sigma_next/sigma) y - expm1(-h) D_2.
    /// </summary>
    public static void DpmSolverPlusPlus2M<TSchedule, T>(
        in TSchedule schedule, double tPrevious, double t, double tNext,
        ReadOnlySpan<T> x, ReadOnlySpan<T> denoised, ReadOnlySpan<T> previousDenoised,
        Span<T> xNext, Span<T> yNext, KernelOptions options = default)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double sigmaPrevious = schedule.Sigma(tPrevious), sigma = schedule.Sigma(t), sigmaNext = schedule.Sigma(tNext);
        double h = Math.Log(sigma / sigmaNext), hLast = Math.Log(sigmaPrevious / sigma);
        double r = hLast / h;
        double weight = -AccurateMath.ExpM1(-h); // 1 - sigma_next/sigma without cancellation
        double sNext = schedule.Scale(tNext);
        var op = new LinearCombination<T, ThreeInputs>(
            sNext * (sigmaNext / sigma) / schedule.Scale(t),
            sNext * weight * (1 + 1 / (2 * r)),
            -sNext * weight / (2 * r));
        Execute(op, x, denoised, previousDenoised, default, xNext, yNext, InverseScale(schedule, tNext, yNext), default, 0, options);
    }

    /// <summary>
    /// One Langevin corrector step at time t (SGM Algorithm 4): x_next = x + eps grad + sqrt(2 eps) z with
    /// grad = (D - x/s) / (s sigma^2), i.e. (1 - eps/(s sigma)^2) x + eps/(s sigma^2) D + sqrt(2 eps) z.
    /// <paramref name="noiseOffset"/> is the element index of x[0] in the noise stream.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepSize"/> is negative or not finite.</exception>
    public static void LangevinCorrector<TSchedule, T>(
        in TSchedule schedule, double t, double stepSize, ReadOnlySpan<T> x, ReadOnlySpan<T> denoised,
        GaussianNoise noise, ulong step, long noiseOffset, Span<T> xNext, Span<T> yNext, KernelOptions options = default)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!(stepSize >= 0) || double.IsInfinity(stepSize))
        {
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "The corrector step size must be finite and non-negative.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(noiseOffset);
        double s = schedule.Scale(t), sigma = schedule.Sigma(t);
        double gradScale = stepSize / (s * sigma * sigma);
        var op = new LinearCombination<T, TwoInputsWithNoise>(1 - gradScale / s, gradScale, cz: Math.Sqrt(2 * stepSize));
        Execute(op, x, denoised, default, default, xNext, yNext, InverseScale(schedule, t, yNext),
            new NoiseKey(noise.Seed, step), noiseOffset, options);
    }

    /// <summary>y = factor x (for example the first denoiser input x / s(t_0)).</summary>
    public static void Scale<T>(ReadOnlySpan<T> x, double factor, Span<T> y, KernelOptions options = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Execute(new LinearCombination<T, OneInput>(factor), x, default, default, default, y, default, T.Zero, default, 0, options);
    }

    /// <summary>The forward process with its noise drawn in the pass (math.md section 1): x_t = s(t) (x_0 + sigma(t) z).</summary>
    public static void ForwardSample<TSchedule, T>(
        in TSchedule schedule, double t, ReadOnlySpan<T> x0, GaussianNoise noise, ulong step, Span<T> xt, KernelOptions options = default)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double s = schedule.Scale(t);
        var op = new LinearCombination<T, OneInputWithNoise>(s, cz: s * schedule.Sigma(t));
        Execute(op, x0, default, default, default, xt, default, T.Zero, new NoiseKey(noise.Seed, step), 0, options);
    }

    /// <summary>The forward process with caller-supplied noise: x_t = s(t) x_0 + s(t) sigma(t) epsilon.</summary>
    public static void Perturb<TSchedule, T>(
        in TSchedule schedule, double t, ReadOnlySpan<T> x0, ReadOnlySpan<T> epsilon, Span<T> xt, KernelOptions options = default)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double s = schedule.Scale(t);
        var op = new LinearCombination<T, TwoInputs>(s, s * schedule.Sigma(t));
        Execute(op, x0, epsilon, default, default, xt, default, T.Zero, default, 0, options);
    }

    /// <summary>The ancestral split of the step sigma -> sigma_next (k-diffusion's get_ancestral_step).</summary>
    internal static void AncestralSplit(double sigma, double sigmaNext, double eta, out double sigmaDown, out double sigmaUp)
    {
        double up = eta * Math.Sqrt(Math.Max(0, sigmaNext * sigmaNext * (sigma * sigma - sigmaNext * sigmaNext) / (sigma * sigma)));
        sigmaUp = Math.Min(sigmaNext, up);
        sigmaDown = Math.Sqrt(Math.Max(0, sigmaNext * sigmaNext - sigmaUp * sigmaUp));
    }

    /// <summary>destination = scale z for elements startIndex, startIndex + 1, ... of one noise stream.</summary>
    internal static void Noise<T>(Span<T> destination, in NoiseKey key, long startIndex, double scale, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Execute(new LinearCombination<T, NoiseOnly>(0, cz: scale), default, default, default, default, destination, default, T.Zero, key, startIndex, options);
    }

    private static T InverseScale<TSchedule, T>(in TSchedule schedule, double t, Span<T> y)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => y.IsEmpty ? T.Zero : T.CreateTruncating(1 / schedule.Scale(t));

    private static void Execute<T, TShape>(
        LinearCombination<T, TShape> op, ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c, ReadOnlySpan<T> d,
        Span<T> output, Span<T> scaledOutput, T inverseScale, in NoiseKey key, long noiseStart, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TShape : struct, IOperatorShape
    {
        int n = output.Length;
        if (TShape.Arity >= 1) RequireLength(a, n, "x");
        if (TShape.Arity >= 2) RequireLength(b, n, "denoised");
        if (TShape.Arity >= 3) RequireLength(c, n, TShape.Arity == 3 ? "previousDenoised" : "xPredicted");
        if (TShape.Arity >= 4) RequireLength(d, n, "denoisedPredicted");
        if (!scaledOutput.IsEmpty && scaledOutput.Length != n)
        {
            throw new ArgumentException(
                $"The scaled output has {scaledOutput.Length} elements; it must be empty or match the output's {n}.", "yNext");
        }

        if (n == 0)
        {
            return;
        }

        fixed (T* pa = a, pb = b, pc = c, pd = d, po = output, ps = scaledOutput)
        {
            var operands = new KernelOperands<T>(pa, pb, pc, pd, po, scaledOutput.IsEmpty ? null : ps, inverseScale);
            ElementwiseDriver.Run(op, operands, n, key, noiseStart, options);
        }
    }

    private static void RequireLength<T>(ReadOnlySpan<T> span, int expected, string name)
    {
        if (span.Length != expected)
        {
            throw new ArgumentException($"'{name}' has {span.Length} elements but the output has {expected}.", name);
        }
    }
}
