using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;

namespace SdeDsl.Samplers;

/// <summary>
/// EDM Algorithm 2 (math.md section 7): at each step raise the noise to sigma_hat = (1 + gamma) sigma(t), move to
/// t_hat = sigma^-1(sigma_hat), rescale x by s(t_hat)/s(t) and add fresh noise (the churn kernel), then a Heun step
/// from t_hat (Euler on the final step into sigma = 0).
/// </summary>
public static class EdmStochasticSampler
{
    /// <summary>Samples with churn <paramref name="churn"/>; the other arguments as <see cref="EulerSampler.Sample{TSchedule, T, TDenoiser}"/>.</summary>
    /// <remarks>
    /// sigma_hat is capped at sigma(TMax) so t_hat stays inside the schedule's range. The churn noise of step i is
    /// stream (i &lt;&lt; 32) of <see cref="SamplingOptions.Seed"/>.
    /// </remarks>
    /// <returns>The number of denoiser calls (2N - 1 with the final step).</returns>
    /// <exception cref="ArgumentException">Invalid grid or churn settings.</exception>
    /// <exception cref="NonFiniteDenoiserOutputException">The denoiser returned NaN or infinity.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; <paramref name="x"/> is unchanged.</exception>
    public static int Sample<TSchedule, T, TDenoiser>(
        TSchedule schedule, TDenoiser denoiser, ReadOnlySpan<double> times, Span<T> x, ChurnSettings churn,
        SamplingOptions? options = null, StepCallback<T>? onStep = null)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        churn.Validate();
        var run = new SamplerRun<TSchedule, T, TDenoiser>(nameof(EdmStochasticSampler), schedule, denoiser, times, x, options, onStep);
        try
        {
            Span<T> denoised = run.Rent(), predicted = run.Rent(), denoisedPredicted = run.Rent();
            Span<T> predictedScaled = run.RentScaled();
            ReadOnlySpan<T> predictedInput = predictedScaled.IsEmpty ? predicted : predictedScaled;
            double gammaMax = Math.Min(churn.SChurn / run.StepCount, Math.Sqrt(2) - 1);
            double sigmaTop = schedule.Sigma(schedule.TMax);

            for (int i = 0; i < run.StepCount; i++)
            {
                double t = times[i], sigma = schedule.Sigma(t);
                double gamma = sigma >= churn.SigmaMin && sigma <= churn.SigmaMax ? gammaMax : 0;
                double tHat = t;
                if (gamma > 0 && sigma < sigmaTop)
                {
                    tHat = Math.Max(t, schedule.TimeAtSigma(Math.Min((1 + gamma) * sigma, sigmaTop)));
                    StepKernels.Churn(schedule, t, tHat, churn.SNoise, run.State, run.Noise, (ulong)i << 32, run.State, run.ScaledOutput, run.Kernel);
                }

                run.Denoise(i, run.Y, tHat, denoised);
                if (i == run.IntervalCount)
                {
                    run.FinalStep(i, tHat, denoised);
                    break;
                }

                double tNext = times[i + 1];
                StepKernels.EulerOde(schedule, tHat, tNext, run.State, denoised, predicted, predictedScaled, run.Kernel);
                run.Denoise(i, predictedInput, tNext, denoisedPredicted);
                StepKernels.HeunCorrection(
                    schedule, tHat, tNext, run.State, denoised, predicted, denoisedPredicted, run.State, run.ScaledOutput, run.Kernel);
                run.Completed(i, tHat, tNext, denoisedPredicted);
            }

            run.Commit();
            return run.Calls;
        }
        finally
        {
            run.Dispose();
        }
    }
}
