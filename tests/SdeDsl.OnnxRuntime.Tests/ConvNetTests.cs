using System;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SdeDsl.Discretisation;
using SdeDsl.Models;
using SdeDsl.Samplers;
using SdeDsl.Schedules;
using Shouldly;
using Xunit;

namespace SdeDsl.OnnxRuntime.Tests;

/// <summary>
/// The random-weight convolutional network on 4 x 64 x 64 latents with text-embedding conditioning, through ONNX Runtime:
/// shapes, determinism, guidance by batch doubling, batch splitting, and float16 / bfloat16 I/O against float32.
/// </summary>
public sealed class ConvNetTests
{
    private const int Batch = 2;
    private static readonly ModelConvention Convention = ModelConvention.Epsilon(TimeInput.ScaledTrainingTime(1000));

    [Fact]
    public void The_network_reads_its_shapes_and_types_from_the_metadata()
    {
        using InferenceSession session = Sessions.Create(ConvNet.Build(GraphBuilder.Float16));
        using OnnxNetwork network = Create(session, guided: true);
        network.SampleShape.ShouldBe(new long[] { 4, 64, 64 });
        network.SampleLength.ShouldBe(ConvNet.SampleLength);
        network.BatchLength.ShouldBe(Batch * ConvNet.SampleLength);
        network.ModelBatch.ShouldBe(0);
        network.SampleElementType.ShouldBe(TensorElementType.Float16);
        network.OutputElementType.ShouldBe(TensorElementType.Float16);
        network.TimeElementType.ShouldBe(TensorElementType.Float16);
        network.CallMode.ShouldBe(GuidedCallMode.BatchDoubled);
    }

    [Fact]
    public void A_sampling_run_is_deterministic_and_finite()
    {
        float[] first = Sample(ConvNet.Build(), guidance: 4.0, seed: 11);
        float[] second = Sample(ConvNet.Build(), guidance: 4.0, seed: 11);
        first.Length.ShouldBe(Batch * ConvNet.SampleLength);
        first.All(float.IsFinite).ShouldBeTrue();
        second.ShouldBe(first);                                   // bit for bit
        Sample(ConvNet.Build(), guidance: 4.0, seed: 12).ShouldNotBe(first);
    }

    /// <summary>
    /// Guidance by batch doubling is D_u + w (D_c - D_u): the same as two unguided networks, one with the unconditional
    /// and one with the conditional embeddings, combined by hand. The guided adapter fuses the combination into one pass
    /// (c_y y + c_p (1 - w) p_u + c_p w p_c), a different order of float operations: a few float roundings of terms of
    /// size |y| + sigma |p| (here below 30 at sigma = 3) differ, so we allow 8 u_f x 30 = 1.5e-5; the two predictions
    /// themselves must agree to the bit (ONNX Runtime computes each row of a batch by the same operations).
    /// </summary>
    [Fact]
    public void Guidance_by_batch_doubling_combines_the_conditional_and_unconditional_runs()
    {
        (float[] cond, float[] uncond) = ConvNet.Embeddings();
        byte[] model = ConvNet.Build();
        using InferenceSession session = Sessions.Create(model);
        using OnnxNetwork guided = Create(session, guided: true);
        using OnnxNetwork conditional = new(session, new OnnxNetworkOptions
        {
            BatchSize = Batch, Conditioning = new[] { new OnnxConditioning("encoder_hidden_states", cond) },
        });
        using OnnxNetwork unconditional = new(session, new OnnxNetworkOptions
        {
            BatchSize = Batch, Conditioning = new[] { new OnnxConditioning("encoder_hidden_states", uncond) },
        });

        float[] y = Latents(seed: 2, scale: 3);
        const double sigma = 3, w = 5;
        var both = new float[2 * y.Length];
        guided.PredictBatchDoubled(y.Concat(y).ToArray(), 500, both);
        var pc = new float[y.Length];
        var pu = new float[y.Length];
        conditional.Predict(y, 500, pc);
        unconditional.Predict(y, 500, pu);
        both.AsSpan(0, y.Length).SequenceEqual(pu).ShouldBeTrue();
        both.AsSpan(y.Length).SequenceEqual(pc).ShouldBeTrue();

        var dGuided = new float[y.Length];
        OnnxDenoiser.Guided(guided, default(Edm), Convention, new ClassifierFreeGuidance(w)).Denoise(y, sigma, dGuided);
        var dc = new float[y.Length];
        var du = new float[y.Length];
        OnnxDenoiser.Create(conditional, default(Edm), Convention).Denoise(y, sigma, dc);
        OnnxDenoiser.Create(unconditional, default(Edm), Convention).Denoise(y, sigma, du);
        double max = 0;
        for (int i = 0; i < y.Length; i++)
        {
            max = Math.Max(max, Math.Abs(dGuided[i] - (du[i] + w * (dc[i] - du[i]))));
        }

        max.ShouldBeLessThanOrEqualTo(1.5e-5, $"max |D_guided - (D_u + w (D_c - D_u))| = {max:E3}");
        dc.SequenceEqual(du).ShouldBeFalse();                     // the conditioning matters
    }

