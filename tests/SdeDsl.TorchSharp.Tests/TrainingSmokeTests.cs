using System;
using System.IO;
using System.Linq;
using Shouldly;
using TorchSharp;
using TrainFashionMnist;
using Xunit;

namespace SdeDsl.TorchSharp.Tests;

/// <summary>
/// The training example end to end on a tiny synthetic set (512 generated rectangles; CI has no data set): the
/// weighted loss decreases under Adam, and the trained network samples with both of the example's samplers.
/// </summary>
public sealed class TrainingSmokeTests
{
    // 150 Adam steps of 16 images on a width-8 U-Net. At initialisation the v-prediction is unrelated to the target,
    // so the min-SNR-weighted loss starts near E[w |v|^2] and the network quickly learns the mean image and the
    // identity part of v; the mean loss of the last 30 steps must be below 60% of the first 30. Everything is seeded
    // (torch initialisation, batches, noise), so the run is the same every time on one machine.
    [Fact]
    public void Loss_decreases_and_the_network_samples_with_two_samplers()
    {
        torch.manual_seed(3);
        float[] images = FashionMnistData.Synthetic(512, 3);
        using var model = new SmallUNet(8);
        var losses = Trainer.Train(model, images, new TrainSettings(Steps: 150, Batch: 16, LearningRate: 2e-3, Width: 8, Seed: 3));

        losses.Count.ShouldBe(150);
        losses.ShouldAllBe(l => double.IsFinite(l) && l > 0);
        double first = losses.Take(30).Average(), last = losses.TakeLast(30).Average();
        last.ShouldBeLessThan(0.6 * first, $"loss {first} -> {last}");

        foreach (string sampler in new[] { "heun", "dpm" })
        {
            float[] samples = Trainer.Sample(model, sampler, 4, 6, seed: 5);
            samples.Length.ShouldBe(4 * FashionMnistData.Pixels);
            // The data lie in [-1, 1]; a denoiser trained to its range returns values near it (not the sigma = 80 prior).
            samples.ShouldAllBe(v => float.IsFinite(v) && Math.Abs(v) < 3);
        }
    }

    [Fact]
    public void Missing_data_set_says_how_to_install_it()
    {
        string path = FashionMnistData.PathIn(Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N")));
        File.Exists(path).ShouldBeFalse();
        var error = new StringWriter();
        int exit = TrainApp.Run(new[] { "--data", Path.GetDirectoryName(path)!, "--steps", "1" }, Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(new StringWriter()) }), error);
        exit.ShouldBe(1);
        error.ToString().ShouldContain("apt-get install dataset-fashion-mnist");
    }
}
