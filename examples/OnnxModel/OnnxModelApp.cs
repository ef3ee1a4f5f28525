using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SdeDsl.Examples;
using SdeDsl.Models;
using SdeDsl.OnnxRuntime;
using SdeDsl.OnnxRuntime.Tests;
using SdeDsl.Samplers;
using SdeDsl.Schedules;
using SkiaSharp;
using Spectre.Console;

namespace OnnxModel;

/// <summary>What the example does.</summary>
/// <param name="Model">An .onnx UNet (diffusers/OnnxStack export: unet/model.onnx), or empty for the built-in random-weight network.</param>
/// <param name="Sampler">euler, heun, dpm2m, ddim or ancestral.</param>
/// <param name="Steps">Inference steps: the diffusers grid of the scheduler config for this many steps.</param>
/// <param name="Guidance">Classifier-free guidance scale w (1: no guidance, one call per step).</param>
/// <param name="Seed">Seed of the prior noise and of the stochastic samplers.</param>
/// <param name="Output">A folder (the file is onnx-model.png in it) or a path ending in .png.</param>
/// <param name="SchedulerConfig">scheduler/scheduler_config.json of the model folder, or empty for Stable Diffusion 1.5's.</param>
/// <param name="Embeddings">Conditional text embeddings, raw little-endian float32 (77 x 768 for SD 1.5), or empty for the built-in network's.</param>
/// <param name="NegativeEmbeddings">Unconditional (empty-prompt) embeddings, same layout; needed with Embeddings when Guidance is not 1.</param>
/// <param name="LatentSize">The latent's height and width (image size / 8).</param>
/// <param name="Precision">The built-in network's I/O: float32 or float16 (a loaded model's types come from its metadata).</param>
/// <param name="EmbeddingTokens">Tokens of the embeddings files (77 for CLIP, SD 1.5); the width is the file's length over it.</param>
public sealed record OnnxModelOptions(
    string Model = "", string Sampler = "dpm2m", int Steps = 20, double Guidance = 5, ulong Seed = 1, string Output = "artifacts/onnx-model",
    string SchedulerConfig = "", string Embeddings = "", string NegativeEmbeddings = "", int LatentSize = 64, string Precision = "float32",
    int EmbeddingTokens = 77);

/// <summary>What a run produced.</summary>
public sealed record OnnxModelResult(string PngPath, int DenoiserCalls, double Seconds, float[] Latent, TensorElementType SampleType);

/// <summary>
/// An ONNX diffusion network sampled through SdeDsl.OnnxRuntime: the model (built in, or loaded with --model), the
/// training schedule and convention from a diffusers scheduler_config.json, text embeddings from files, guidance by
/// batch doubling, any sampler; writes the final latent as a PNG through ComfyUI's linear latent-to-RGB preview.
/// </summary>
public static class OnnxModelApp
{
    /// <summary>Stable Diffusion 1.5's scheduler/scheduler_config.json (PNDM in the original; the fields that matter here).</summary>
    public const string StableDiffusion15Config = """
        { "_class_name": "PNDMScheduler", "beta_start": 0.00085, "beta_end": 0.012, "beta_schedule": "scaled_linear",
          "num_train_timesteps": 1000, "prediction_type": "epsilon", "timestep_spacing": "leading", "steps_offset": 1 }
        """;

    /// <summary>ComfyUI's linear map from an SD 1.5 latent's four channels to RGB (comfy/latent_formats.py, class SD15).</summary>
    private static readonly double[,] LatentToRgb =
    {
        { 0.3512, 0.2297, 0.3227 },
        { 0.3250, 0.4974, 0.2350 },
        { -0.2829, 0.1762, 0.2721 },
        { -0.2120, -0.2616, -0.7177 },
    };

    private static readonly string[] Samplers = { "euler", "heun", "dpm2m", "ddim", "ancestral" };

    internal static readonly ExampleCommand<OnnxModelOptions> Command = CreateCommand();

    /// <summary>Runs the example with command-line <paramref name="args"/>; returns the exit code (0, 1 or 2).</summary>
    public static int Run(string[] args, IAnsiConsole console, TextWriter error) => Command.Run(args, console, error);

    /// <summary>The PNG a run with <paramref name="options"/> writes.</summary>
    public static string PngPath(OnnxModelOptions options) => OutputFile.Resolve(options.Output, "onnx-model.png");

