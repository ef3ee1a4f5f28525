using System;
using System.Collections.Generic;
using SdeDsl.Discretisation;
using SdeDsl.Models;
using SdeDsl.Samplers;
using SdeDsl.Training;
using SdeDsl.TorchSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace TrainFashionMnist;

/// <summary>Training and sampling settings.</summary>
public sealed record TrainSettings(int Steps = 3000, int Batch = 64, double LearningRate = 2e-3, int Width = 32, ulong Seed = 1);

/// <summary>
/// Trains a <see cref="SmallUNet"/> by denoising score matching with the declared <see cref="FashionSchedule"/>
/// (docs/math.md §19): v-prediction fed x_t = s y and t, t ~ U[0, 1], min-SNR-5 weights; and samples it with any
/// sampler through the model layer's adapter (docs/math.md §11).
/// </summary>
public static class Trainer
{
    /// <summary>The network's convention: v-prediction, input x_t = s y, time input t.</summary>
    public static readonly ModelConvention Convention = ModelConvention.V(TimeInput.TrainingTime);

    /// <summary>The objective: the declared schedule, the convention, uniform t, min-SNR-5.</summary>
    public static DenoisingObjective<FashionSchedule> Objective() =>
        new(default, Convention, NoiseLevelDistribution.UniformTime(), LossWeighting.MinSnr(5));

    /// <summary>
    /// Runs <paramref name="settings"/>.Steps Adam steps from iteration <paramref name="firstIteration"/> over
    /// <paramref name="images"/> (784 floats in [-1, 1] each); <paramref name="onStep"/> gets (iteration, loss).
    /// </summary>
    public static List<double> Train(SmallUNet model, float[] images, TrainSettings settings, Action<int, double>? onStep = null, int firstIteration = 0)
    {
        int count = images.Length / FashionMnistData.Pixels;
        var objective = Objective();
        var batch = new TrainingBatch<float>(settings.Batch, FashionMnistData.Pixels);
        using var tensors = new TorchTrainingBatch(batch, 1, FashionMnistData.Side, FashionMnistData.Side);
        using var optimizer = optim.Adam(model.parameters(), settings.LearningRate);
        float[] x0 = new float[batch.Length];
        int[] order = Permutation(count, settings.Seed, 0);
        int position = 0, epoch = 0;
        var losses = new List<double>(settings.Steps);
        model.train();
        for (int step = 0; step < settings.Steps; step++)
        {
            int iteration = firstIteration + step;
            for (int i = 0; i < settings.Batch; i++)
            {
                if (position == count)
                {
                    order = Permutation(count, settings.Seed, ++epoch);
                    position = 0;
                }

                images.AsSpan(order[position++] * FashionMnistData.Pixels, FashionMnistData.Pixels).CopyTo(x0.AsSpan(i * FashionMnistData.Pixels));
            }

            // x_t, the v target, t and the min-SNR weights in place: the tensors share the batch's memory.
            objective.Prepare<float>(x0, batch, settings.Seed, (ulong)iteration, (long)iteration * settings.Batch % (1L << 31));
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            Tensor loss = TorchDenoisingLoss.Compute(model, tensors);
            loss.backward();
            optimizer.step();
            double value = loss.item<float>();
            losses.Add(value);
            onStep?.Invoke(iteration, value);
        }

        model.eval();
        return losses;
    }

    /// <summary>
    /// <paramref name="count"/> samples of 784 floats with <paramref name="sampler"/> ("heun" or "dpm") on the
    /// declared schedule's Karras grid of <paramref name="steps"/> points, the network behind the v adapter.
    /// </summary>
    public static float[] Sample(SmallUNet model, string sampler, int count, int steps, ulong seed)
    {
        var schedule = default(FashionSchedule);
        using var network = new TorchNetwork(model, count, 1, FashionMnistData.Side, FashionMnistData.Side);
        var denoiser = ModelAdapter.V(network, schedule, TimeInput.TrainingTime, network.Length);
        double[] times = TimeSteps.Karras(schedule, steps);
        float[] x = new float[network.Length];
        Prior.Sample(schedule, times[0], x.AsSpan(), seed);
        if (sampler == "heun")
        {
            HeunSampler.Sample(schedule, denoiser, times, x.AsSpan());
        }
        else
        {
            DpmSolverPlusPlus2MSampler.Sample(schedule, denoiser, times, x.AsSpan());
        }

        return x;
    }

    private static int[] Permutation(int count, ulong seed, int epoch)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        new Random(unchecked((int)seed * 7919 + epoch)).Shuffle(order);
        return order;
    }
}
