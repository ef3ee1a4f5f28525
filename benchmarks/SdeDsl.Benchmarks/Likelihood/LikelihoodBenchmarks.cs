using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using SdeDsl.Benchmarks.Infrastructure;
using SdeDsl.Denoisers;
using SdeDsl.Likelihood;
using SdeDsl.Noise;
using SdeDsl.Samplers.Adaptive;
using SdeDsl.Schedules;

namespace SdeDsl.Benchmarks.Likelihood;

/// <summary>
/// One likelihood evaluation through the probability-flow ODE (docs/math.md §16.4) of <see cref="Points"/> held-out
/// points of a 2-D three-component Gaussian mixture under VP (score_sde's recipe: eps = TMin to T = 1, Dormand-Prince
/// 5(4) in log sigma), against the solver tolerance, with the mixture's exact divergence or one Rademacher Hutchinson
/// probe (3 calls per evaluation instead of 1). The setup records the denoiser calls and the error against the exact
/// mixture log-density; both are deterministic and printed, so the doc can put calls and time side by side.
/// </summary>
[MemoryDiagnoser]
public class LikelihoodBenchmarks
{
    /// <summary>Held-out points per evaluation.</summary>
    public const int Points = 200;

    private const int Dimension = 2;
    private double[] _points = null!;
    private double[] _log = null!;
    private GaussianMixtureDenoiser _mixture = null!;
    private LikelihoodOptions _options = null!;

    /// <summary>rtol = atol of the solver.</summary>
    [ParamsSource(nameof(Tolerances))]
    public double Tolerance { get; set; }

    /// <summary>The divergence method.</summary>
    [Params(DivergenceMethod.Exact, DivergenceMethod.Hutchinson)]
    public DivergenceMethod Divergence { get; set; }

    /// <summary>The tolerances (one in quick mode).</summary>
    public static IEnumerable<double> Tolerances => BenchmarkSettings.Quick ? new[] { 1e-3 } : new[] { 1e-3, 1e-5, 1e-7, 1e-9 };

    /// <summary>Builds the problem, runs it once to record calls and error, and warms the JIT.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _mixture = new GaussianMixtureDenoiser(
            [0.5, 0.3, 0.2],
            [[-1.0, 0.5], [1.2, -0.4], [0.2, 1.6]],
            [[0.09, 0.25], [0.16, 0.04], [0.36, 0.09]])
        { MaxDegreeOfParallelism = 1 };
        _points = new double[Points * Dimension];
        new GaussianNoise(3).Fill(0, 0, _points);
        _log = new double[Points];
        _options = new LikelihoodOptions
        {
            Prior = _mixture,
            Divergence = Divergence,
            Adaptive = new AdaptiveOptions { RelativeTolerance = Tolerance, AbsoluteTolerance = Tolerance },
        };

        AdaptiveStatistics statistics = ProbabilityFlowLikelihood.LogLikelihood(default(Vp), _mixture, _points, Dimension, _log, _options);
        Vp vp = default;
        double s0 = vp.Scale(vp.TMin), sigma0 = vp.Sigma(vp.TMin), maxError = 0;
        for (int b = 0; b < Points; b++)
        {
            double[] y = [_points[2 * b] / s0, _points[2 * b + 1] / s0];
            maxError = Math.Max(maxError, Math.Abs(_log[b] - (_mixture.LogDensity(y, sigma0) - Dimension * Math.Log(s0))));
        }

        Console.WriteLine($"// likelihood: tolerance {Tolerance:E0}, {Divergence}: {statistics.DenoiserCalls} calls, " +
            $"{statistics.AcceptedSteps} accepted, {statistics.RejectedSteps} rejected, max |error| {maxError:E2}");
        JitWarmup.Run(() => LogLikelihood(), minimumRounds: 3);
    }

    /// <summary>log p of every point, one adaptive solve over the batch.</summary>
    [Benchmark]
    public int LogLikelihood() =>
        ProbabilityFlowLikelihood.LogLikelihood(default(Vp), _mixture, _points, Dimension, _log, _options).DenoiserCalls;
}
