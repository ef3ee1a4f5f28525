using System;
using System.Linq;
using SdeDsl.Discretisation;
using SdeDsl.Kernels;
using SdeDsl.Models;
using SdeDsl.Samplers;
using SdeDsl.Schedules;
using Xunit;

namespace SdeDsl.Tests.Models;

/// <summary>
/// Issue 18 item 5, round 4: classifier-free guidance folded into the step (docs/math.md §11.9). Euler and
/// DPM-Solver++(2M) on a guided adapter read x, P_c, P_u (and D_previous) and write x (and D) in one pass instead of
/// the adapter's combine pass followed by the step. The unfused path is the same run with a step callback.
/// </summary>
public sealed partial class FusedModelOutputTests
{
    private const double ConditionalVariance = 0.25, UnconditionalVariance = 0.6, GuidanceScale = 3;

    /// <summary>
    /// Double precision, two Gaussian epsilon branches (eps_b = sigma y / (v_b + sigma^2)), w = 3, on EDM's grid
    /// (s = 1), 2 x 517 elements on two threads with 64-element chunks (scalar tails at every width, the parallel
    /// path). DPM-Solver++(2M)'s guided pass performs exactly the adapter's combine and then the step's operations, so
    /// the endpoints are bitwise equal; Euler folds the coefficients (one rounding of c_x + c_D c_y and of c_D c_u,
    /// c_D c_c instead of D's), which moves each step by a few u_d of its terms: the state is below 3 sigma_max = 240
    /// and the guided terms below w = 3 times it, so 12 steps stay below 1e-12 (u_d = 1.1e-16). Both equal the
    /// sampler's recursion on D = k(sigma) x, k = 1 - sigma^2 (w / (v_c + sigma^2) + (1 - w) / (v_u + sigma^2)),
    /// evaluated in double (the argument of the unguided double test: 1e-12 relative).
    /// </summary>
    [Theory]
    [InlineData("Euler", GuidedCallMode.TwoCalls)]
    [InlineData("Euler", GuidedCallMode.BatchDoubled)]
    [InlineData("DpmSolverPlusPlus2M", GuidedCallMode.TwoCalls)]
    [InlineData("DpmSolverPlusPlus2M", GuidedCallMode.BatchDoubled)]
    public void A_guided_double_run_folds_the_combine_and_matches_the_unfused_run(string sampler, GuidedCallMode mode)
    {
        const int length = 1034;
        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 12, sigmaMin: 0.02, sigmaMax: 80);
        var fused = new double[length];
        Prior.Sample(schedule, times[0], fused.AsSpan(), seed: 8);
        var unfused = (double[])fused.Clone();
        var start = (double[])fused.Clone();
        var kernel = new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 64 };
        var options = new SamplingOptions { Seed = 5, Kernel = kernel };
        var network = new GaussianGuidedNetwork<double>(mode);
        var adapter = GuidedAdapter(network, new ClassifierFreeGuidance(GuidanceScale), length, kernel);
        Run(sampler, schedule, adapter, times, fused, options, null);
        int callsFused = network.Calls;
        Run(sampler, schedule, adapter, times, unfused, options, _ => { });

        Assert.Equal(2 * callsFused, network.Calls); // the same network calls on both paths
        if (sampler == "DpmSolverPlusPlus2M")
        {
            Assert.Equal(unfused, fused);
        }
        else
        {
            double max = MaxDifference<double>(fused, unfused);
            Assert.True(max <= 1e-12, $"{sampler}: max endpoint difference {max:E3}");
            Assert.True(max > 0, $"{sampler}: identical bits: the run did not take the folded path");
        }

        double gain = RunGain(sampler, times.Select(schedule.Sigma).ToArray(), GuidedGain);
        for (int i = 0; i < length; i++)
        {
            double expected = gain * start[i];
            Assert.True(Math.Abs(fused[i] - expected) <= 1e-12 * Math.Abs(expected), $"{sampler}: element {i}: {fused[i]:R} vs {expected:R}");
        }
    }

    /// <summary>
    /// Float on VP (s != 1, the epsilon convention on VP's training time), w = 3: the folded run against the unfused
    /// one. Each call's guided D enters the state with weight below 1; the two paths round it differently by at most
    /// about 4 u_f times its terms, which are below about 3 (w + |1 - w|) = 15 here (state below 3, the VP prior),
    /// plus y = x/s's rounding: 16 steps x 5 u_f x 15 = 7e-5, so 1e-4. DPM-Solver++(2M) differs only by y's rounding
    /// (here, as in the unguided test, by none).
    /// </summary>
    [Theory]
    [InlineData("Euler", GuidedCallMode.TwoCalls)]
    [InlineData("DpmSolverPlusPlus2M", GuidedCallMode.BatchDoubled)]
    public void A_guided_float_run_with_s_not_one_matches_the_unfused_run(string sampler, GuidedCallMode mode)
    {
        const int length = 517;
        Vp schedule = default;
        double[] times = TimeSteps.VpLinear(schedule, 16);
        var fused = new float[length];
        Prior.Sample(schedule, times[0], fused.AsSpan(), seed: 4);
        var unfused = (float[])fused.Clone();
        var kernel = new KernelOptions { MaxDegreeOfParallelism = 1 };
        var options = new SamplingOptions { Seed = 5, Kernel = kernel };
        var adapter = new GuidedNetworkDenoiser<float, GaussianGuidedNetwork<float>, Vp>(
            new GaussianGuidedNetwork<float>(mode), default, ModelConvention.Epsilon(TimeInput.Sigma), new ClassifierFreeGuidance(GuidanceScale), length, 1)
        {
            Kernel = kernel,
        };
        Run(sampler, schedule, adapter, times, fused, options, null);
        Run(sampler, schedule, adapter, times, unfused, options, _ => { });

        double max = MaxDifference<float>(fused, unfused);
        Assert.True(max <= 1e-4, $"{sampler}: max endpoint difference {max:E3}");
        Assert.True(max > 0 || sampler == "DpmSolverPlusPlus2M", $"{sampler}: identical bits: the run did not take the folded path"); // DPM may keep every bit (as unguided)
        Assert.True(fused.AsSpan().IndexOfAnyExcept(0f) >= 0, "the fused run produced zeros");
    }

    /// <summary>
    /// w = 1 (and sigma outside the guidance interval) computes only the conditional prediction, with the unguided
    /// adapter's form: the guided run is bitwise the run of the unguided adapter on the conditional branch, both
    /// fused, float and double.
    /// </summary>
    [Theory]
    [InlineData("Euler")]
    [InlineData("DpmSolverPlusPlus2M")]
    public void Guidance_scale_one_gives_the_bits_of_the_unguided_fused_run(string sampler)
    {
        IdentityScaleMatches<float>(sampler);
        IdentityScaleMatches<double>(sampler);
    }

    /// <summary>
    /// Rescaled guidance (phi != 0) needs each sample's standard deviations of P_c and P_cfg before any coefficient is
    /// known, so it stays unfused: the adapter returns D itself, form (0, 1), and the run is bitwise the callback's.
    /// </summary>
    [Theory]
    [InlineData("Euler")]
    [InlineData("DpmSolverPlusPlus2M")]
    public void Rescaled_guidance_stays_unfused_with_the_same_bits(string sampler)
    {
        const int length = 130, dimension = 13;
        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 8, sigmaMin: 0.02, sigmaMax: 80);
        var fused = new float[length];
        Prior.Sample(schedule, times[0], fused.AsSpan(), seed: 6);
        var unfused = (float[])fused.Clone();
        var options = new SamplingOptions { Seed = 5, Kernel = new KernelOptions { MaxDegreeOfParallelism = 1 } };
        var adapter = new GuidedNetworkDenoiser<float, GaussianGuidedNetwork<float>, Edm>(
            new GaussianGuidedNetwork<float>(GuidedCallMode.TwoCalls), default, ModelConvention.Epsilon(TimeInput.Sigma),
            new ClassifierFreeGuidance(GuidanceScale) { Rescale = 0.7 }, length, dimension);
        Run(sampler, schedule, adapter, times, fused, options, null);
        Run(sampler, schedule, adapter, times, unfused, options, _ => { });
        Assert.Equal(unfused, fused);
    }

    /// <summary>A NaN in either branch's raw prediction, or an element a branch leaves unwritten, stops the folded run naming the step and sigma; x is unchanged.</summary>
    [Theory]
    [InlineData("Euler", GuidanceBranch.Unconditional, false)]
    [InlineData("Euler", GuidanceBranch.Conditional, false)]
    [InlineData("Euler", GuidanceBranch.Unconditional, true)]
    [InlineData("DpmSolverPlusPlus2M", GuidanceBranch.Unconditional, false)]
    [InlineData("DpmSolverPlusPlus2M", GuidanceBranch.Conditional, true)]
    public void A_non_finite_guided_prediction_names_the_step_and_sigma(string sampler, GuidanceBranch branch, bool unwritten)
    {
        const int length = 67, failingStep = 2;
        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 6, sigmaMin: 0.02, sigmaMax: 80);
        var x = new float[length];
        Prior.Sample(schedule, times[0], x.AsSpan(), seed: 3);
        float[] original = (float[])x.Clone();
        var network = new GaussianGuidedNetwork<float>(GuidedCallMode.TwoCalls) { FailingStep = failingStep, FailingBranch = branch, LeaveUnwritten = unwritten };
        var adapter = new GuidedNetworkDenoiser<float, GaussianGuidedNetwork<float>, Edm>(
            network, default, ModelConvention.Epsilon(TimeInput.Sigma), new ClassifierFreeGuidance(GuidanceScale), length, 1);
        var e = Assert.Throws<NonFiniteDenoiserOutputException>(() => Run(sampler, schedule, adapter, times, x, new SamplingOptions(), null));
        Assert.Equal(failingStep, e.StepIndex);
        Assert.Equal(schedule.Sigma(times[failingStep]), e.Sigma, 12);
        Assert.Equal(length - 1, e.ElementIndex);
        Assert.Equal(unwritten, e.Unwritten);
        Assert.Equal(original, x);
    }

    /// <summary>
    /// The guided passes against combine-then-step on arbitrary inputs, at lengths leaving every tail, every width,
    /// both store policies, one and two threads, float and double. DPM-Solver++(2M) with s = 1 (EDM): bitwise (the
    /// converting pass's D is the combine's three products and two sums). Euler on VP (s != 1): each side is a sum of
    /// at most 4 rounded products with rounded coefficients (the unfused one also rounds y and D), so each is within
    /// about 5 u M of the exact value, M = |c_x x| + |c_D| (|c_y y| + |c_u P_u| + |c_c P_c|): 16 u M covers both.
    /// </summary>
    [Fact]
    public void The_guided_passes_match_combine_then_step()
    {
        foreach (int n in new[] { 1, 7, 33, 130, 1031 })
        foreach (int bits in new[] { 0, 128, 256, 512 })
        foreach (bool? nonTemporal in new bool?[] { null, true })
        foreach (int threads in new[] { 1, 2 })
        {
            var options = new KernelOptions { MaxDegreeOfParallelism = threads, ChunkSize = 64, MaxVectorBits = bits, ForceNonTemporal = nonTemporal };
            string context = $"n = {n}, bits = {bits}, non-temporal = {nonTemporal}, threads = {threads}";
            GuidedPassesMatch<float>(n, options, context);
            GuidedPassesMatch<double>(n, options, context);
        }
    }

    /// <summary>
    /// Above the last-level cache the converting pass chooses its stores per output (x in place: ordinary; D into a
    /// slot of its own, as the guided step and the benchmark write it: non-temporal): the bits are those of the two
    /// unfused passes (the store policy never changes a value), on a length past the cache with an odd tail, float,
    /// one and two threads, with and without the second prediction.
    /// </summary>
    [Fact]
    public void The_converting_pass_with_a_separate_history_above_the_cache_gives_the_unfused_bits()
    {
        int n = (int)Math.Min(int.MaxValue / 8, (LastLevelCache.Bytes / sizeof(float)) + 13);
        float[] x = Wave<float>(n, 0.37, 3), pu = Wave<float>(n, 0.11, 1), pc = Wave<float>(n, 0.53, 1.5), previous = Wave<float>(n, 0.71, 2);
        float[] d = new float[n], expected = new float[n], history = new float[n];
        const double cy = 0.8125123, cu = -1.37, cc = 2.5, ca = 0.97, cd = 0.031, cPrevious = -0.0155;
        foreach (int threads in new[] { 1, 2 })
        foreach (bool second in new[] { false, true })
        {
            var options = new KernelOptions { MaxDegreeOfParallelism = threads };
            if (second)
            {
                FusedPass.Combine(cy, x, cu, pu, cc, pc, d, default, 0, options);
            }
            else
            {
                FusedPass.Combine(cy, x, cu, pu, d, default, 0, options);
            }

            FusedPass.Combine(ca, x, cd, d, cPrevious, previous, expected, default, 0, options);
            float[] state = (float[])x.Clone();
            ConvertingPass.Run(cy, cu, second ? cc : 0, ca, cd, cPrevious, state, pu, second ? pc : default, previous, state, history, default, 0, options);
            Assert.True(d.AsSpan().SequenceEqual(history), $"D, threads = {threads}, second prediction = {second}");
            Assert.True(expected.AsSpan().SequenceEqual(state), $"x, threads = {threads}, second prediction = {second}");
        }
    }

    private static double GuidedGain(double sigma) =>
        1 - (sigma * sigma * ((GuidanceScale / (ConditionalVariance + (sigma * sigma))) + ((1 - GuidanceScale) / (UnconditionalVariance + (sigma * sigma)))));

    private static GuidedNetworkDenoiser<T, GaussianGuidedNetwork<T>, Edm> GuidedAdapter<T>(
        GaussianGuidedNetwork<T> network, ClassifierFreeGuidance guidance, int length, KernelOptions kernel)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T> =>
        new(network, default, ModelConvention.Epsilon(TimeInput.Sigma), guidance, length, 1) { Kernel = kernel };

    private static void IdentityScaleMatches<T>(string sampler)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        const int length = 517;
        Vp schedule = default;
        double[] times = TimeSteps.VpLinear(schedule, 10);
        var guided = new T[length];
        Prior.Sample(schedule, times[0], guided.AsSpan(), seed: 9);
        var unguided = (T[])guided.Clone();
        var kernel = new KernelOptions { MaxDegreeOfParallelism = 1 };
        var options = new SamplingOptions { Seed = 5, Kernel = kernel };
        ModelConvention convention = ModelConvention.Epsilon(TimeInput.Sigma);
        var network = new GaussianGuidedNetwork<T>(GuidedCallMode.BatchDoubled);
        var guidedAdapter = new GuidedNetworkDenoiser<T, GaussianGuidedNetwork<T>, Vp>(network, default, convention, new ClassifierFreeGuidance(1), length, 1) { Kernel = kernel };
        var unguidedAdapter = new NetworkDenoiser<T, GaussianEpsilonNetwork<T>, Vp>(new GaussianEpsilonNetwork<T>(ConditionalVariance), default, convention, length) { Kernel = kernel };
        Run(sampler, schedule, guidedAdapter, times, guided, options, null);
        Run(sampler, schedule, unguidedAdapter, times, unguided, options, null);
        Assert.Equal(unguided, guided);
        Assert.Equal(0, network.UnconditionalCalls);
    }

    private static void GuidedPassesMatch<T>(int n, KernelOptions options, string context)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        T[] x = Wave<T>(n, 0.37, 3), pu = Wave<T>(n, 0.11, 1), pc = Wave<T>(n, 0.53, 1.5), previous = Wave<T>(n, 0.71, 2);
        const double cy = 0.8125123, cp = -1.37, w = 4.5;
        var form = new GuidedAffineOutput(cy, cp * (1 - w), cp * w, IsGuided: true);

        // DPM-Solver++(2M) on EDM (s = 1): the adapter's combine into D, then the plain pass; against the guided pass.
        Edm edm = default;
        T[] d = new T[n], expected = new T[n], fused = new T[n], history = new T[n];
        FusedPass.Combine(cy, x, form.UnconditionalCoefficient, pu, form.ConditionalCoefficient, pc, d, default, 0, options);
        DpmSolverPlusPlus2MSampler.Step<Edm, T>.Pass(edm, 2.2, 2.0, 1.8, x, d, previous, expected, default, options);
        DpmSolverPlusPlus2MSampler.Step<Edm, T>.PassOnGuidedPredictions(edm, 2.2, 2.0, 1.8, x, pu, pc, form, previous, fused, history, default, options);
        Assert.True(d.AsSpan().SequenceEqual(history), $"DPM D, {typeof(T).Name}, {context}");
        Assert.True(expected.AsSpan().SequenceEqual(fused), $"DPM x, {typeof(T).Name}, {context}");

        // Its first (DDIM) step, in place: x over x, D into the history slot.
        T[] ddimExpected = new T[n], inPlace = (T[])x.Clone();
        DdimSampler.Step<Edm, T>.Pass(edm, 2.0, 1.8, x, d, ddimExpected, default, options);
        DpmSolverPlusPlus2MSampler.Step<Edm, T>.PassOnGuidedPredictions(edm, double.NaN, 2.0, 1.8, inPlace, pu, pc, form, default, inPlace, history, default, options);
        Assert.True(ddimExpected.AsSpan().SequenceEqual(inPlace), $"DDIM first step x, {typeof(T).Name}, {context}");
        Assert.True(d.AsSpan().SequenceEqual(history), $"DDIM first step D, {typeof(T).Name}, {context}");

        // Euler on VP (s != 1): y = x/s, the combine, the plain pass; against the folded pass, within 16 u M.
        Vp vp = default;
        double t = 0.5, tNext = 0.4, s = vp.Scale(t);
        T[] y = new T[n], dv = new T[n], unfused = new T[n], folded = new T[n];
        FusedPass.Combine(1 / s, x, y, options);
        FusedPass.Combine(cy, y, form.UnconditionalCoefficient, pu, form.ConditionalCoefficient, pc, dv, default, 0, options);
        EulerSampler.Step<Vp, T>.Pass(vp, t, tNext, x, dv, unfused, default, options);
        EulerSampler.Step<Vp, T>.PassOnGuidedPredictions(vp, t, tNext, x, pu, pc, form, folded, default, options);
        StepCoefficients c = ScheduleStepCoefficients.EulerOde(vp, t, tNext);
        double u = UnitRoundoff<T>();
        for (int i = 0; i < n; i++)
        {
            double m = Math.Abs(c.X * D(x[i])) + (Math.Abs(c.D) * (Math.Abs(cy * D(x[i]) / s) + Math.Abs(form.UnconditionalCoefficient * D(pu[i])) + Math.Abs(form.ConditionalCoefficient * D(pc[i]))));
            double difference = Math.Abs(D(folded[i]) - D(unfused[i]));
            Assert.True(difference <= 16 * u * m, $"Euler {typeof(T).Name} element {i}, {context}: |folded - unfused| = {difference:E3} > 16 u M = {16 * u * m:E3}");
        }
    }

    /// <summary>
    /// Two Gaussian epsilon branches on a schedule with s = 1 (time input: sigma): eps_b = sigma y / (v_b + sigma^2) with
    /// v_c = <see cref="ConditionalVariance"/>, v_u = <see cref="UnconditionalVariance"/>; optionally a NaN (or an
    /// unwritten last element) in one branch at the calls of one step (the run's steps are counted by the time input).
    /// </summary>
    private sealed class GaussianGuidedNetwork<T>(GuidedCallMode mode) : IGuidedNetwork<T>
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        private double _lastTime = double.NaN;
        private int _step = -1;

        public GuidedCallMode CallMode => mode;

        public int Calls { get; private set; }

        public int UnconditionalCalls { get; private set; }

        public int FailingStep { get; init; } = -1;

        public GuidanceBranch FailingBranch { get; init; }

        public bool LeaveUnwritten { get; init; }

        public void Predict(ReadOnlySpan<T> input, double timeInput, GuidanceBranch branch, Span<T> output)
        {
            Calls++;
            if (branch == GuidanceBranch.Unconditional) UnconditionalCalls++;
            Branch(input, timeInput, branch, output);
        }

        public void PredictBatchDoubled(ReadOnlySpan<T> input, double timeInput, Span<T> output)
        {
            Calls++;
            UnconditionalCalls++;
            int n = input.Length / 2;
            Branch(input[..n], timeInput, GuidanceBranch.Unconditional, output[..n]);
            Branch(input[n..], timeInput, GuidanceBranch.Conditional, output[n..]);
        }

        private void Branch(ReadOnlySpan<T> input, double sigma, GuidanceBranch branch, Span<T> output)
        {
            if (sigma != _lastTime)
            {
                _lastTime = sigma;
                _step++;
            }

            double v = branch == GuidanceBranch.Conditional ? ConditionalVariance : UnconditionalVariance;
            double c = sigma / (v + (sigma * sigma));
            bool fails = _step == FailingStep && branch == FailingBranch;
            int written = fails && LeaveUnwritten ? input.Length - 1 : input.Length;
            for (int i = 0; i < written; i++)
            {
                output[i] = T.CreateTruncating(c * double.CreateTruncating(input[i]));
            }

            if (fails && !LeaveUnwritten)
            {
                output[^1] = T.NaN;
            }
        }
    }
}
