using System;
using System.Linq;
using SdeDsl;
using SdeDsl.Discretisation;
using SdeDsl.Models;
using SdeDsl.Samplers;
using SdeDsl.Training;
using SdeDsl.TorchSharp;
using TorchSharp;
using static TorchSharp.torch;

// A user's schedule, a TorchSharp module trained with SdeDsl's objective and sampled through the model layer.
int failures = 0, checks = 0;
void Check(bool ok, string what)
{
    checks++;
    if (!ok) { failures++; Console.WriteLine($"torchsharp-consumer: FAILED {what}"); }
}

torch.manual_seed(1);
var schedule = default(ConsumerSchedule);
var objective = new DenoisingObjective<ConsumerSchedule>(schedule, ModelConvention.Epsilon(TimeInput.TrainingTime),
    NoiseLevelDistribution.UniformTime(), LossWeighting.Uniform);
const int batchSize = 64, dimension = 4;
var batch = new TrainingBatch<float>(batchSize, dimension);
using var tensors = new TorchTrainingBatch(batch, dimension);
using var module = new TinyNetwork(dimension);
using var optimizer = optim.Adam(module.parameters(), 1e-2);
float[] x0 = new float[batch.Length];
for (int k = 0; k < x0.Length; k++) x0[k] = k % 2 == 0 ? 1f : -1f;
var losses = new double[200];
for (int i = 0; i < losses.Length; i++)
{
    objective.Prepare<float>(x0, batch, seed: 3, iteration: (ulong)i);
    using var scope = NewDisposeScope();
    optimizer.zero_grad();
    Tensor loss = TorchDenoisingLoss.Compute(module, tensors);
    loss.backward();
    optimizer.step();
    losses[i] = loss.item<float>();
}

Check(losses.TakeLast(20).Average() < 0.7 * losses.Take(20).Average(), $"loss decreases ({losses.Take(20).Average():F4} -> {losses.TakeLast(20).Average():F4})");
using var network = new TorchNetwork(module, batchSize, dimension);
var denoiser = ModelAdapter.Epsilon(network, schedule, TimeInput.TrainingTime, network.Length);
double[] times = TimeSteps.Karras(schedule, 12);
float[] x = new float[network.Length];
Prior.Sample(schedule, times[0], x.AsSpan(), seed: 5);
DpmSolverPlusPlus2MSampler.Sample(schedule, denoiser, times, x.AsSpan());
Check(x.All(float.IsFinite), "DPM-Solver++(2M) through TorchNetwork gives finite samples");
Check(schedule.SigmaDerivative(0.5) > 0, "the generator in the SdeDsl package derived sigma'");
if (failures == 0) Console.WriteLine($"torchsharp-consumer: all {checks} checks passed");
return failures == 0 ? 0 : 1;

/// <summary>A schedule declared in the consumer: sigma from 0.01 to 20 geometrically, variance preserving.</summary>
[NoiseSchedule(TMin = 0, TMax = 1)]
public partial struct ConsumerSchedule
{
    const double SigmaMin = 0.01, SigmaMax = 20;

    [Sigma] static double SigmaOf(double t) => SigmaMin * Math.Pow(SigmaMax / SigmaMin, t);
    [Scale] static double ScaleOf(double t) => 1 / Math.Sqrt(1 + SigmaMin * SigmaMin * Math.Pow(SigmaMax / SigmaMin, 2 * t));
}

/// <summary>An MLP of (x_t, t) to eps.</summary>
internal sealed class TinyNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _layers;

    public TinyNetwork(int dimension) : base(nameof(TinyNetwork))
    {
        _layers = nn.Sequential(nn.Linear(dimension + 1, 64), nn.SiLU(), nn.Linear(64, 64), nn.SiLU(), nn.Linear(64, dimension));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input, Tensor time) =>
        _layers.forward(cat(new[] { input.flatten(1), time.to_type(ScalarType.Float32).view(-1, 1) }, 1)).view(input.shape);
}
