using System;
using SdeDsl.Models;
using SdeDsl.Schedules;
using SdeDsl.Training;
using Shouldly;
using Xunit;

namespace SdeDsl.Tests.Training;

/// <summary>
/// The weighted loss at the exact denoiser equals its closed form (docs/math.md §19.3-§19.4): per sample
/// E[loss | sigma] = lambda(sigma) c^2 sigma^2/(c^2 + sigma^2) for Gaussian data, averaged over the noise-level
/// distribution; and the weights are the published ones.
/// </summary>
public sealed class WeightedLossTests
{
    private const int Samples = 20000, Dimension = 3;

    // EDM: lambda(sigma) v(sigma) = 1 for every sigma when sigma_d = c, so the expected loss is exactly 1 whatever the
    // noise levels (clamped ones included). Each element's lambda (D - x_0)^2 is chi-square(1) (variance 2), so the
    // batch mean has standard error sqrt(2/(B d)); the bound is 5 of them.
    [Fact]
    public void Edm_loss_of_the_exact_denoiser_is_one()
    {
        var objective = new DenoisingObjective<Edm>(default, ModelConvention.Edm(TrainingCases.C), NoiseLevelDistribution.LogNormal(), LossWeighting.Edm(TrainingCases.C));
        double loss = ExactLoss(objective, out TrainingBatch<double> batch, out _);
        loss.ShouldBe(1.0, 5 * Math.Sqrt(2.0 / (Samples * Dimension)));
        // On EDM's F the weight lambda c_out^2 is 1 (EDM section 5: unit-variance target, unit weight).
        foreach (double w in batch.Weight.Span) w.ShouldBe(1.0, 1e-12);
    }

    // min-SNR-5 with t ~ U[TMin, TMax] on VP, epsilon prediction: the closed form is
    // (1/(TMax - TMin)) integral min(1/sigma(t)^2, 5) v(sigma(t)) dt, by composite Simpson on 20000 panels (the integrand
    // is bounded and piecewise smooth, the kink at sigma^2 = 1/5 costs O(h^2) = 1e-8 of it). The Monte Carlo bound is
    // 5 standard errors of the mean of the per-sample losses (estimated from them).
    [Fact]
    public void Min_snr_loss_with_uniform_time_matches_its_integral()
    {
        var vp = default(Vp);
        var weighting = LossWeighting.MinSnr(5);
        var objective = new DenoisingObjective<Vp>(vp, TrainingCases.Convention(PredictionType.Epsilon), NoiseLevelDistribution.UniformTime(), weighting);
        double loss = ExactLoss(objective, out _, out double standardError);
        double expected = Simpson(t => weighting.DenoiserWeight(vp.Sigma(t)) * TrainingCases.PosteriorVariance(vp.Sigma(t)), vp.TMin, vp.TMax, 20000) / (vp.TMax - vp.TMin);
        loss.ShouldBe(expected, 5 * standardError);
    }

