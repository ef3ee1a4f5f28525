using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Samplers.Driver;

namespace SdeDsl.Samplers;

/// <summary>
/// EDM Algorithm 2, the stochastic sampler of Karras et al. 2022 (docs/math.md §7.3; k-diffusion's
/// sample_heun with s_churn): at each step raise the noise to sigma_hat = (1 + gamma) sigma(t), move to
/// t_hat = sigma^-1(sigma_hat), rescale x by s(t_hat)/s(t) and add fresh noise, then a Heun step from t_hat
/// (<see cref="HeunSampler"/>'s step; Euler on the final step into sigma = 0).
/// </summary>
public static class EdmStochasticSampler
{
    /// <summary>Samples with churn <paramref name="churn"/>; the other arguments as <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
    /// <remarks>
    /// When sigma_hat exceeds sigma(TMax) (the first step with S_tmax = infinity) the schedule is evaluated beyond TMax
    /// if its formulas allow it there: sigma^-1(sigma_hat) finite, sigma of it equal to sigma_hat to 1e-9 relative,
    /// and s and sigma' finite and positive. Otherwise sigma_hat is capped at sigma(TMax), so the step at TMax takes
    /// no churn. The churn noise of step i is stream (i &lt;&lt; 32) of <see cref="SamplingOptions.Seed"/>.
    /// </remarks>
    /// <returns>The number of denoiser calls (2N - 1 with the final step).</returns>
    /// <exception cref="ArgumentException">Invalid grid or churn settings.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity or left an element unwritten.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; <paramref name="x"/> is unchanged.</exception>
    public static int Sample<TSchedule, T, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x, ChurnSettings churn,
        SamplingOptions? options = null, StepCallback<T>? onStep = null)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        churn.Validate();
        IndependentNoiseOnly.Require(options, nameof(EdmStochasticSampler));
        var step = new HeunSampler.Step<TSchedule, T>(schedule, churn);
        return SamplerDriver.Sample(nameof(EdmStochasticSampler), schedule, denoiser, times, x, options, onStep, ref step);
    }
}
