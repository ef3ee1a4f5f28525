using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxModel;
using Shouldly;
using Xunit;

namespace SdeDsl.Examples.Tests;

/// <summary>The OnnxModel example at a tiny size: every sampler, both precisions, loading a model file, its command line.</summary>
public sealed class OnnxModelTests
{
    [Theory]
    [InlineData("euler", 4)]
    [InlineData("heun", 7)]
    [InlineData("dpm2m", 4)]
    [InlineData("ddim", 4)]
    [InlineData("ancestral", 4)]
    public void Every_sampler_runs_the_built_in_network_and_writes_the_preview(string sampler, int calls)
    {
        using var run = new ExampleRun();
        OnnxModelResult result = OnnxModelApp.Execute(new OnnxModelOptions(Sampler: sampler, Steps: 4, Output: run.OutputDirectory), run.Console);
        result.DenoiserCalls.ShouldBe(calls);                     // 4 grid times; Heun 2N - 1
        result.Latent.Length.ShouldBe(4 * 64 * 64);
        result.Latent.All(float.IsFinite).ShouldBeTrue();
        PngInfo.Dimensions(result.PngPath).ShouldBe((512, 512));
        OneLine(run.Output).ShouldContain($"sampler {sampler}, guidance 5 (batch doubled)");
        run.Output.ShouldContain(result.PngPath);
    }

    [Fact]
    public void A_run_is_deterministic_and_float16_io_is_read_from_the_model()
    {
        using var run = new ExampleRun();
        var options = new OnnxModelOptions(Steps: 3, Output: run.OutputDirectory, Seed: 5);
        float[] a = OnnxModelApp.Execute(options, run.Console).Latent;
        OnnxModelApp.Execute(options, run.Console).Latent.ShouldBe(a);
        OnnxModelApp.Execute(options with { Seed = 6 }, run.Console).Latent.ShouldNotBe(a);
        OnnxModelResult half = OnnxModelApp.Execute(options with { Precision = "float16" }, run.Console);
        half.SampleType.ShouldBe(TensorElementType.Float16);
        OneLine(run.Output).ShouldContain("sample Float16 [1, 4, 64, 64], timestep Float16");
    }

    [Fact]
    public void A_model_file_with_embeddings_files_samples_like_the_built_in_network()
    {
        using var run = new ExampleRun();
        Directory.CreateDirectory(run.OutputDirectory);
        string model = Path.Combine(run.OutputDirectory, "unet.onnx");
        File.WriteAllBytes(model, OnnxModelApp.BuiltInModel("float32"));
        (float[] cond, float[] uncond) = OnnxModelApp.BuiltInEmbeddings();
        string c = Path.Combine(run.OutputDirectory, "cond.f32"), u = Path.Combine(run.OutputDirectory, "uncond.f32");
        File.WriteAllBytes(c, MemoryMarshal.AsBytes(cond.AsSpan()).ToArray());
        File.WriteAllBytes(u, MemoryMarshal.AsBytes(uncond.AsSpan()).ToArray());
        string config = Path.Combine(run.OutputDirectory, "scheduler_config.json");
        File.WriteAllText(config, OnnxModelApp.StableDiffusion15Config);

        int code = OnnxModelApp.Run(new[]
        {
            "--model", model, "--embeddings", c, "--negative-embeddings", u, "--embedding-tokens", "4", "--scheduler-config", config,
            "--steps", "3", "--seed", "2", "--out", Path.Combine(run.OutputDirectory, "loaded.png"),
        }, run.Console, run.Error);
        code.ShouldBe(0, run.Errors);
        PngInfo.Dimensions(Path.Combine(run.OutputDirectory, "loaded.png")).ShouldBe((512, 512));

        float[] builtIn = OnnxModelApp.Execute(new OnnxModelOptions(Steps: 3, Seed: 2, Output: run.OutputDirectory), run.Console).Latent;
        float[] loaded = OnnxModelApp.Execute(new OnnxModelOptions(
            Model: model, Embeddings: c, NegativeEmbeddings: u, EmbeddingTokens: 4, SchedulerConfig: config, Steps: 3, Seed: 2, Output: run.OutputDirectory), run.Console).Latent;
        loaded.ShouldBe(builtIn);                                 // the same model and inputs, read from files
    }

    [Theory]
    [InlineData("--sampler bogus", "--sampler must be one of euler, heun, dpm2m, ddim, ancestral")]
    [InlineData("--guidance abc", "--guidance must be a number from 0 to 100")]
    [InlineData("--model /nonexistent/unet.onnx", "--model: no file '/nonexistent/unet.onnx'")]
    [InlineData("--latent-size 32", "the built-in network takes 64 x 64 latents")]
    [InlineData("--precision float8", "--precision must be float32 or float16")]
    public void Bad_command_lines_are_one_line_and_exit_code_2(string args, string message)
    {
        using var run = new ExampleRun();
        OnnxModelApp.Run(args.Split(' ').Append("--out").Append(run.OutputDirectory).ToArray(), run.Console, run.Error).ShouldBe(2);
        run.Errors.ShouldStartWith("OnnxModel: ");
        run.Errors.ShouldContain(message);
        run.Errors.Trim().Split('\n').Length.ShouldBe(1);
        Directory.Exists(run.OutputDirectory).ShouldBeFalse();
    }

    /// <summary>The console wraps long lines at word boundaries; compare with every run of whitespace as one space.</summary>
    private static string OneLine(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    [Fact]
    public void A_model_without_embeddings_is_refused()
    {
        using var run = new ExampleRun();
        string model = Path.GetTempFileName();
        try
        {
            OnnxModelApp.Run(new[] { "--model", model }, run.Console, run.Error).ShouldBe(2);
            run.Errors.ShouldContain("--model needs --embeddings");
        }
        finally
        {
            File.Delete(model);
        }
    }
}
