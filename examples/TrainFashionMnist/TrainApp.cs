using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using SdeDsl.Examples;
using SkiaSharp;
using Spectre.Console;
using TorchSharp;

namespace TrainFashionMnist;

/// <summary>
/// Trains a small U-Net on Fashion-MNIST with a declared schedule on the CPU, saves checkpoints, shows the loss in a
/// progress bar, then samples an 8 x 8 grid with Heun and with DPM-Solver++(2M) and writes samples.png, loss.png and
/// loss.csv.
/// </summary>
public static class TrainApp
{
    private static readonly ExampleOption[] Options =
    {
        new("steps", "N", "3000", "Adam steps, 1 to 1000000"),
        new("batch", "N", "64", "images per step, 1 to 4096"),
        new("width", "N", "32", "U-Net channels at full resolution, 4 to 256"),
        new("lr", "X", "0.002", "Adam learning rate"),
        new("data", "DIR", FashionMnistData.DebianFolder, "folder with train-images-idx3-ubyte.gz (Debian's dataset-fashion-mnist), or 'synthetic' (512 generated rectangles)"),
        new("out", "DIR", "artifacts/train-fashion-mnist", "folder for checkpoints, samples.png, loss.png and loss.csv"),
        new("resume", "PATH", "none", "a checkpoint to continue from (its iteration count is read from model.steps beside it)"),
        new("checkpoint-every", "N", "500", "steps between checkpoints"),
        new("sample-steps", "N", "25", "grid points of each sampler's Karras grid, 2 to 1000"),
        new("seed", "N", "1", "seed of the initialisation, the batches and the noise"),
        new("threads", "N", "0", "torch CPU threads (0: torch's default, the core count)"),
    };

    public static int Run(string[] args, IAnsiConsole console, TextWriter error)
    {
        ExampleArguments a;
        try
        {
            a = ExampleArguments.Parse(args, Options);
            if (a.Help)
            {
                console.WriteLine("TrainFashionMnist: trains a small U-Net on Fashion-MNIST with a declared schedule, samples it with two samplers.");
                foreach (ExampleOption o in Options) console.WriteLine($"  --{o.Name} {o.Value,-5} {o.Description} (default: {o.Default})");
                return 0;
            }
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"TrainFashionMnist: {e.Message}");
            return 2;
        }

        int steps = a.Int("steps", 1, 1_000_000), batch = a.Int("batch", 1, 4096), width = a.Int("width", 4, 256);
        int every = a.Int("checkpoint-every", 1, 1_000_000), sampleSteps = a.Int("sample-steps", 2, 1000);
        double lr = double.Parse(a.String("lr"), CultureInfo.InvariantCulture);
        ulong seed = a.ULong("seed");
        int threads = a.Int("threads", 0, 1024);
        if (threads > 0) torch.set_num_threads(threads);
        string data = a.String("data"), output = a.String("out"), resume = a.String("resume");

        float[] images;
        if (data == "synthetic")
        {
            images = FashionMnistData.Synthetic(512, (int)seed);
        }
        else
        {
            string path = FashionMnistData.PathIn(data);
            if (!File.Exists(path))
            {
                error.WriteLine($"TrainFashionMnist: {FashionMnistData.Missing(path)}");
                return 1;
            }

            images = FashionMnistData.Load(path);
        }

