using System;
using System.Linq;

namespace SdeDsl.OnnxRuntime.Tests;

/// <summary>
/// A small convolutional network with random weights on 4 x 64 x 64 latents, shaped like a diffusion UNet's interface:
/// inputs <c>sample</c> [batch, 4, 64, 64], <c>timestep</c> [1] and <c>encoder_hidden_states</c> [batch, 4, 32]; output
/// <c>out_sample</c> [batch, 4, 64, 64]. h = Conv3x3(x) + sin(T f) + mean_tokens(c) W; out = Conv3x3(SiLU(h)).
/// The float16 and bfloat16 variants take and return those types and Cast to float32 inside, so they are the same function
/// with reduced-precision I/O.
/// </summary>
internal static class ConvNet
{
    public const int Channels = 4, Size = 64, Hidden = 16, Tokens = 4, Embedding = 32;
    public const int SampleLength = Channels * Size * Size;

    /// <param name="io">The element type of every input and the output.</param>
    /// <param name="outChannels">The output's channels (4; another value makes a model whose output does not match).</param>
    /// <param name="fixedBatch">A fixed batch dimension, or -1 for a symbolic one.</param>
    /// <param name="seed">The weights' seed.</param>
    /// <param name="hidden">The hidden channels (16 in the tests; the benchmarks also time a wider network).</param>
    public static byte[] Build(
        Onnx.TensorProto.Types.DataType io = GraphBuilder.Float, int outChannels = Channels, long fixedBatch = -1, int seed = 1, int hidden = Hidden)
    {
        var rng = new Random(seed);
        float[] Random(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale)).ToArray();

        var g = new GraphBuilder($"convnet_{io}_{outChannels}_{fixedBatch}_{hidden}");
        string x = g.Input("sample", io, fixedBatch, Channels, Size, Size);
        string t = g.Input("timestep", io, 1);
        string c = g.Input("encoder_hidden_states", io, fixedBatch, Tokens, Embedding);
        g.Output("out_sample", io, fixedBatch, outChannels, Size, Size);
        if (io != GraphBuilder.Float)
        {
            x = g.Node("Cast", new[] { x }, null, ("to", (long)GraphBuilder.Float));
            t = g.Node("Cast", new[] { t }, null, ("to", (long)GraphBuilder.Float));
            c = g.Node("Cast", new[] { c }, null, ("to", (long)GraphBuilder.Float));
        }

        string w1 = g.Constant(Random(hidden * Channels * 9, 1 / Math.Sqrt(Channels * 9)), hidden, Channels, 3, 3);
        string b1 = g.Constant(Random(hidden, 0.1), hidden);
        string h = g.Node("Conv", new[] { x, w1, b1 }, null, ("pads", new long[] { 1, 1, 1, 1 }), ("kernel_shape", new long[] { 3, 3 }));

        // Time embedding sin(T f) with frequencies 1/1000 .. 1 and the conditioning's mean token projected to the hidden channels.
        string frequencies = g.Constant(Enumerable.Range(0, hidden).Select(i => (float)Math.Pow(1000, -i / (double)(hidden - 1))).ToArray(), hidden);
        string timeEmbedding = g.Node("Reshape", new[] { g.Node("Sin", new[] { g.Mul(t, frequencies) }), g.Int64Constant(1, hidden, 1, 1) });
        string meanToken = g.Node("ReduceMean", new[] { c }, null, ("axes", new long[] { 1 }), ("keepdims", 0L));
        string projected = g.Node("MatMul", new[] { meanToken, g.Constant(Random(Embedding * hidden, 1 / Math.Sqrt(Embedding)), Embedding, hidden) });
        string conditioning = g.Node("Unsqueeze", new[] { projected, g.Int64Constant(2, 3) });
        h = g.Add(g.Add(h, timeEmbedding), conditioning);
        h = g.Mul(h, g.Node("Sigmoid", new[] { h }));

        string w2 = g.Constant(Random(outChannels * hidden * 9, 1 / Math.Sqrt(hidden * 9)), outChannels, hidden, 3, 3);
        string b2 = g.Constant(Random(outChannels, 0.1), outChannels);
        string output = io == GraphBuilder.Float ? "out_sample" : null!;
        string y = g.Node("Conv", new[] { h, w2, b2 }, output, ("pads", new long[] { 1, 1, 1, 1 }), ("kernel_shape", new long[] { 3, 3 }));
        if (io != GraphBuilder.Float)
        {
            g.Node("Cast", new[] { y }, "out_sample", ("to", (long)io));
        }

        return g.Build();
    }

    /// <summary>Deterministic text embeddings: a conditional and an unconditional [4, 32] per sample.</summary>
    public static (float[] Conditional, float[] Unconditional) Embeddings()
    {
        var rng = new Random(7);
        float[] c = Enumerable.Range(0, Tokens * Embedding).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        float[] u = Enumerable.Range(0, Tokens * Embedding).Select(_ => (float)(rng.NextDouble() * 0.2 - 0.1)).ToArray();
        return (c, u);
    }
}