    // SNR weighting, SD3's logit-normal on rectified flow with flow-velocity prediction: the closed form is
    // integral phi(z) lambda v at t = TMin + (TMax - TMin) sigmoid(z) dz over z in [-9, 9] (the tails beyond carry 2e-19
    // of the mass of a bounded integrand, lambda v = c^2/(c^2 + sigma^2) <= 1), Simpson on 20000 panels.
    [Fact]
    public void Snr_loss_with_logit_normal_time_matches_its_integral()
    {
        var flow = default(RectifiedFlow);
        var weighting = LossWeighting.Snr;
        var objective = new DenoisingObjective<RectifiedFlow>(flow, TrainingCases.Convention(PredictionType.FlowVelocity), NoiseLevelDistribution.LogitNormal(), weighting);
        double loss = ExactLoss(objective, out _, out double standardError);
        double expected = Simpson(
            z =>
            {
                double t = flow.TMin + (flow.TMax - flow.TMin) / (1 + Math.Exp(-z));
                double sigma = flow.Sigma(t);
                return Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI) * weighting.DenoiserWeight(sigma) * TrainingCases.PosteriorVariance(sigma);
            },
            -9, 9, 20000);
        loss.ShouldBe(expected, 5 * standardError);
    }

    // Uniform weighting (plain MSE on v) over SD 1.5's 1000 timesteps drawn uniformly: the closed form is the exact
    // average (1/N) sum_k v(sigma_k)/c_p(sigma_k)^2.
    [Fact]
    public void Uniform_v_loss_over_discrete_timesteps_matches_its_sum()
    {
        var sd15 = TrainingCases.Sd15;
        ModelConvention convention = TrainingCases.Convention(PredictionType.V);
        var objective = new DenoisingObjective<DiscreteSchedule>(sd15, convention, NoiseLevelDistribution.UniformTimesteps(1000), LossWeighting.Uniform);
        double loss = ExactLoss(objective, out TrainingBatch<double> batch, out double standardError);
        double expected = 0;
        for (int k = 0; k < 1000; k++)
        {
            double sigma = sd15.Sigma(k);
            double cp = ModelCall.At(convention, sd15, sigma).PredictionCoefficient;
            expected += TrainingCases.PosteriorVariance(sigma) / (cp * cp) / 1000;
        }

        loss.ShouldBe(expected, 5 * standardError);
        foreach (double t in batch.Time.Span) t.ShouldBe(Math.Round(t));
    }

    // The weights on the prediction's own error are the published ones (docs/math.md §19.3), to rounding.
    [Theory]
    [InlineData(0.05)]
    [InlineData(0.45)]
    [InlineData(3.0)]
    [InlineData(40.0)]
    public void Prediction_weights_are_the_published_ones(double sigma)
    {
        var vp = default(Vp);
        double snr = 1 / (sigma * sigma);
        double Weight(LossWeighting weighting, PredictionType type) =>
            weighting.PredictionWeight(sigma, ModelCall.At(TrainingCases.Convention(type), vp, sigma).PredictionCoefficient);

        // min-SNR-gamma (Hang et al. 2023): min(SNR, gamma)/SNR on eps, min(SNR, gamma)/(SNR + 1) on v (VP), min(SNR, gamma) on x_0.
        Weight(LossWeighting.MinSnr(5), PredictionType.Epsilon).ShouldBe(Math.Min(snr, 5) / snr, 1e-12);
        Weight(LossWeighting.MinSnr(5), PredictionType.V).ShouldBe(Math.Min(snr, 5) / (snr + 1), 1e-12 * Math.Min(snr, 5));
        Weight(LossWeighting.MinSnr(5), PredictionType.Sample).ShouldBe(Math.Min(snr, 5), 1e-12 * Math.Min(snr, 5));
        // SNR on |D - x_0|^2 is DDPM's L_simple: weight 1 on eps.
        Weight(LossWeighting.Snr, PredictionType.Epsilon).ShouldBe(1.0, 1e-12);
        // EDM's lambda on F with matching sigma_d: 1.
        LossWeighting.Edm(0.5).PredictionWeight(sigma, ModelCall.At(ModelConvention.Edm(0.5), vp, sigma).PredictionCoefficient).ShouldBe(1.0, 1e-12);
        LossWeighting.Edm(0.5).DenoiserWeight(sigma).ShouldBe((sigma * sigma + 0.25) / (sigma * sigma * 0.25), 1e-12 * (sigma * sigma + 0.25) / (sigma * sigma * 0.25));
        Weight(LossWeighting.Uniform, PredictionType.FlowVelocity).ShouldBe(1.0);
    }

    [Fact]
    public void Gradient_is_the_derivative_of_the_loss()
    {
        var objective = new DenoisingObjective<Vp>(default, TrainingCases.Convention(PredictionType.Epsilon), NoiseLevelDistribution.UniformTime(), LossWeighting.MinSnr(5));
        var batch = new TrainingBatch<double>(4, 5);
        double[] x0 = TrainingCases.GaussianData(batch.Length, seed: 3);
        objective.Prepare<double>(x0, batch, seed: 9, iteration: 1);
        double[] p = TrainingCases.GaussianData(batch.Length, seed: 4), gradient = new double[batch.Length];
        double loss = DenoisingObjective<Vp>.LossAndGradient<double>(p, batch, gradient);
        loss.ShouldBe(DenoisingObjective<Vp>.Loss<double>(p, batch));
        // The loss is quadratic in each p_k, so the central difference is exact up to rounding (h = 1e-3, terms O(1)).
        for (int k = 0; k < p.Length; k++)
        {
            double keep = p[k];
            p[k] = keep + 1e-3;
            double up = DenoisingObjective<Vp>.Loss<double>(p, batch);
            p[k] = keep - 1e-3;
            double down = DenoisingObjective<Vp>.Loss<double>(p, batch);
            p[k] = keep;
            gradient[k].ShouldBe((up - down) / 2e-3, 1e-9);
        }
    }

    private static double ExactLoss<TTraining>(DenoisingObjective<TTraining> objective, out TrainingBatch<double> batch, out double standardError)
        where TTraining : struct, INoiseSchedule
    {
        batch = new TrainingBatch<double>(Samples, Dimension);
        double[] x0 = TrainingCases.GaussianData(batch.Length, seed: 21);
        objective.Prepare<double>(x0, batch, seed: 8, iteration: 2);
        double[] prediction = new double[batch.Length];
        TrainingCases.ExactPrediction(objective.Training, objective.Convention, x0, batch, prediction);

        // Per-sample losses for the standard error of their mean.
        ReadOnlySpan<double> target = batch.Target.Span, weights = batch.Weight.Span;
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < Samples; i++)
        {
            double e2 = 0;
            for (int j = i * Dimension; j < (i + 1) * Dimension; j++) e2 += (prediction[j] - target[j]) * (prediction[j] - target[j]);
            double l = weights[i] * e2 / Dimension;
            sum += l;
            sumSquares += l * l;
        }

        double mean = sum / Samples;
        standardError = Math.Sqrt((sumSquares / Samples - mean * mean) / (Samples - 1));
        double loss = DenoisingObjective<TTraining>.Loss<double>(prediction, batch);
        loss.ShouldBe(mean, 1e-12 * mean);
        return loss;
    }

    private static double Simpson(Func<double, double> f, double a, double b, int panels)
    {
        double h = (b - a) / panels, sum = f(a) + f(b);
        for (int k = 1; k < panels; k++) sum += f(a + k * h) * (k % 2 == 1 ? 4 : 2);
        return sum * h / 3;
    }
}
