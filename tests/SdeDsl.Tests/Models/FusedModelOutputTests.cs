using System;
using System.Linq;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Kernels;
using SdeDsl.Models;
using SdeDsl.Samplers;
using SdeDsl.Schedules;
using Xunit;

namespace SdeDsl.Tests.Models;

/// <summary>
/// Issue 18 item 5: a step on a converting network (epsilon, v, flow, x_0, EDM's F) folds D = c_y y + c_p P into its
/// own pass instead of materialising D: Euler and DDIM (x and P read, x written), Heun (both conversions folded into
/// the prediction and the correction), DPM-Solver++(2M) (D converted in registers, written to the history and used in
/// the same pass). The endpoints equal the unfused path's within the roundings of D (bitwise for DPM-Solver++(2M)
/// when s = 1), a NaN in the raw prediction still names the step and sigma, and the form (0, 1) gives the bits of the
/// plain pass. The unfused path is the same run with a step callback (which needs D, so selects it).
/// </summary>
public sealed partial class FusedModelOutputTests
{
    private const int Dimension = 2, Batch = 64, Length = Batch * Dimension;

    public static TheoryData<string> Models() => new() { "VpEpsilon", "VpV", "FlowVelocity1000", "DiscreteSample", "Edm" };

    /// <summary>
    /// Tolerance: the unfused step rounds D = c_y y + c_p P to float (|error| at most u_f (|c_y y| + |c_p P|) +
    /// u_f |D|, u_f = 2^-24) before x + c_D D; the fused one rounds c_x + c_D c_y / s and c_D c_p once each instead. Both
    /// enter x with weight |c_D| = Delta sigma / sigma below 1, the terms are below about 5 in size on this problem
    /// (the bound argued in <see cref="NetworkSamplingTests"/>), so a step differs by at most about 4 u_f x 5 = 1.2e-6
    /// and 16 steps by 1.9e-5: the neighbouring test's 2e-5.
    /// </summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void An_Euler_run_on_a_converting_network_matches_the_unfused_run(string model)
    {
        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 16, sigmaMin: 0.02, sigmaMax: 80);
        var fused = new float[Length];
        Prior.Sample(schedule, times[0], fused.AsSpan(), seed: 3);
        var unfused = (float[])fused.Clone();
        var options = new SamplingOptions { Seed = 5, Kernel = new KernelOptions { MaxDegreeOfParallelism = 1 } };
        int stepsSeen = 0;
        EulerSampler.Sample(schedule, Adapter(model), times, fused.AsSpan(), options);
        EulerSampler.Sample(schedule, Adapter(model), times, unfused.AsSpan(), options, onStep: _ => stepsSeen++); // a callback needs D: unfused

        double max = 0;
        for (int i = 0; i < Length; i++)
        {
            max = Math.Max(max, Math.Abs(fused[i] - unfused[i]));
        }

