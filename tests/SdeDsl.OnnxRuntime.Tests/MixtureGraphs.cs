using System;
using System.Linq;
using SdeDsl.Denoisers;

namespace SdeDsl.OnnxRuntime.Tests;

/// <summary>
/// The exact denoiser of a diagonal Gaussian mixture (docs/math.md §9.2) written as ONNX graphs in float32, dressed as an
/// epsilon-, v- or flow-velocity network: sampling through ONNX Runtime must reach the analytic denoiser's samples.
/// </summary>
internal static class MixtureGraphs
{
    public const int Dimension = 2;

    // The two-component 2-D mixture of tests/SdeDsl.Tests/Models/NetworkSamplingTests.
    public static readonly double[] Weights = { 0.3, 0.7 };
    public static readonly double[][] Means = { new[] { -1.0, 0.5 }, new[] { 1.0, -0.5 } };
    public static readonly double[][] Variances = { new[] { 0.04, 0.09 }, new[] { 0.16, 0.01 } };

    public static GaussianMixtureDenoiser Analytic() => new(Weights, Means, Variances) { MaxDegreeOfParallelism = 1 };

    /// <summary>
    /// epsilon-prediction on VP, fed x_t = s y and sigma: y = x_t sqrt(1 + sigma^2) (VP: s = 1/sqrt(1 + sigma^2)),
    /// eps = (y - D)/sigma (docs/math.md §11.2).
    /// </summary>
    public static byte[] Epsilon()
    {
        var g = Start("mixture_epsilon", out string x, out string sigma);
        string root = g.Node("Sqrt", new[] { g.Add(g.Constant(new[] { 1f }, 1), g.Mul(sigma, sigma)) });
        string y = g.Mul(x, root);
        string d = Denoiser(g, y, sigma);
        g.Node("Div", new[] { g.Sub(y, d), sigma }, "prediction");
        return g.Build();
    }

    /// <summary>v-prediction on VP, fed x_t = s y and sigma: v = s (y - (1 + sigma^2) D)/sigma, the inverse of §11.2's D = (y - sigma v/s)/(1 + sigma^2).</summary>
    public static byte[] V()
    {
        var g = Start("mixture_v", out string x, out string sigma);
        string onePlus = g.Add(g.Constant(new[] { 1f }, 1), g.Mul(sigma, sigma));
        string root = g.Node("Sqrt", new[] { onePlus });
        string y = g.Mul(x, root);
        string d = Denoiser(g, y, sigma);
        string v = g.Div(g.Sub(y, g.Mul(onePlus, d)), g.Mul(root, sigma));
        g.Node("Identity", new[] { v }, "prediction");
        return g.Build();
    }

    /// <summary>
    /// Rectified-flow velocity, fed x_t = (1 - t) y and 1000 t: t = T/1000, sigma = t/(1 - t), y = x_t/(1 - t),
    /// v = (y - (1 + sigma) D)/sigma, the inverse of §11.2's D = (y - sigma v)/(1 + sigma).
    /// </summary>
    public static byte[] Flow()
    {
        var g = Start("mixture_flow", out string x, out string timestep);
        string t = g.Div(timestep, g.Constant(new[] { 1000f }, 1));
        string oneMinus = g.Sub(g.Constant(new[] { 1f }, 1), t);
        string sigma = g.Div(t, oneMinus);
        string y = g.Div(x, oneMinus);
        string d = Denoiser(g, y, sigma);
        string v = g.Div(g.Sub(y, g.Mul(g.Add(g.Constant(new[] { 1f }, 1), sigma), d)), sigma);
        g.Node("Identity", new[] { v }, "prediction");
        return g.Build();
    }

    private static GraphBuilder Start(string name, out string x, out string time)
    {
        var g = new GraphBuilder(name);
        x = g.Input("sample", GraphBuilder.Float, -1, Dimension);
        time = g.Input("timestep", GraphBuilder.Float, 1);
        g.Output("prediction", GraphBuilder.Float, -1, Dimension);
        return g;
    }

    /// <summary>
    /// D(y; sigma) = sum_k r_k [mu_k + v_k/(v_k + sigma^2) (y - mu_k)], r = softmax_k(log w_k - 1/2 sum log(v_k + sigma^2)
    /// - 1/2 sum (y - mu_k)^2/(v_k + sigma^2)) (docs/math.md §9.2), y [B, d] to D [B, d].
    /// </summary>
    private static string Denoiser(GraphBuilder g, string y, string sigma)
    {
        int k = Weights.Length;
        double total = Weights.Sum();
        string means = g.Constant(Means.SelectMany(m => m.Select(v => (float)v)).ToArray(), k, Dimension);
        string variances = g.Constant(Variances.SelectMany(m => m.Select(v => (float)v)).ToArray(), k, Dimension);
        string logWeights = g.Constant(Weights.Select(w => (float)Math.Log(w / total)).ToArray(), k);
        string half = g.Constant(new[] { 0.5f }, 1);

        string variance = g.Add(variances, g.Mul(sigma, sigma));                                  // [K, d]
        string diff = g.Sub(g.Node("Unsqueeze", new[] { y, g.Int64Constant(1) }), means);        // [B, K, d]
        string quadratic = g.Node("ReduceSum", new[] { g.Div(g.Mul(diff, diff), variance), g.Int64Constant(2) }, null, ("keepdims", 0L)); // [B, K]
        string logDet = g.Node("ReduceSum", new[] { g.Node("Log", new[] { variance }), g.Int64Constant(1) }, null, ("keepdims", 0L));     // [K]
        string logits = g.Sub(g.Sub(logWeights, g.Mul(half, logDet)), g.Mul(half, quadratic));  // [B, K]
        string r = g.Node("Softmax", new[] { logits }, null, ("axis", 1L));                     // [B, K]
        string components = g.Add(means, g.Mul(g.Div(variances, variance), diff));              // [B, K, d]
        string weighted = g.Node("MatMul", new[] { g.Node("Unsqueeze", new[] { r, g.Int64Constant(1) }), components }); // [B, 1, d]
        return g.Node("Squeeze", new[] { weighted, g.Int64Constant(1) });                        // [B, d]
    }
}
