using System;
using Microsoft.ML.OnnxRuntime;
using SdeDsl.Discretisation;
using SdeDsl.Models;
using SdeDsl.Samplers;
using SdeDsl.Schedules;
using Shouldly;
using Xunit;

namespace SdeDsl.OnnxRuntime.Tests;

/// <summary>Models and configurations that do not fit: each a clear error naming the input, the output or the step.</summary>
public sealed class BadModelTests
{
    private static readonly (float[] Cond, float[] Uncond) Embeddings = ConvNet.Embeddings();

    [Fact]
    public void A_missing_input_name_names_it_and_lists_the_models_inputs()
    {
        using InferenceSession session = Sessions.Create(ConvNet.Build());
        var e = Should.Throw<OnnxModelException>(() => new OnnxNetwork(session, Options() with { SampleInput = "latent" }));
        e.Node.ShouldBe("latent");
        e.Message.ShouldContain("no input 'latent'");
        e.Message.ShouldContain("sample, timestep, encoder_hidden_states");
        e.Message.ShouldContain("OnnxNetworkOptions.SampleInput");
    }

    [Fact]
    public void A_model_input_left_unconfigured_is_named()
    {
        using InferenceSession session = Sessions.Create(ConvNet.Build());
        var e = Should.Throw<OnnxModelException>(() => new OnnxNetwork(session, new OnnxNetworkOptions { BatchSize = 1 }));
        e.Node.ShouldBe("encoder_hidden_states");
        e.Message.ShouldContain("'encoder_hidden_states' (Float [?, 4, 32]) is not configured");
    }

    [Fact]
    public void A_wrong_rank_names_the_input_and_both_ranks()
    {
        using InferenceSession session = Sessions.Create(ConvNet.Build());
        var e = Should.Throw<OnnxModelException>(() => new OnnxNetwork(session, Options() with { SampleShape = new long[] { 4, 4096 } }));
        e.Node.ShouldBe("sample");
        e.Message.ShouldContain("Wrong rank: the model's input 'sample' has rank 4 ([?, 4, 64, 64])");
        e.Message.ShouldContain("rank 3");

        var c = Should.Throw<OnnxModelException>(() => new OnnxNetwork(session, Options(new OnnxConditioning("encoder_hidden_states", Embeddings.Cond)
        {
            SampleShape = new long[] { 128 },
        })));
        c.Node.ShouldBe("encoder_hidden_states");
        c.Message.ShouldContain("Wrong rank");
    }

    [Fact]
    public void A_model_whose_output_shape_does_not_match_is_rejected_naming_the_output()
    {
        using InferenceSession session = Sessions.Create(ConvNet.Build(outChannels: 3));
        var e = Should.Throw<OnnxModelException>(() => new OnnxNetwork(session, Options()));
        e.Node.ShouldBe("out_sample");
        e.Message.ShouldContain("output 'out_sample' has shape [?, 3, 64, 64] where [batch, 4, 64, 64] is needed");
    }

    [Fact]
    public void An_output_that_only_shows_its_wrong_shape_at_run_time_is_ONNX_Runtimes_error_wrapped()
    {
        // The output is declared [batch, 4, 64, 64] but the graph drops a channel (a Slice), so only the run finds out.
        var g = new GraphBuilder("lying_output");
        string x = g.Input("sample", GraphBuilder.Float, -1, 4, 64, 64);
        g.Output("out", GraphBuilder.Float, -1, 4, 64, 64);
        g.Node("Slice", new[] { x, g.Int64Constant(0), g.Int64Constant(3), g.Int64Constant(1) }, "out");
        using InferenceSession session = Sessions.Create(g.Build());
        using var network = new OnnxNetwork(session, new OnnxNetworkOptions { BatchSize = 1, TimestepInput = null });
        var e = Should.Throw<OnnxModelException>(() => network.Predict(new float[4 * 64 * 64], 0, new float[4 * 64 * 64]));
        e.Message.ShouldContain("ONNX Runtime failed to run the model");
        e.InnerException.ShouldBeOfType<OnnxRuntimeException>();
    }

