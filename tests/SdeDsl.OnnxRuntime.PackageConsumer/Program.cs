using System;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SdeDsl.Denoisers;
using SdeDsl.Discretisation;
using SdeDsl.Models;
using SdeDsl.OnnxRuntime;
using SdeDsl.OnnxRuntime.Tests;
using SdeDsl.Samplers;
using SdeDsl.Schedules;

// Gaussian data N(0, c^2 I) as an epsilon network on EDM, fed sigma: eps = y sigma / (c^2 + sigma^2), since
// D = c^2 / (c^2 + sigma^2) y (docs/math.md §9.1). Sampled with Heun through the packaged ONNX host, in float32 and
// float16 I/O, and compared with the same run on SdeDsl's analytic GaussianDenoiser.
const double C = 0.5;
const int Batch = 16, Dimension = 8;
int checks = 0, failures = 0;

void Check(string what, bool ok)
{
    checks++;
    if (!ok)
    {
        failures++;
        Console.WriteLine($"onnx-consumer: FAILED {what}");
    }
}

byte[] Model(Onnx.TensorProto.Types.DataType io)
{
    var g = new GraphBuilder($"gaussian_{io}");
    string x = g.Input("sample", io, -1, Dimension);
    string t = g.Input("timestep", io, 1);
    g.Output("prediction", io, -1, Dimension);
    if (io != GraphBuilder.Float)
    {
        x = g.Node("Cast", new[] { x }, null, ("to", (long)GraphBuilder.Float));
        t = g.Node("Cast", new[] { t }, null, ("to", (long)GraphBuilder.Float));
    }

    string gain = g.Div(t, g.Add(g.Constant(new[] { (float)(C * C) }, 1), g.Mul(t, t)));
    string eps = g.Mul(x, gain);
    if (io == GraphBuilder.Float)
    {
        g.Node("Identity", new[] { eps }, "prediction");
    }
    else
    {
        g.Node("Cast", new[] { eps }, "prediction", ("to", (long)io));
    }

    return g.Build();
}

Edm schedule = default;
double[] times = TimeSteps.Karras(schedule, 24, sigmaMin: 0.01, sigmaMax: 80);
var start = new float[Batch * Dimension];
Prior.Sample(schedule, times[0], start.AsSpan(), seed: 7);
float[] exact = (float[])start.Clone();
HeunSampler.Sample(schedule, new GaussianDenoiser(new double[Dimension], C), times, exact.AsSpan());

foreach ((Onnx.TensorProto.Types.DataType io, TensorElementType type, double tolerance) in new[]
{
    // float32: a few float roundings per call over 47 calls, contracted by the flow: 1e-4 of the data's scale c.
    (GraphBuilder.Float, TensorElementType.Float, 1e-4),
    // float16: the last call's input and output roundings dominate, u = 2^-11 relative of |x| <= 4 c: 4 u x 2 = 4e-3.
    (GraphBuilder.Float16, TensorElementType.Float16, 4e-3),
})
{
    using var session = new InferenceSession(Model(io));
    using var network = new OnnxNetwork(session, new OnnxNetworkOptions { BatchSize = Batch, Output = "prediction" });
    Check($"{type}: the element type is read from the model", network.SampleElementType == type && network.SampleShape.Length == 1 && network.SampleShape[0] == Dimension);
    var denoiser = OnnxDenoiser.Create(network, default(Edm), ModelConvention.Epsilon(TimeInput.Sigma));
    float[] x = (float[])start.Clone();
    int calls = HeunSampler.Sample(schedule, denoiser, times, x.AsSpan());
    Check($"{type}: Heun makes 2N - 1 calls", calls == 2 * times.Length - 1);
    double max = 0;
    for (int i = 0; i < x.Length; i++)
    {
        max = Math.Max(max, Math.Abs(x[i] - exact[i]));
    }

    Check($"{type}: samples within {tolerance:E1} of the analytic run (max {max:E2})", max <= tolerance * C && Array.TrueForAll(x, float.IsFinite));
    Console.WriteLine($"onnx-consumer: {type} I/O, max |ONNX - analytic| = {max:E2}");
}

try
{
    using var session = new InferenceSession(Model(GraphBuilder.Float));
    using var wrong = new OnnxNetwork(session, new OnnxNetworkOptions { BatchSize = Batch, SampleInput = "latent", Output = "prediction" });
    Check("a missing input is refused", false);
}
catch (OnnxModelException e)
{
    Check("a missing input is named", e.Node == "latent");
}

if (failures == 0)
{
    Console.WriteLine($"onnx-consumer: all {checks} checks passed");
    return 0;
}

Console.WriteLine($"onnx-consumer: {failures} of {checks} checks failed");
return 1;