    private static ExampleCommand<OnnxModelOptions> CreateCommand()
    {
        var d = new OnnxModelOptions();
        return new ExampleCommand<OnnxModelOptions>(
            "OnnxModel",
            "Samples an ONNX diffusion UNet (built in, or --model) with ONNX Runtime behind any SdeDsl sampler and writes the latent as a PNG.",
            new ExampleOption[]
            {
                new("model", "PATH", "(built-in random-weight network)", "an .onnx UNet, e.g. unet/model.onnx of a diffusers or OnnxStack export"),
                new("sampler", "NAME", d.Sampler, "euler, heun, dpm2m, ddim or ancestral"),
                new("steps", "N", Invariant(d.Steps), "inference steps on the scheduler config's diffusers grid, 1 to 1000"),
                new("guidance", "W", Invariant(d.Guidance), "classifier-free guidance scale, 0 to 100 (1: no guidance)"),
                new("seed", "N", Invariant(d.Seed), "seed of the prior noise and the stochastic samplers"),
                new("out", "PATH", d.Output, "folder for onnx-model.png, or a path ending in .png"),
                new("scheduler-config", "PATH", "(Stable Diffusion 1.5's)", "scheduler/scheduler_config.json of the model folder"),
                new("embeddings", "PATH", "(the built-in network's)", "conditional text embeddings, raw float32 (77 x 768 for SD 1.5)"),
                new("negative-embeddings", "PATH", "(none)", "unconditional (empty prompt) embeddings, raw float32, for guidance"),
                new("latent-size", "N", Invariant(d.LatentSize), "latent height and width (image size / 8), 8 to 256"),
                new("precision", "NAME", d.Precision, "the built-in network's I/O: float32 or float16"),
                new("embedding-tokens", "N", Invariant(d.EmbeddingTokens), "tokens in the embeddings files (77 for SD 1.5's CLIP), 1 to 1024"),
            },
            a => Bind(a),
            PngPath,
            (options, console) => Execute(options, console));
    }

    private static OnnxModelOptions Bind(ExampleArguments a)
    {
        string Optional(string name) => a.String(name).StartsWith('(') ? "" : a.String(name);
        string sampler = a.String("sampler");
        if (!Samplers.Contains(sampler))
        {
            throw new ArgumentException($"--sampler must be one of {string.Join(", ", Samplers)}; got '{sampler}'.");
        }

        string g = a.String("guidance");
        if (!double.TryParse(g, NumberStyles.Float, CultureInfo.InvariantCulture, out double guidance) || !(guidance >= 0 && guidance <= 100))
        {
            throw new ArgumentException($"--guidance must be a number from 0 to 100; got '{g}'.");
        }

        string precision = a.String("precision");
        if (precision is not ("float32" or "float16"))
        {
            throw new ArgumentException($"--precision must be float32 or float16; got '{precision}'.");
        }

        var options = new OnnxModelOptions(
            Optional("model"), sampler, a.Int("steps", 1, 1000), guidance, a.ULong("seed"), a.String("out"), Optional("scheduler-config"),
            Optional("embeddings"), Optional("negative-embeddings"), a.Int("latent-size", 8, 256), precision, a.Int("embedding-tokens", 1, 1024));
        foreach ((string name, string path) in new[] { ("model", options.Model), ("scheduler-config", options.SchedulerConfig), ("embeddings", options.Embeddings), ("negative-embeddings", options.NegativeEmbeddings) })
        {
            if (path.Length > 0 && !File.Exists(path))
            {
                throw new ArgumentException($"--{name}: no file '{path}'.");
            }
        }

        if (options.Model.Length == 0 && options.LatentSize != ConvNet.Size)
        {
            throw new ArgumentException($"--latent-size {options.LatentSize}: the built-in network takes {ConvNet.Size} x {ConvNet.Size} latents (a loaded --model takes any).");
        }

        if (options.Model.Length > 0 && options.Embeddings.Length == 0)
        {
            throw new ArgumentException("--model needs --embeddings (the text encoder's output for the prompt).");
        }

        if (options.Embeddings.Length > 0 && options.Guidance != 1 && options.NegativeEmbeddings.Length == 0)
        {
            throw new ArgumentException("--guidance other than 1 with --embeddings needs --negative-embeddings (the empty prompt's).");
        }

        return options;
    }