    [Fact]
    public void A_NaN_producing_model_stops_the_sampler_naming_the_step_and_sigma()
    {
        // out = sample * log(timestep - 500): finite for the first steps, NaN once 1000 sigma drops below 500.
        var g = new GraphBuilder("nan_model");
        string x = g.Input("sample", GraphBuilder.Float, -1, 2);
        string t = g.Input("timestep", GraphBuilder.Float, 1);
        g.Output("out", GraphBuilder.Float, -1, 2);
        g.Node("Mul", new[] { x, g.Node("Log", new[] { g.Sub(t, g.Constant(new[] { 500f }, 1)) }) }, "out");
        using InferenceSession session = Sessions.Create(g.Build());
        using var network = new OnnxNetwork(session, new OnnxNetworkOptions { BatchSize = 4 });
        var denoiser = OnnxDenoiser.Create(network, default(Edm), ModelConvention.Epsilon(TimeInput.ScaledTrainingTime(1000)));
        Edm schedule = default;
        double[] times = TimeSteps.Karras(schedule, 10, sigmaMin: 0.01, sigmaMax: 2);
        var x0 = new float[8];
        Prior.Sample(schedule, times[0], x0.AsSpan(), seed: 1);
        float[] before = (float[])x0.Clone();
        var e = Should.Throw<NonFiniteDenoiserOutputException>(() => EulerSampler.Sample(schedule, denoiser, times, x0.AsSpan()));
        int firstBad = Array.FindIndex(times, time => 1000 * schedule.Sigma(time) < 500);
        e.StepIndex.ShouldBe(firstBad);
        e.Sigma.ShouldBe(schedule.Sigma(times[firstBad]));
        e.Message.ShouldContain($"step {firstBad}");
        x0.ShouldBe(before);                                      // the caller's buffer is unchanged
    }

    [Fact]
    public void An_integer_time_input_refuses_a_fractional_time()
    {
        var g = new GraphBuilder("int_time");
        string x = g.Input("sample", GraphBuilder.Float, -1, 2);
        string t = g.Input("timestep", GraphBuilder.Int64, -1);
        g.Output("out", GraphBuilder.Float, -1, 2);
        g.Node("Mul", new[] { x, g.Node("Cast", new[] { g.Node("Unsqueeze", new[] { t, g.Int64Constant(1) }) }, null, ("to", (long)GraphBuilder.Float)) }, "out");
        using InferenceSession session = Sessions.Create(g.Build());
        using var network = new OnnxNetwork(session, new OnnxNetworkOptions { BatchSize = 2 });
        var output = new float[4];
        network.Predict(new float[] { 1, 2, 3, 4 }, 7, output);
        output.ShouldBe(new float[] { 7, 14, 21, 28 });          // one int64 timestep per sample
        var e = Should.Throw<ArgumentException>(() => network.Predict(new float[4], 7.5, output));
        e.ParamName.ShouldBe("timeInput");
        e.Message.ShouldContain("TimeInput.NearestTimestep");
    }

    [Fact]
    public void Wrong_lengths_conditioning_and_guidance_errors_name_what_is_wrong()
    {
        using InferenceSession session = Sessions.Create(ConvNet.Build());
        var bad = Should.Throw<OnnxModelException>(() => new OnnxNetwork(session, Options(new OnnxConditioning("encoder_hidden_states", new float[5]))));
        bad.Node.ShouldBe("encoder_hidden_states");
        bad.Message.ShouldContain("has 5 values; one sample's is 128 and the batch's 256");

        using var network = new OnnxNetwork(session, Options());
        network.CallMode.ShouldBe(GuidedCallMode.TwoCalls);
        Should.Throw<ArgumentException>(() => network.Predict(new float[10], 1, new float[10])).ParamName.ShouldBe("input");
        Should.Throw<InvalidOperationException>(() => network.PredictBatchDoubled(new float[4 * network.BatchLength], 1, new float[4 * network.BatchLength]))
            .Message.ShouldContain("no unconditional conditioning");
        network.Dispose();
        Should.Throw<ObjectDisposedException>(() => network.Predict(new float[network.BatchLength], 1, new float[network.BatchLength]));
    }

    private static OnnxNetworkOptions Options(OnnxConditioning? conditioning = null) => new()
    {
        BatchSize = 2,
        Conditioning = new[] { conditioning ?? new OnnxConditioning("encoder_hidden_states", Embeddings.Cond) },
    };
}