    [Fact]
    public void A_fixed_batch_dimension_splits_the_batch_into_model_sized_calls()
    {
        (float[] cond, float[] uncond) = ConvNet.Embeddings();
        using InferenceSession fixedSession = Sessions.Create(ConvNet.Build(fixedBatch: 1));
        using InferenceSession dynamicSession = Sessions.Create(ConvNet.Build());
        using OnnxNetwork split = Create(fixedSession, guided: true);
        using OnnxNetwork whole = Create(dynamicSession, guided: true);
        split.ModelBatch.ShouldBe(1);
        float[] y = Latents(seed: 4, scale: 1);
        float[] doubled = y.Concat(y).ToArray();
        var a = new float[doubled.Length];
        var b = new float[doubled.Length];
        split.PredictBatchDoubled(doubled, 250, a);
        whole.PredictBatchDoubled(doubled, 250, b);
        a.ShouldBe(b);                                            // one row at a time or all four: the same bits

        using InferenceSession three = Sessions.Create(ConvNet.Build(fixedBatch: 3));
        var e = Should.Throw<OnnxModelException>(() => Create(three, guided: false));
        e.Node.ShouldBe("sample");
        e.Message.ShouldContain("fixed batch dimension of 3");
    }

    /// <summary>
    /// float16 I/O against float32: the same function, its input, time, embeddings and output rounded to float16
    /// (relative 2^-11 = 4.9e-4 each, docs/math.md §14.1). One call: the output's own rounding (|p| 2^-11) plus the input's
    /// through the network; the network is a Lipschitz map of gain about 1 (1/sqrt(fan-in) weights), so the difference
    /// stays below u (|p| + |x| + 1) elementwise, u = 2^-11 (measured: at most 0.36 of that). A whole guided 12-step
    /// run ends with x = D, whose last rounding alone has a relative RMS of u/sqrt(3) = 2.8e-4 (errors uniform in
    /// [-u, u]); the earlier steps' roundings reach the end contracted by the flow (each step's passes to the next by a
    /// factor sigma_next/sigma below 1), so the sum stays within a few of them: we allow 4u = 2e-3 for the samples'
    /// relative RMS difference (measured 5.0e-4). bfloat16 has u = 2^-8, which scales both bounds by 8 (measured 0.34
    /// of the per-call bound and 3.2e-3 against 1.6e-2).
    /// </summary>
    [Theory]
    [InlineData("Float16")]
    [InlineData("BFloat16")]
    public void Reduced_precision_io_agrees_with_float32_within_its_rounding(string type)
    {
        var io = type == "Float16" ? GraphBuilder.Float16 : GraphBuilder.BFloat16;
        double unit = type == "Float16" ? Math.Pow(2, -11) : Math.Pow(2, -8);
        using InferenceSession s32 = Sessions.Create(ConvNet.Build());
        using InferenceSession s16 = Sessions.Create(ConvNet.Build(io));
        using OnnxNetwork n32 = Create(s32, guided: false);
        using OnnxNetwork n16 = Create(s16, guided: false);
        float[] x = Latents(seed: 5, scale: 1);
        var p32 = new float[x.Length];
        var p16 = new float[x.Length];
        n32.Predict(x, 500, p32);
        n16.Predict(x, 500, p16);
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double bound = unit * (Math.Abs(p32[i]) + Math.Abs(x[i]) + 1);
            worst = Math.Max(worst, Math.Abs(p16[i] - p32[i]) / bound);
        }

        worst.ShouldBeLessThanOrEqualTo(1.0, $"largest |p16 - p32| / (u (|p| + |x| + 1)) = {worst:F3}");
        p16.SequenceEqual(p32).ShouldBeFalse();                   // the reduced precision is really there

        float[] a = Sample(ConvNet.Build(), guidance: 3.0, seed: 21);
        float[] b = Sample(ConvNet.Build(io), guidance: 3.0, seed: 21);
        double diff = 0, norm = 0;
        for (int i = 0; i < a.Length; i++)
        {
            diff += (a[i] - b[i]) * (double)(a[i] - b[i]);
            norm += a[i] * (double)a[i];
        }

        double relative = Math.Sqrt(diff / norm);
        relative.ShouldBeLessThanOrEqualTo(4 * unit, $"relative RMS difference of the samples {relative:E3}");
    }

    internal static OnnxNetwork Create(InferenceSession session, bool guided)
    {
        (float[] cond, float[] uncond) = ConvNet.Embeddings();
        return new OnnxNetwork(session, new OnnxNetworkOptions
        {
            BatchSize = Batch,
            Conditioning = new[] { guided ? new OnnxConditioning("encoder_hidden_states", cond, uncond) : new OnnxConditioning("encoder_hidden_states", cond) },
        });
    }

    /// <summary>A guided DPM-Solver++(2M) run of 12 steps on the EDM grid (sigma 20 to 0.02), the network as an epsilon-prediction taking sigma.</summary>
    private static float[] Sample(byte[] model, double guidance, int seed)
    {
        using InferenceSession session = Sessions.Create(model);
        using OnnxNetwork network = Create(session, guided: true);
        var denoiser = OnnxDenoiser.Guided(network, default(Edm), ModelConvention.Epsilon(TimeInput.Sigma), new ClassifierFreeGuidance(guidance));
        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 12, sigmaMin: 0.02, sigmaMax: 20);
        var x = new float[network.BatchLength];
        Prior.Sample(schedule, times[0], x.AsSpan(), (ulong)seed);
        DpmSolverPlusPlus2MSampler.Sample(schedule, denoiser, times, x.AsSpan());
        return x;
    }

    internal static float[] Latents(int seed, double scale)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, Batch * ConvNet.SampleLength).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale)).ToArray();
    }
}
