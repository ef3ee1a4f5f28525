using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using SdeDsl.TorchSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace SdeDsl.TorchSharp.Benchmarks;

/// <summary>
/// What <see cref="TorchNetwork"/> adds to a module call (docs/benchmarks.md, "TorchSharp copies"): with an identity
/// module, Predict is the copy of the sampler's span into the input tensor, the time fill and the copy of the output
/// back; the floor is two Span copies of the same length in managed memory.
/// </summary>
[MemoryDiagnoser]
public class NetworkCopyBenchmarks
{
    private sealed class IdentityModule : nn.Module<Tensor, Tensor, Tensor>
    {
        public IdentityModule() : base(nameof(IdentityModule)) { }

        public override Tensor forward(Tensor input, Tensor time) => input.alias();
    }

    private IdentityModule _module = null!;
    private TorchNetwork _network = null!;
    private float[] _input = null!, _output = null!;

    /// <summary>Elements per call: 64 x 784 (a Fashion-MNIST batch) and 4 x 4 x 64 x 64 (4 SD latents at 512 px).</summary>
    [Params(50176, 65536 * 4)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _module = new IdentityModule();
        _network = new TorchNetwork(_module, 1, Length);
        _input = new float[Length];
        _output = new float[Length];
        for (int k = 0; k < Length; k++) _input[k] = k * 1e-3f;
    }

    [GlobalCleanup]
    public void Cleanup() => _network.Dispose();

    [Benchmark(Baseline = true, Description = "two Span copies (floor)")]
    public void SpanCopies()
    {
        _input.AsSpan().CopyTo(_output);
        _output.AsSpan().CopyTo(_input);
    }

    [Benchmark(Description = "TorchNetwork.Predict, identity module")]
    public void Predict() => _network.Predict(_input, 0.5, _output);

    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(NetworkCopyBenchmarks).Assembly).Run(args);
}