        Assert.True(stepsSeen > 0);
        Assert.True(max <= 2e-5, $"{model}: max endpoint difference {max:E3}");
        Assert.True(fused.AsSpan().IndexOfAnyExcept(0f) >= 0, $"{model}: the fused run produced zeros");
    }

    [Fact]
    public void A_non_finite_raw_prediction_names_the_step_and_sigma_on_the_fused_path()
    {
        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 6, sigmaMin: 0.02, sigmaMax: 80);
        float[] x = new float[Length];
        Prior.Sample(schedule, times[0], x.AsSpan(), seed: 3);
        float[] original = (float[])x.Clone();
        var network = new NaNAtCall(new DenoiserAsNetwork<Vp>(NetworkSamplingTests.Mixture(), default, ModelConvention.Epsilon(TimeInput.TrainingTime), Length), failingCall: 2);
        var adapter = new NetworkDenoiser<float, NaNAtCall, Vp>(network, default, ModelConvention.Epsilon(TimeInput.TrainingTime), Length);
        var e = Assert.Throws<NonFiniteDenoiserOutputException>(() => EulerSampler.Sample(schedule, adapter, times, x.AsSpan()));
        Assert.Equal(2, e.StepIndex);
        Assert.Equal(schedule.Sigma(times[2]), e.Sigma, 12);
        Assert.Equal(Length - 1, e.ElementIndex);
        Assert.False(e.Unwritten);
        Assert.Equal(original, x);
    }

    [Fact]
    public void The_identity_form_gives_the_bits_of_the_plain_pass()
    {
        Vp schedule = default;
        float[] x = new float[1031], d = new float[1031], plain = new float[1031], viaForm = new float[1031], yPlain = new float[1031], yForm = new float[1031];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = MathF.Sin(i * 0.37f) * 3;
            d[i] = MathF.Cos(i * 0.11f);
        }

        EulerSampler.Step<Vp, float>.Pass(schedule, 0.5, 0.4, x, d, plain, yPlain, default);
        EulerSampler.Step<Vp, float>.Pass(schedule, 0.5, 0.4, x, d, AffineOutput.Identity, viaForm, yForm, default);
        Assert.Equal(plain, viaForm);
        Assert.Equal(yPlain, yForm);
    }

    public static TheoryData<string, string> SamplersAndModels()
    {
        var data = new TheoryData<string, string>();
        foreach (string sampler in new[] { "Heun", "DpmSolverPlusPlus2M", "Ddim" })
        foreach (string model in new[] { "VpEpsilon", "VpV", "FlowVelocity1000", "DiscreteSample", "Edm" })
        {
            data.Add(sampler, model);
        }

        return data;
    }

    /// <summary>
    /// Tolerance as for Euler above: each call's D enters the state with weight below 1 (Heun's two calls with half
    /// weight each), rounded differently by the two paths by at most about 4 u_f x 5 per step, so 16 steps stay below
    /// 2e-5. On EDM's grid (s = 1) DPM-Solver++(2M)'s fused pass performs exactly the unfused operations (D from
    /// y = x, then the step on D), so there the endpoints must be bitwise equal.
    /// </summary>
    [Theory]
    [MemberData(nameof(SamplersAndModels))]
    public void A_run_on_a_converting_network_matches_the_unfused_run(string sampler, string model)
    {
        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 16, sigmaMin: 0.02, sigmaMax: 80);
        var fused = new float[Length];
        Prior.Sample(schedule, times[0], fused.AsSpan(), seed: 3);
        var unfused = (float[])fused.Clone();
        var options = new SamplingOptions { Seed = 5, Kernel = new KernelOptions { MaxDegreeOfParallelism = 1 } };
        int stepsSeen = 0;
        int fusedCalls = Run(sampler, schedule, Adapter(model), times, fused, options, null);
        int unfusedCalls = Run(sampler, schedule, Adapter(model), times, unfused, options, _ => stepsSeen++);

        Assert.Equal(unfusedCalls, fusedCalls);
        Assert.Equal(times.Length, stepsSeen);
        if (sampler == "DpmSolverPlusPlus2M")
        {
            Assert.Equal(unfused, fused);
        }
        else
        {
            double max = MaxDifference<float>(fused, unfused);
            Assert.True(max <= 2e-5, $"{sampler}, {model}: max endpoint difference {max:E3}");
        }

        Assert.True(fused.AsSpan().IndexOfAnyExcept(0f) >= 0, $"{model}: the fused run produced zeros");
    }

    /// <summary>
    /// On VP's grid (s != 1) the two paths round y = x/s differently too (D from c_y/s x in the fused pass, from the
    /// rounded y in the unfused one): one more rounding of the same size per call, so the Euler bound doubled, 4e-5.
    /// </summary>
    [Theory]
    [InlineData("Heun")]
    [InlineData("DpmSolverPlusPlus2M")]
    [InlineData("Ddim")]
    public void A_run_with_s_not_one_matches_the_unfused_run(string sampler)
    {
        Vp schedule = default;
        double[] times = TimeSteps.VpLinear(schedule, 16);
        var fused = new float[Length];
        Prior.Sample(schedule, times[0], fused.AsSpan(), seed: 4);
        var unfused = (float[])fused.Clone();
        var options = new SamplingOptions { Seed = 5, Kernel = new KernelOptions { MaxDegreeOfParallelism = 1 } };
        Run(sampler, schedule, Adapter("VpEpsilon"), times, fused, options, null);
        Run(sampler, schedule, Adapter("VpEpsilon"), times, unfused, options, _ => { });

        double max = MaxDifference<float>(fused, unfused);
        Assert.True(max <= 4e-5, $"{sampler}: max endpoint difference {max:E3}");
        Assert.True(max > 0 || sampler == "DpmSolverPlusPlus2M", $"{sampler}: identical bits: the run did not take the fused path");
    }

    /// <summary>
    /// Double precision on the analytic epsilon network of Gaussian data (eps = sigma y / (v + sigma^2)), through the
    /// adapter: the bounds above with u_d = 2^-53 instead of u_f, times the state's size (below 3 sigma_max = 240 at the
    /// start, below 1 at the end) so 1e-12; bitwise for DPM-Solver++(2M) on EDM's grid. An odd length (2 x 517) leaves
    /// scalar tails at every vector width, and two threads with 64-element chunks run the parallel path.
    /// </summary>
    [Theory]
    [InlineData("Heun")]
    [InlineData("DpmSolverPlusPlus2M")]
    [InlineData("Ddim")]
    public void A_double_run_on_an_analytic_epsilon_network_matches_the_unfused_run(string sampler)
    {
        const int length = 1034;
        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 12, sigmaMin: 0.02, sigmaMax: 80);
        var fused = new double[length];
        Prior.Sample(schedule, times[0], fused.AsSpan(), seed: 8);
        var unfused = (double[])fused.Clone();
        var kernel = new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 64 };
        var options = new SamplingOptions { Seed = 5, Kernel = kernel };
        ModelConvention convention = ModelConvention.Epsilon(TimeInput.Sigma);
        var adapter = new NetworkDenoiser<double, GaussianEpsilonNetwork<double>, Edm>(new GaussianEpsilonNetwork<double>(0.25), default, convention, length) { Kernel = kernel };
        Run(sampler, schedule, adapter, times, fused, options, null);
        Run(sampler, schedule, adapter, times, unfused, options, _ => { });

        if (sampler == "DpmSolverPlusPlus2M")
        {
            Assert.Equal(unfused, fused);
        }
        else
        {
            double max = MaxDifference<double>(fused, unfused);
            Assert.True(max <= 1e-12, $"{sampler}: max endpoint difference {max:E3}");
        }

        // And the run is the sampler's own recursion: D = k(sigma) x with k = v/(v + sigma^2) is linear, so each step
        // multiplies x by a scalar (docs/math.md §7.2, §7.6, §7.8, then x = D, §7.10), evaluated here in double. The
        // element's roundings (about 10 operations a step, 12 steps, u_d = 1.1e-16) stay below 1e-13 relative: 1e-12.
        // (This is the discretised flow, not the exact one: on 12 Karras steps Heun lands 11 % from
        // sqrt((v + sigma_min^2)/(v + sigma_0^2)) v/(v + sigma_min^2), which a numpy loop of EDM Algorithm 1 reproduces.)
        var start = new double[length];
        Prior.Sample(schedule, times[0], start.AsSpan(), seed: 8);
        double gain = RunGain(sampler, times.Select(schedule.Sigma).ToArray(), 0.25);
        for (int i = 0; i < length; i++)
        {
            double expected = gain * start[i];
            Assert.True(Math.Abs(fused[i] - expected) <= 1e-12 * Math.Abs(expected), $"{sampler}: element {i}: {fused[i]:R} vs {expected:R}");
        }
    }

    /// <summary>x_end / x_0 of a run on D = k(sigma) x, k = v / (v + sigma^2), s = 1 (EDM's grid), with the final step x = D.</summary>
    private static double RunGain(string sampler, double[] sigmas, double v) => RunGain(sampler, sigmas, sigma => v / (v + (sigma * sigma)));

    /// <summary>x_end / x_0 of a run on D = K(sigma) x, s = 1 (EDM's grid), with the final step x = D.</summary>
    private static double RunGain(string sampler, double[] sigmas, Func<double, double> K)
    {
        double x = 1, previousD = double.NaN, previousSigma = double.NaN;
        for (int n = 0; n + 1 < sigmas.Length; n++)
        {
            double sigma = sigmas[n], next = sigmas[n + 1], d = K(sigma) * x;
            switch (sampler)
            {
                case "Heun": // x' = x + h (x - D)/sigma; x_next = x + h/2 [(x - D)/sigma + (x' - D')/sigma_next]
                    double slope = (x - d) / sigma, predicted = x + ((next - sigma) * slope);
                    double slopeNext = (predicted - (K(next) * predicted)) / next;
                    x += (next - sigma) * (slope + slopeNext) / 2;
                    break;
                case "Euler": // x_next = x + h (x - D)/sigma
                    x += (next - sigma) * (x - d) / sigma;
                    break;
                case "Ddim": // x_next = D + (sigma_next/sigma)(x - D)
                    x = d + (next / sigma * (x - d));
                    break;
                default: // DPM-Solver++(2M), DDIM first
                    if (double.IsNaN(previousD))
                    {
                        x = d + (next / sigma * (x - d));
                    }
                    else
                    {
                        double h = Math.Log(sigma / next), r = Math.Log(previousSigma / sigma) / h;
                        double d2 = ((1 + (1 / (2 * r))) * d) - (previousD / (2 * r));
                        x = (next / sigma * x) - (Math.Exp(-h) - 1) * d2;
                    }

                    break;
            }

            previousD = d;
            previousSigma = sigma;
        }

        return K(sigmas[^1]) * x;
    }

    [Theory]
    [InlineData("Heun", 2, 1, 1)] // call 2: the first call of step 1, at t_1
    [InlineData("Heun", 3, 1, 2)] // call 3: step 1's call at its prediction, at t_2
    [InlineData("DpmSolverPlusPlus2M", 2, 2, 2)]
    [InlineData("DpmSolverPlusPlus2M", 0, 0, 0)]
    [InlineData("Ddim", 3, 3, 3)]
    public void A_non_finite_raw_prediction_names_the_step_and_sigma_in_every_fused_sampler(string sampler, int failingCall, int step, int timeIndex)
    {
        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 6, sigmaMin: 0.02, sigmaMax: 80);
        float[] x = new float[Length];
        Prior.Sample(schedule, times[0], x.AsSpan(), seed: 3);
        float[] original = (float[])x.Clone();
        ModelConvention convention = ModelConvention.Epsilon(TimeInput.TrainingTime);
        var network = new NaNAtCall(new DenoiserAsNetwork<Vp>(NetworkSamplingTests.Mixture(), default, convention, Length), failingCall);
        var adapter = new NetworkDenoiser<float, NaNAtCall, Vp>(network, default, convention, Length);
        var e = Assert.Throws<NonFiniteDenoiserOutputException>(() => Run(sampler, schedule, adapter, times, x, new SamplingOptions(), null));
        Assert.Equal(step, e.StepIndex);
        Assert.Equal(schedule.Sigma(times[timeIndex]), e.Sigma, 12);
        Assert.Equal(Length - 1, e.ElementIndex);
        Assert.False(e.Unwritten);
        Assert.Equal(original, x);
    }

    /// <summary>Heun's correction and DDIM with the form (0, 1) give the bits of their plain passes; DPM-Solver++(2M)'s converting pass writes D = P and the plain pass's x.</summary>
    [Fact]
    public void The_identity_form_gives_the_bits_of_the_plain_passes()
    {
        Vp schedule = default;
        const int n = 1031;
        float[] x = Wave(n, 0.37f, 3), d = Wave(n, 0.11f, 1), xp = Wave(n, 0.23f, 2), dp = Wave(n, 0.53f, 1), prev = Wave(n, 0.71f, 1);
        float[] plain = new float[n], viaForm = new float[n], yPlain = new float[n], yForm = new float[n];

        HeunSampler.Step<Vp, float>.Correction(schedule, 0.5, 0.4, x, d, xp, dp, plain, yPlain, default);
        HeunSampler.Step<Vp, float>.Correction(schedule, 0.5, 0.4, x, d, AffineOutput.Identity, xp, dp, AffineOutput.Identity, viaForm, yForm, default);
        Assert.Equal(plain, viaForm);
        Assert.Equal(yPlain, yForm);

        DdimSampler.Step<Vp, float>.Pass(schedule, 0.5, 0.4, x, d, plain, yPlain, default);
        DdimSampler.Step<Vp, float>.Pass(schedule, 0.5, 0.4, x, d, AffineOutput.Identity, viaForm, yForm, default);
        Assert.Equal(plain, viaForm);
        Assert.Equal(yPlain, yForm);

        float[] history = new float[n];
        DpmSolverPlusPlus2MSampler.Step<Vp, float>.Pass(schedule, 0.6, 0.5, 0.4, x, d, prev, plain, yPlain, default);
        DpmSolverPlusPlus2MSampler.Step<Vp, float>.PassOnPrediction(schedule, 0.6, 0.5, 0.4, x, d, AffineOutput.Identity, prev, viaForm, history, yForm, default);
        Assert.Equal(plain, viaForm);
        Assert.Equal(yPlain, yForm);
        Assert.Equal(d, history);
    }

    /// <summary>
    /// The converting pass against the two passes it replaces (FusedPass.Combine for D, then for the step), on
    /// arbitrary coefficients: bitwise equal at every vector width, both store policies, one and two threads, with
    /// and without D_previous and the scaled output, at lengths that leave every kind of tail; in place too
    /// (x_next over x, D over P).
    /// </summary>
    [Fact]
    public void The_converting_pass_gives_the_bits_of_a_conversion_pass_then_the_step_pass()
    {
        foreach (int n in new[] { 1, 7, 17, 33, 130, 1031 })
        foreach (int bits in new[] { 0, 64, 128, 256, 512 })
        foreach (bool? nonTemporal in new bool?[] { null, false, true })
        foreach (int threads in new[] { 1, 2 })
        {
            var options = new KernelOptions { MaxDegreeOfParallelism = threads, ChunkSize = 64, MaxVectorBits = bits, ForceNonTemporal = nonTemporal };
            string context = $"n = {n}, bits = {bits}, non-temporal = {nonTemporal}, threads = {threads}";
            ConvertingPassMatches<float>(n, options, withPrevious: true, context);
            ConvertingPassMatches<float>(n, options, withPrevious: false, context);
            ConvertingPassMatches<double>(n, options, withPrevious: true, context);
            ConvertingPassMatches<double>(n, options, withPrevious: false, context);
        }
    }

    /// <summary>
    /// Heun's fused correction against convert-then-correct on VP (s != 1), element by element. Bound: each path is a
    /// sum of at most 8 rounded products with rounded coefficients (the unfused one also rounds y = x/s and D), so by
    /// the standard sum bound each differs from the exact value by at most about 7 u M, M = |c_x x| + |c_D| (|c_y y| +
    /// |c_p P|) + |c_x' x'| + |c_D'| (|c_y' y'| + |c_p' P'|) in exact arithmetic: 16 u M covers both (u = 2^-24, 2^-53).
    /// </summary>
    [Fact]
    public void Heuns_fused_correction_matches_convert_then_correct_within_a_few_ulp_of_its_terms()
    {
        HeunCorrectionWithinBound<float>();
        HeunCorrectionWithinBound<double>();
    }

    /// <summary>
    /// DPM-Solver++(2M)'s converting pass against convert-then-step on VP (s != 1): x_next within 16 u M (M = |c_x x| +
    /// |c_D| (|c_y y| + |c_p P|) + |c_prev D_prev|; the argument of the Heun test) and D, written for the next step,
    /// within 8 u (|c_y y| + |c_p P|) (three roundings on each side plus y's and c_y/s's).
    /// </summary>
    [Fact]
    public void The_dpm_converting_pass_matches_convert_then_step_within_a_few_ulp_of_its_terms()
    {
        DpmWithinBound<float>();
        DpmWithinBound<double>();
    }

    private static void ConvertingPassMatches<T>(int n, KernelOptions options, bool withPrevious, string context)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        T[] a = Wave<T>(n, 0.37, 3), b = Wave<T>(n, 0.11, 1), c = withPrevious ? Wave<T>(n, 0.71, 2) : Array.Empty<T>();
        const double cy = 0.8125123, cp = -1.37, ca = 0.97, cd = 0.031, cc = -0.0155, inverse = 1 / 0.93;
        double ccUsed = withPrevious ? cc : 0;
        T[] expectedD = new T[n], expected = new T[n], expectedScaled = new T[n];
        FusedPass.Combine(cy, a, cp, b, expectedD, default, 0, options);
        if (withPrevious)
        {
            FusedPass.Combine(ca, a, cd, expectedD, ccUsed, c, expected, expectedScaled, inverse, options);
        }
        else
        {
            FusedPass.Combine(ca, a, cd, expectedD, expected, expectedScaled, inverse, options);
        }

        T[] output = new T[n], denoised = new T[n], scaled = new T[n];
        ConvertingPass.Run(cy, cp, ca, cd, ccUsed, a, b, c, output, denoised, scaled, inverse, options);
        Assert.True(expectedD.AsSpan().SequenceEqual(denoised), $"D, {typeof(T).Name}, {context}");
        Assert.True(expected.AsSpan().SequenceEqual(output), $"x, {typeof(T).Name}, {context}");
        Assert.True(expectedScaled.AsSpan().SequenceEqual(scaled), $"y, {typeof(T).Name}, {context}");

        // In place, no scaled output: x_next over x, D over P.
        T[] x = (T[])a.Clone(), p = (T[])b.Clone();
        ConvertingPass.Run(cy, cp, ca, cd, ccUsed, x, p, c, x, p, default, 0, options);
        Assert.True(expectedD.AsSpan().SequenceEqual(p), $"D in place, {typeof(T).Name}, {context}");
        Assert.True(expected.AsSpan().SequenceEqual(x), $"x in place, {typeof(T).Name}, {context}");
    }

    private static void HeunCorrectionWithinBound<T>()
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        Vp schedule = default;
        const int n = 1031;
        double t = 0.5, tNext = 0.4, s = schedule.Scale(t), sNext = schedule.Scale(tNext);
        var form = new AffineOutput(1, -schedule.Sigma(t)); // epsilon: D = y - sigma eps
        var formNext = new AffineOutput(1 / (1 + (schedule.Sigma(tNext) * schedule.Sigma(tNext))), -0.7); // any other affine form
        T[] x = Wave<T>(n, 0.37, 3), p = Wave<T>(n, 0.11, 1), xp = Wave<T>(n, 0.23, 3), pp = Wave<T>(n, 0.53, 1);
        T[] y = new T[n], yp = new T[n], d = new T[n], dp = new T[n], unfused = new T[n], fused = new T[n];
        FusedPass.Combine(1 / s, x, y, default);
        FusedPass.Combine(1 / sNext, xp, yp, default);
        FusedPass.Combine(form.InputCoefficient, y, form.PredictionCoefficient, p, d, default, 0, default);
        FusedPass.Combine(formNext.InputCoefficient, yp, formNext.PredictionCoefficient, pp, dp, default, 0, default);
        HeunSampler.Step<Vp, T>.Correction(schedule, t, tNext, x, d, xp, dp, unfused, default, default);
        HeunSampler.Step<Vp, T>.Correction(schedule, t, tNext, x, p, form, xp, pp, formNext, fused, default, default);

        HeunStepCoefficients c = ScheduleStepCoefficients.HeunCorrection(schedule, t, tNext);
        double u = UnitRoundoff<T>();
        for (int i = 0; i < n; i++)
        {
            double m = Math.Abs(c.X * D(x[i])) + (Math.Abs(c.D) * ((Math.Abs(form.InputCoefficient * D(x[i]) / s)) + Math.Abs(form.PredictionCoefficient * D(p[i]))))
                + Math.Abs(c.XPredicted * D(xp[i])) + (Math.Abs(c.DPredicted) * ((Math.Abs(formNext.InputCoefficient * D(xp[i]) / sNext)) + Math.Abs(formNext.PredictionCoefficient * D(pp[i]))));
            double difference = Math.Abs(D(fused[i]) - D(unfused[i]));
            Assert.True(difference <= 16 * u * m, $"{typeof(T).Name} element {i}: |fused - unfused| = {difference:E3} > 16 u M = {16 * u * m:E3}");
        }

        Assert.False(fused.AsSpan().SequenceEqual(unfused), "the forms were not folded (identical bits)");
    }

    private static void DpmWithinBound<T>()
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        Vp schedule = default;
        const int n = 1031;
        double tPrevious = 0.6, t = 0.5, tNext = 0.4, s = schedule.Scale(t);
        var form = new AffineOutput(1, -schedule.Sigma(t));
        T[] x = Wave<T>(n, 0.37, 3), p = Wave<T>(n, 0.11, 1), previous = Wave<T>(n, 0.71, 1);
        T[] y = new T[n], d = new T[n], unfused = new T[n], fused = new T[n], history = new T[n], yUnfused = new T[n], yFused = new T[n];
        FusedPass.Combine(1 / s, x, y, default);
        FusedPass.Combine(form.InputCoefficient, y, form.PredictionCoefficient, p, d, default, 0, default);
        DpmSolverPlusPlus2MSampler.Step<Vp, T>.Pass(schedule, tPrevious, t, tNext, x, d, previous, unfused, yUnfused, default);
        DpmSolverPlusPlus2MSampler.Step<Vp, T>.PassOnPrediction(schedule, tPrevious, t, tNext, x, p, form, previous, fused, history, yFused, default);

        // The coefficients of docs/math.md §7.8, in double.
        double sigmaPrevious = schedule.Sigma(tPrevious), sigma = schedule.Sigma(t), sigmaNext = schedule.Sigma(tNext), sNext = schedule.Scale(tNext);
        double h = Math.Log(sigma / sigmaNext), r = Math.Log(sigmaPrevious / sigma) / h, w = 1 - (sigmaNext / sigma);
        double cx = sNext * (sigmaNext / sigma) / s, cd = sNext * w * (1 + (1 / (2 * r))), cPrevious = -sNext * w / (2 * r);
        double u = UnitRoundoff<T>();
        for (int i = 0; i < n; i++)
        {
            double terms = Math.Abs(form.InputCoefficient * D(x[i]) / s) + Math.Abs(form.PredictionCoefficient * D(p[i]));
            double m = Math.Abs(cx * D(x[i])) + (Math.Abs(cd) * terms) + Math.Abs(cPrevious * D(previous[i]));
            double dx = Math.Abs(D(fused[i]) - D(unfused[i])), dd = Math.Abs(D(history[i]) - D(d[i]));
            Assert.True(dx <= 16 * u * m, $"{typeof(T).Name} element {i}: |x fused - x unfused| = {dx:E3} > 16 u M = {16 * u * m:E3}");
            Assert.True(dd <= 8 * u * terms, $"{typeof(T).Name} element {i}: |D fused - D unfused| = {dd:E3} > 8 u (|c_y y| + |c_p P|) = {8 * u * terms:E3}");
            Assert.True(Math.Abs(D(yFused[i]) - D(yUnfused[i])) <= 20 * u * m / sNext, $"{typeof(T).Name} element {i}: y = x / s_next"); // x's bound / s_next and y's own two roundings
        }
    }

    private static double UnitRoundoff<T>()
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T> => typeof(T) == typeof(float) ? Math.Pow(2, -24) : Math.Pow(2, -53);

    private static double D<T>(T value)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T> => double.CreateTruncating(value);

    private static double MaxDifference<T>(T[] a, T[] b)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(D(a[i]) - D(b[i])));
        }

        return max;
    }

    private static float[] Wave(int n, float frequency, float amplitude)
    {
        var values = new float[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = amplitude * MathF.Sin((i + 1) * frequency);
        }

        return values;
    }

    private static T[] Wave<T>(int n, double frequency, double amplitude)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var values = new T[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = T.CreateTruncating(amplitude * Math.Sin((i + 1) * frequency));
        }

        return values;
    }

    private static int Run<TSchedule, T, TDenoiser>(
        string sampler, TSchedule schedule, TDenoiser denoiser, double[] times, T[] x, SamplingOptions options, StepCallback<T>? onStep)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T> => sampler switch
        {
            "Heun" => HeunSampler.Sample(schedule, denoiser, times, x.AsSpan(), options, onStep),
            "DpmSolverPlusPlus2M" => DpmSolverPlusPlus2MSampler.Sample(schedule, denoiser, times, x.AsSpan(), options, onStep),
            "Ddim" => DdimSampler.Sample(schedule, denoiser, times, x.AsSpan(), options, onStep),
            _ => EulerSampler.Sample(schedule, denoiser, times, x.AsSpan(), options, onStep),
        };

    private static IDenoiser<float> Adapter(string model)
    {
        GaussianMixtureDenoiser mixture = NetworkSamplingTests.Mixture();
        return model switch
        {
            "VpEpsilon" => Adapter<Vp>(mixture, ModelConvention.Epsilon(TimeInput.TrainingTime)),
            "VpV" => Adapter<Vp>(mixture, ModelConvention.V(TimeInput.TrainingTime)),
            "FlowVelocity1000" => Adapter<RectifiedFlow>(mixture, ModelConvention.Flow(TimeInput.ScaledTrainingTime(1000))),
            "DiscreteSample" => Adapter<DiscreteLikeVp>(mixture, ModelConvention.Sample(TimeInput.FractionalTimestep)),
            _ => Adapter<Edm>(mixture, ModelConvention.Edm(0.5)),
        };
    }

    private static IDenoiser<float> Adapter<TTraining>(GaussianMixtureDenoiser mixture, ModelConvention convention)
        where TTraining : struct, INoiseSchedule =>
        new NetworkDenoiser<float, DenoiserAsNetwork<TTraining>, TTraining>(new DenoiserAsNetwork<TTraining>(mixture, default, convention, Length), default, convention, Length)
        {
            Kernel = new KernelOptions { MaxDegreeOfParallelism = 1 },
        };

    /// <summary>A network that returns NaN in its last element at one call.</summary>
    private sealed class NaNAtCall(INetwork<float> inner, int failingCall) : INetwork<float>
    {
        private int _calls;

        public void Predict(ReadOnlySpan<float> input, double timeInput, Span<float> output)
        {
            inner.Predict(input, timeInput, output);
            if (_calls++ == failingCall)
            {
                output[^1] = float.NaN;
            }
        }
    }

    /// <summary>
    /// The perfect epsilon network of data N(0, v I) on a schedule with s = 1: D(y; sigma) = v y / (v + sigma^2), so
    /// eps = (y - D)/sigma = sigma y / (v + sigma^2) (time input: sigma itself; docs/math.md §11.2).
    /// </summary>
    private sealed class GaussianEpsilonNetwork<T>(double variance) : INetwork<T>
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        public void Predict(ReadOnlySpan<T> input, double timeInput, Span<T> output)
        {
            double c = timeInput / (variance + (timeInput * timeInput));
            for (int i = 0; i < input.Length; i++)
            {
                output[i] = T.CreateTruncating(c * double.CreateTruncating(input[i]));
            }
        }
    }
}
