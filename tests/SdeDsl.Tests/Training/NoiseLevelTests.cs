using System;
using SdeDsl.Models;
using SdeDsl.Schedules;
using SdeDsl.Training;
using Shouldly;
using Xunit;

namespace SdeDsl.Tests.Training;

/// <summary>
/// The noise-level distributions draw what they claim (docs/math.md §19.1), reproducibly per sample, and bad input
/// is named. Moment checks use N = 40000 draws and 5 standard errors (the sample mean of a variable of variance v has
/// standard error sqrt(v/N); the sample variance of a normal one sqrt(2/N) v, of a uniform one sqrt(4/(5N)) v).
/// </summary>
public sealed class NoiseLevelTests
{
    private const int N = 40000;

    [Fact]
    public void Log_normal_has_ln_sigma_with_mean_P_mean_and_deviation_P_std()
    {
        var edm = default(Edm);
        var levels = NoiseLevelDistribution.LogNormal(-1.2, 1.2);
        (double mean, double variance) = Moments(i => Math.Log(edm.Sigma(levels.DrawTime(edm, 7, 1, (ulong)i))));
        // The clamp to [0.002, 80] moves 1.6e-5 of the mass by at most 0.5 in ln sigma: below 1e-5, far inside the bound.
        mean.ShouldBe(-1.2, 5 * 1.2 / Math.Sqrt(N));
        variance.ShouldBe(1.44, 5 * Math.Sqrt(2.0 / N) * 1.44);
    }

    [Fact]
    public void Uniform_time_has_the_moments_of_U_TMin_TMax()
    {
        var vp = default(Vp);
        var levels = NoiseLevelDistribution.UniformTime();
        double width = vp.TMax - vp.TMin;
        (double mean, double variance) = Moments(i => levels.DrawTime(vp, 7, 3, (ulong)i));
        mean.ShouldBe(vp.TMin + width / 2, 5 * Math.Sqrt(width * width / 12 / N));
        variance.ShouldBe(width * width / 12, 5 * Math.Sqrt(4.0 / (5 * N)) * width * width / 12);
    }

    [Fact]
    public void Logit_normal_has_normal_logits()
    {
        var flow = default(RectifiedFlow);
        var levels = NoiseLevelDistribution.LogitNormal(0.5, 0.8);
        (double mean, double variance) = Moments(i =>
        {
            double u = (levels.DrawTime(flow, 7, 5, (ulong)i) - flow.TMin) / (flow.TMax - flow.TMin);
            return Math.Log(u / (1 - u));
        });
        mean.ShouldBe(0.5, 5 * 0.8 / Math.Sqrt(N));
        variance.ShouldBe(0.64, 5 * Math.Sqrt(2.0 / N) * 0.64);
    }

    // Each of 10 timesteps has count ~ Binomial(N, 1/10): within 5 standard deviations sqrt(N p (1 - p)).
    [Fact]
    public void Uniform_timesteps_visit_every_timestep_equally_often()
    {
        DiscreteSchedule table = DiscreteSchedule.Create(BetaSchedule.Linear, 10);
        var levels = NoiseLevelDistribution.UniformTimesteps(10);
        int[] counts = new int[10];
        for (int i = 0; i < N; i++)
        {
            double t = levels.DrawTime(table, 7, 9, (ulong)i);
            t.ShouldBe(Math.Round(t));
            counts[(int)t]++;
        }

        foreach (int count in counts) ((double)count).ShouldBe(N / 10.0, 5 * Math.Sqrt(N * 0.1 * 0.9));
    }

    [Fact]
    public void A_sample_gets_the_same_batch_entries_in_any_shard()
    {
        var objective = new DenoisingObjective<Vp>(default, ModelConvention.V(TimeInput.TrainingTime), NoiseLevelDistribution.LogNormal(), LossWeighting.MinSnr());
        float[] x0 = new float[8 * 6];
        for (int k = 0; k < x0.Length; k++) x0[k] = (float)Math.Sin(k);
        var whole = new TrainingBatch<float>(8, 6);
        objective.Prepare<float>(x0, whole, seed: 42, iteration: 17);
        var shard = new TrainingBatch<float>(3, 6);
        objective.Prepare<float>(x0.AsSpan(5 * 6, 3 * 6), shard, seed: 42, iteration: 17, firstIndex: 5);

        shard.NetworkInput.Span.ToArray().ShouldBe(whole.NetworkInput.Span.Slice(5 * 6, 3 * 6).ToArray());
        shard.Target.Span.ToArray().ShouldBe(whole.Target.Span.Slice(5 * 6, 3 * 6).ToArray());
        shard.Time.Span.ToArray().ShouldBe(whole.Time.Span.Slice(5, 3).ToArray());
        shard.Weight.Span.ToArray().ShouldBe(whole.Weight.Span.Slice(5, 3).ToArray());

        var next = new TrainingBatch<float>(8, 6);
        objective.Prepare<float>(x0, next, seed: 42, iteration: 18);
        next.Time.Span.ToArray().ShouldNotBe(whole.Time.Span.ToArray());
        next.Noise.Span.ToArray().ShouldNotBe(whole.Noise.Span.ToArray());
    }

    [Fact]
    public void Bad_input_is_named()
    {
        var objective = new DenoisingObjective<Vp>(default, ModelConvention.Epsilon(TimeInput.TrainingTime), NoiseLevelDistribution.UniformTime(), LossWeighting.Uniform);
        var batch = new TrainingBatch<double>(3, 2);
        var outOfRange = Should.Throw<ArgumentOutOfRangeException>(() => objective.PrepareAt<double>(new double[6], new[] { 0.5, 0.5, 1.5 }, batch, 1, 0));
        outOfRange.ParamName.ShouldBe("times");
        outOfRange.Message.ShouldContain("Sample 2");
        outOfRange.Message.ShouldContain("sigma");
        Should.Throw<ArgumentException>(() => objective.Prepare<double>(new double[5], batch, 1, 0)).ParamName.ShouldBe("x0");
        Should.Throw<ArgumentException>(() => DenoisingObjective<Vp>.Loss<double>(new double[4], batch)).ParamName.ShouldBe("prediction");
        Should.Throw<ArgumentOutOfRangeException>(() => NoiseLevelDistribution.LogNormal(pStd: 0)).ParamName.ShouldBe("pStd");
        Should.Throw<ArgumentOutOfRangeException>(() => NoiseLevelDistribution.UniformTimesteps(1)).ParamName.ShouldBe("count");
        Should.Throw<ArgumentOutOfRangeException>(() => LossWeighting.MinSnr(-1)).ParamName.ShouldBe("gamma");
    }

    private static (double Mean, double Variance) Moments(Func<int, double> draw)
    {
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < N; i++)
        {
            double v = draw(i);
            sum += v;
            sumSquares += v * v;
        }

        double mean = sum / N;
        return (mean, (sumSquares - N * mean * mean) / (N - 1));
    }
}
