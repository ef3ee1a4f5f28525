using System;
using SdeDsl.Models;
using SdeDsl.Schedules;
using SdeDsl.Training;
using Shouldly;
using Xunit;

namespace SdeDsl.Tests.Training;

/// <summary>
/// The regression target of every prediction type is right (docs/math.md §19.2): its conditional expectation given
/// x_t, converted by the model layer's D = c_y y + c_p p, is the exact denoiser of Gaussian data.
/// </summary>
public sealed class TargetExpectationTests
{
    public static TheoryData<string, PredictionType, double> Cases()
    {
        var data = new TheoryData<string, PredictionType, double>();
        foreach (string schedule in new[] { "Vp", "Edm", "RectifiedFlow", "Sd15Discrete" })
        foreach (PredictionType type in Enum.GetValues<PredictionType>())
        foreach (double fraction in new[] { 0.15, 0.6 })
        {
            data.Add(schedule, type, fraction);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Expected_target_given_x_t_converts_to_the_exact_denoiser(string schedule, PredictionType type, double fraction)
    {
        switch (schedule)
        {
            case "Vp": Check(default(Vp), type, fraction); break;
            case "Edm": Check(default(Edm), type, fraction); break;
            case "RectifiedFlow": Check(default(RectifiedFlow), type, fraction); break;
            default: Check(TrainingCases.Sd15, type, fraction); break;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Target_satisfies_x0_equals_c_y_y_plus_c_p_target(string schedule, PredictionType type, double fraction)
    {
        switch (schedule)
        {
            case "Vp": Identity(default(Vp), type, fraction); break;
            case "Edm": Identity(default(Edm), type, fraction); break;
            case "RectifiedFlow": Identity(default(RectifiedFlow), type, fraction); break;
            default: Identity(TrainingCases.Sd15, type, fraction); break;
        }
    }

    // Monte Carlo: at one time t (sigma = sigma(t)), N = B d independent pairs (y, target) from the objective's own
    // perturbation. For Gaussian data E[target | y] is affine in y, so ordinary least squares estimates it without
    // bias: E[target | y] = alpha + beta y, hence E[D | y] = c_p alpha + (c_y + c_p beta) y must equal the exact
    // mu sigma^2/(c^2 + sigma^2) + c^2/(c^2 + sigma^2) y. The bound is 5 standard errors of the OLS intercept and slope
    // (from the residuals: the residual is affine in (x_0, eps), hence Gaussian and independent of y), scaled by |c_p|;
    // a correct target fails a check with probability 6e-7.
    private static void Check<TTraining>(TTraining training, PredictionType type, double fraction)
        where TTraining : struct, INoiseSchedule
    {
        const int samples = 5000, dimension = 4, n = samples * dimension;
        ModelConvention convention = TrainingCases.Convention(type);
        var objective = new DenoisingObjective<TTraining>(training, convention, NoiseLevelDistribution.UniformTime(), LossWeighting.Uniform);
        double t = training.TMin + fraction * (training.TMax - training.TMin);
        double[] x0 = TrainingCases.GaussianData(n, seed: 11);
        var batch = new TrainingBatch<double>(samples, dimension);
        double[] times = new double[samples];
        Array.Fill(times, t);
        objective.PrepareAt<double>(x0, times, batch, seed: 5, iteration: 3);

        double sigma = training.Sigma(t);
        ReadOnlySpan<double> eps = batch.Noise.Span, target = batch.Target.Span;
        double meanY = 0, meanP = 0;
        for (int k = 0; k < n; k++)
        {
            meanY += x0[k] + sigma * eps[k];
            meanP += target[k];
        }

        meanY /= n;
        meanP /= n;
        double syy = 0, syp = 0;
        for (int k = 0; k < n; k++)
        {
            double dy = x0[k] + sigma * eps[k] - meanY;
            syy += dy * dy;
            syp += dy * (target[k] - meanP);
        }

        double beta = syp / syy, alpha = meanP - beta * meanY, residualSquares = 0;
        for (int k = 0; k < n; k++)
        {
            double r = target[k] - alpha - beta * (x0[k] + sigma * eps[k]);
            residualSquares += r * r;
        }

        double residualVariance = residualSquares / (n - 2);
        double slopeError = Math.Sqrt(residualVariance / syy);
        double interceptError = Math.Sqrt(residualVariance * (1.0 / n + meanY * meanY / syy));

        ModelCall call = ModelCall.At(convention, training, sigma);
        double cp = Math.Abs(call.PredictionCoefficient);
        double exactSlope = TrainingCases.C * TrainingCases.C / (TrainingCases.C * TrainingCases.C + sigma * sigma);
        double exactIntercept = TrainingCases.Mu * (1 - exactSlope);
        (call.YCoefficient + call.PredictionCoefficient * beta).ShouldBe(exactSlope, 5 * cp * slopeError + 1e-12, $"slope at sigma = {sigma}");
        (call.PredictionCoefficient * alpha).ShouldBe(exactIntercept, 5 * cp * interceptError + 1e-12, $"intercept at sigma = {sigma}");
    }

    // Exact identity per element: x_0 = c_y y + c_p target (docs/math.md §19.2), to rounding (1e-12 relative to the
    // largest term, sigma up to 1000 on rectified flow).
    private static void Identity<TTraining>(TTraining training, PredictionType type, double fraction)
        where TTraining : struct, INoiseSchedule
    {
        const int samples = 3, dimension = 7;
        ModelConvention convention = TrainingCases.Convention(type);
        var objective = new DenoisingObjective<TTraining>(training, convention, NoiseLevelDistribution.UniformTime(), LossWeighting.Uniform);
        double t = training.TMin + fraction * (training.TMax - training.TMin);
        double[] x0 = TrainingCases.GaussianData(samples * dimension, seed: 2);
        var batch = new TrainingBatch<double>(samples, dimension);
        objective.PrepareAt<double>(x0, new[] { t, t, t }, batch, seed: 1, iteration: 0);
        double sigma = training.Sigma(t);
        ModelCall call = ModelCall.At(convention, training, sigma);
        for (int k = 0; k < x0.Length; k++)
        {
            double y = x0[k] + sigma * batch.Noise.Span[k];
            double scale = Math.Abs(call.YCoefficient * y) + Math.Abs(call.PredictionCoefficient * batch.Target.Span[k]) + 1;
            (call.YCoefficient * y + call.PredictionCoefficient * batch.Target.Span[k]).ShouldBe(x0[k], 1e-12 * scale);
            batch.NetworkInput.Span[k].ShouldBe(call.InputCoefficient * y, 1e-12 * Math.Abs(call.InputCoefficient * y) + 1e-300);
        }

        batch.Sigma.Span[0].ShouldBe(sigma);
        batch.Time.Span[0].ShouldBe(t);
    }
}