    public static OnnxModelResult Execute(OnnxModelOptions options, IAnsiConsole console)
    {
        SchedulerConfig config = options.SchedulerConfig.Length > 0
            ? SdeDsl.Schedules.SchedulerConfig.Load(options.SchedulerConfig)
            : SdeDsl.Schedules.SchedulerConfig.Parse(StableDiffusion15Config);
        DiscreteSchedule training = config.CreateDiscreteSchedule();
        double[] times = config.DiscreteGrid(training, options.Steps);

        (float[] cond, float[]? uncond, long[] tokenShape) = Conditioning(options);
        bool guided = options.Guidance != 1;
        using var sessionOptions = new SessionOptions();
        using InferenceSession session = options.Model.Length > 0
            ? new InferenceSession(options.Model, sessionOptions)
            : new InferenceSession(BuiltInModel(options.Precision), sessionOptions);
        var conditioning = guided && uncond is not null
            ? new OnnxConditioning("encoder_hidden_states", cond, uncond) { SampleShape = tokenShape }
            : new OnnxConditioning("encoder_hidden_states", cond) { SampleShape = tokenShape };
        using var network = new OnnxNetwork(session, new OnnxNetworkOptions
        {
            BatchSize = 1,
            SampleShape = new long[] { 4, options.LatentSize, options.LatentSize },
            Conditioning = new[] { conditioning },
        });

        // diffusers' grid visits integer timesteps, so an int64 timestep input gets them exactly; any other grid would
        // need TimeInput.NearestTimestep for such a model.
        ModelConvention convention = ModelConvention.FromDiffusers(config);
        IDenoiser denoiser = guided
            ? new Guided(OnnxDenoiser.Guided(network, training, convention, new ClassifierFreeGuidance(options.Guidance)))
            : new Unguided(OnnxDenoiser.Create(network, training, convention));

        console.MarkupLine($"[bold]SdeDsl + ONNX Runtime[/]: {Markup.Escape(options.Model.Length > 0 ? options.Model : $"built-in random-weight UNet stand-in ({options.Precision} I/O)")}");
        console.WriteLine($"  sample {network.SampleElementType} [1, {string.Join(", ", network.SampleShape)}], timestep {network.TimeElementType}, " +
            $"{config.Family} {config.PredictionType} schedule, {options.Steps} steps ({config.TimestepSpacing}: t {times[0]:0.#} -> {times[^1]:0.#}), " +
            $"sampler {options.Sampler}, guidance {options.Guidance.ToString(CultureInfo.InvariantCulture)}{(guided ? " (batch doubled)" : "")}, seed {options.Seed}");

        var x = new float[network.BatchLength];
        Prior.Sample(training, times[0], x.AsSpan(), options.Seed);
        var sampling = new SamplingOptions { Seed = options.Seed };
        int calls = 0;
        var clock = Stopwatch.StartNew();
        ExampleConsole.WithProgress(console, bars =>
        {
            ProgressBar bar = bars.Add(options.Sampler, times.Length);
            StepCallback<float>? onStep = ExampleConsole.ShowsProgress(console) ? _ => bar.Increment() : null;
            calls = denoiser.Sample(options.Sampler, training, times, x, sampling, onStep);
            bar.Complete();
        });
        clock.Stop();

        string png = PngPath(options);
        OutputFile.CreateFolder(png);
        WritePreview(png, x, options.LatentSize);
        console.WriteLine($"  {calls} denoiser calls in {clock.Elapsed.TotalSeconds:F2} s; latent mean {x.Average():F4}, std {Std(x):F4}");
        console.WriteLine($"Latent preview (ComfyUI's SD 1.5 latent-to-RGB factors, 8x upscaled): {png}");
        return new OnnxModelResult(png, calls, clock.Elapsed.TotalSeconds, x, network.SampleElementType);
    }

    /// <summary>The built-in network's ONNX model (the tests' random-weight conv net, inputs like SD 1.5's UNet, 4 tokens of 32).</summary>
    /// <param name="precision">float32 or float16 I/O.</param>
    /// <returns>The model's bytes.</returns>
    public static byte[] BuiltInModel(string precision) => ConvNet.Build(precision == "float16" ? GraphBuilder.Float16 : GraphBuilder.Float);

    /// <summary>The built-in network's conditional and unconditional embeddings, 4 tokens of 32.</summary>
    /// <returns>Both, flattened.</returns>
    public static (float[] Conditional, float[] Unconditional) BuiltInEmbeddings() => ConvNet.Embeddings();