        Directory.CreateDirectory(output);
        torch.manual_seed((long)seed);
        using var model = new SmallUNet(width);
        int first = 0;
        if (resume != "none")
        {
            model.load(resume);
            string stepsFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(resume))!, "model.steps");
            first = File.Exists(stepsFile) ? int.Parse(File.ReadAllText(stepsFile), CultureInfo.InvariantCulture) : 0;
        }

        long parameters = model.parameters().Sum(p => p.numel());
        console.MarkupLine($"{images.Length / FashionMnistData.Pixels} images, U-Net of {parameters:N0} parameters, {steps} steps of {batch} from iteration {first}, torch threads {torch.get_num_threads()}");
        var settings = new TrainSettings(steps, batch, lr, width, seed);
        var clock = Stopwatch.StartNew();
        List<double> losses = null!;
        void Checkpoint(int iteration)
        {
            model.save(Path.Combine(output, "model.bin"));
            File.WriteAllText(Path.Combine(output, "model.steps"), (iteration + 1).ToString(CultureInfo.InvariantCulture));
        }

        if (ExampleConsole.ShowsProgress(console))
        {
            console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    ProgressTask task = context.AddTask("training", maxValue: steps);
                    double smoothed = double.NaN;
                    losses = Trainer.Train(model, images, settings, (iteration, loss) =>
                    {
                        smoothed = double.IsNaN(smoothed) ? loss : 0.98 * smoothed + 0.02 * loss;
                        task.Description = $"training, loss {smoothed:F4}";
                        task.Increment(1);
                        if ((iteration + 1 - first) % every == 0) Checkpoint(iteration);
                    }, first);
                });
        }
        else
        {
            losses = Trainer.Train(model, images, settings, (iteration, loss) =>
            {
                int done = iteration + 1 - first;
                if (done % Math.Max(1, steps / 10) == 0) console.WriteLine($"step {iteration + 1}: loss {loss:F4} ({clock.Elapsed.TotalSeconds:F0} s)");
                if (done % every == 0) Checkpoint(iteration);
            }, first);
        }

        Checkpoint(first + steps - 1);
        double trainSeconds = clock.Elapsed.TotalSeconds;
        File.WriteAllLines(Path.Combine(output, "loss.csv"), losses.Select((l, i) => $"{first + i + 1},{l.ToString("R", CultureInfo.InvariantCulture)}").Prepend("step,loss"));

        clock.Restart();
        float[] heun = Trainer.Sample(model, "heun", 64, sampleSteps, seed);
        float[] dpm = Trainer.Sample(model, "dpm", 64, sampleSteps, seed);
        double sampleSeconds = clock.Elapsed.TotalSeconds;
        string samplesPng = Path.Combine(output, "samples.png"), lossPng = Path.Combine(output, "loss.png");
        WriteGrid(samplesPng, new[] { ($"Heun, {sampleSteps} points ({2 * sampleSteps - 1} calls)", heun), ($"DPM-Solver++(2M), {sampleSteps} points ({sampleSteps} calls)", dpm) });
        WriteLossCurve(lossPng, losses, first);
        console.WriteLine($"trained {steps} steps in {trainSeconds:F0} s; loss {losses.Take(Math.Min(50, losses.Count)).Average():F4} (first 50) -> {losses.TakeLast(Math.Min(50, losses.Count)).Average():F4} (last 50); sampled 2 x 64 in {sampleSeconds:F1} s");
        console.WriteLine($"checkpoint: {Path.GetFullPath(Path.Combine(output, "model.bin"))}");
        console.WriteLine($"samples: {Path.GetFullPath(samplesPng)}");
        console.WriteLine($"loss curve: {Path.GetFullPath(lossPng)}");
        return 0;
    }

    /// <summary>Panels of 8 x 8 images (3x scale) side by side, each under its title.</summary>
    public static void WriteGrid(string path, IReadOnlyList<(string Title, float[] Images)> panels)
    {
        const int scale = 3, cell = FashionMnistData.Side * scale + 4, columns = 8, header = 30, margin = 16;
        int panelSize = columns * cell;
        using var bitmap = new SKBitmap(panels.Count * (panelSize + margin) + margin, panelSize + header + margin);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 16);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        for (int p = 0; p < panels.Count; p++)
        {
            int left = margin + p * (panelSize + margin);
            canvas.DrawText(panels[p].Title, left, 20, font, ink);
            float[] images = panels[p].Images;
            for (int n = 0; n < Math.Min(64, images.Length / FashionMnistData.Pixels); n++)
            {
                int ox = left + n % columns * cell + 2, oy = header + n / columns * cell + 2;
                for (int y = 0; y < FashionMnistData.Side; y++)
                for (int x = 0; x < FashionMnistData.Side; x++)
                {
                    float v = images[n * FashionMnistData.Pixels + y * FashionMnistData.Side + x];
                    byte g = (byte)Math.Clamp((int)MathF.Round((v + 1) * 127.5f), 0, 255);
                    using var pixel = new SKPaint { Color = new SKColor(g, g, g) };
                    canvas.DrawRect(ox + x * scale, oy + y * scale, scale, scale, pixel);
                }
            }
        }

        using SKImage image = SKImage.FromBitmap(bitmap);
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        using FileStream file = File.Create(path);
        png.SaveTo(file);
    }

    /// <summary>The loss per step and its running mean over 100 steps, log y.</summary>
    public static void WriteLossCurve(string path, IReadOnlyList<double> losses, int first)
    {
        var plot = new ScottPlot.Plot();
        double[] xs = Enumerable.Range(first + 1, losses.Count).Select(i => (double)i).ToArray();
        double[] log = losses.Select(l => Math.Log10(Math.Max(l, 1e-12))).ToArray();
        var raw = plot.Add.ScatterLine(xs, log);
        raw.LegendText = "loss per step";
        raw.LineWidth = 1;
        raw.Color = ScottPlot.Colors.LightGray;
        int window = Math.Max(1, Math.Min(100, losses.Count / 5));
        double[] mean = new double[losses.Count];
        double sum = 0;
        for (int i = 0; i < losses.Count; i++)
        {
            sum += losses[i];
            if (i >= window) sum -= losses[i - window];
            mean[i] = Math.Log10(Math.Max(sum / Math.Min(i + 1, window), 1e-12));
        }

        var smooth = plot.Add.ScatterLine(xs, mean);
        smooth.LegendText = $"running mean over {window} steps";
        smooth.LineWidth = 2;
        LogAxis.Label(plot.Axes.Left);
        plot.XLabel("step");
        plot.YLabel("weighted loss (min-SNR-5, v)");
        plot.ShowLegend();
        plot.SavePng(path, 900, 500);
    }
}