    private static (float[] Cond, float[]? Uncond, long[] Shape) Conditioning(OnnxModelOptions options)
    {
        if (options.Embeddings.Length == 0)
        {
            (float[] c, float[] u) = ConvNet.Embeddings();
            return (c, u, new long[] { ConvNet.Tokens, ConvNet.Embedding });
        }

        float[] cond = ReadFloats(options.Embeddings);
        float[]? uncond = options.NegativeEmbeddings.Length > 0 ? ReadFloats(options.NegativeEmbeddings) : null;
        if (uncond is not null && uncond.Length != cond.Length)
        {
            throw new IOException($"--negative-embeddings has {uncond.Length} floats but --embeddings has {cond.Length}.");
        }

        // SD 1.5's CLIP ViT-L/14 gives 77 tokens; the width is the file's length over the tokens (768).
        int tokens = options.EmbeddingTokens;
        if (cond.Length % tokens != 0)
        {
            throw new IOException($"--embeddings has {cond.Length} floats, not a multiple of {tokens} tokens.");
        }

        return (cond, uncond, new long[] { tokens, cond.Length / tokens });
    }

    private static float[] ReadFloats(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0 || bytes.Length % 4 != 0)
        {
            throw new IOException($"'{path}' has {bytes.Length} bytes, not a whole number of float32 values.");
        }

        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    /// <summary>RGB = factors^T latent per pixel, mapped from [-1, 1] to [0, 255] as ComfyUI's preview does, each latent pixel 8 x 8.</summary>
    private static void WritePreview(string path, float[] latent, int size)
    {
        const int scale = 8;
        using var bitmap = new SKBitmap(size * scale, size * scale, SKColorType.Rgba8888, SKAlphaType.Opaque);
        int plane = size * size;
        Span<byte> rgb = stackalloc byte[3];
        for (int row = 0; row < size; row++)
        {
            for (int col = 0; col < size; col++)
            {
                for (int c = 0; c < 3; c++)
                {
                    double v = 0;
                    for (int k = 0; k < 4; k++)
                    {
                        v += LatentToRgb[k, c] * latent[k * plane + row * size + col];
                    }

                    rgb[c] = (byte)Math.Round(255 * Math.Clamp((v + 1) / 2, 0, 1));
                }

                var color = new SKColor(rgb[0], rgb[1], rgb[2]);
                for (int dy = 0; dy < scale; dy++)
                {
                    for (int dx = 0; dx < scale; dx++)
                    {
                        bitmap.SetPixel(col * scale + dx, row * scale + dy, color);
                    }
                }
            }
        }

        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using FileStream file = File.Create(path);
        data.SaveTo(file);
    }

    private static double Std(float[] x)
    {
        double mean = x.Average();
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / x.Length);
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>The sampler call on either adapter (a struct-generic call per sampler, chosen by name).</summary>
    private interface IDenoiser
    {
        int Sample(string sampler, DiscreteSchedule schedule, double[] times, float[] x, SamplingOptions options, StepCallback<float>? onStep);
    }

    private sealed record Guided(GuidedNetworkDenoiser<float, OnnxNetwork, DiscreteSchedule> D) : IDenoiser
    {
        public int Sample(string sampler, DiscreteSchedule schedule, double[] times, float[] x, SamplingOptions options, StepCallback<float>? onStep) =>
            SampleWith(D, sampler, schedule, times, x, options, onStep);
    }

    private sealed record Unguided(NetworkDenoiser<float, OnnxNetwork, DiscreteSchedule> D) : IDenoiser
    {
        public int Sample(string sampler, DiscreteSchedule schedule, double[] times, float[] x, SamplingOptions options, StepCallback<float>? onStep) =>
            SampleWith(D, sampler, schedule, times, x, options, onStep);
    }

    private static int SampleWith<TDenoiser>(
        TDenoiser d, string sampler, DiscreteSchedule schedule, double[] times, float[] x, SamplingOptions options, StepCallback<float>? onStep)
        where TDenoiser : SdeDsl.Denoisers.IDenoiser<float> => sampler switch
    {
        "euler" => EulerSampler.Sample(schedule, d, times, x.AsSpan(), options, onStep),
        "heun" => HeunSampler.Sample(schedule, d, times, x.AsSpan(), options, onStep),
        "ddim" => DdimSampler.Sample(schedule, d, times, x.AsSpan(), options, onStep),
        "ancestral" => EulerAncestralSampler.Sample(schedule, d, times, x.AsSpan(), eta: 1.0, options, onStep),
        _ => DpmSolverPlusPlus2MSampler.Sample(schedule, d, times, x.AsSpan(), options, onStep),
    };
}
