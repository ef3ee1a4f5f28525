using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SdeDsl.Benchmarks.Infrastructure;
using SdeDsl.Discretisation;
using SdeDsl.Kernels;
using SdeDsl.Models;
using SdeDsl.OnnxRuntime;
using SdeDsl.OnnxRuntime.Tests;
using SdeDsl.Samplers;
using SdeDsl.Schedules;

namespace SdeDsl.Benchmarks.Onnx;

/// <summary>
/// A whole guided DPM-Solver++(2M) run (EDM grid of <see cref="GridTimes"/> times, guidance 7.5 by batch doubling) of the
/// tests' random-weight convolutional network on one 4 x 64 x 64 latent, as an EDM-preconditioned F (inputs c_in y, so
/// its random weights stay bounded over sigma 80 to 0.02), through <see cref="OnnxNetwork"/> and the model
/// layer's adapter, against the network alone: the same number of ONNX Runtime runs of a pre-bound binding and nothing
/// else (the baseline), and against the run's work outside the network alone: the same run over
/// <see cref="ConversionOnlyNetwork"/>, which does every conversion <see cref="OnnxNetwork"/> does but runs no model. Its
/// Ratio is the share of the run spent outside the network (the sampler, the adapter's passes, the float32 to model-type
/// conversions), measured directly rather than as the small difference of two noisy totals; the Allocated column over
/// the grid's steps is the managed allocation per step.
/// </summary>
/// <remarks>
/// ONNX Runtime and the kernels run on one thread each (IntraOpNumThreads = 1), so the figures do not depend on what else
/// the machine runs as much as multi-threaded ones would. The setup checks that a warm run allocates 0 managed bytes on
/// this thread and that its samples are finite.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class OnnxSamplingBenchmarks : IDisposable
{
    /// <summary>Grid times of the run: 10 denoiser calls, each one batch-doubled ONNX run.</summary>
    public const int GridTimes = 10;

    private readonly double[] _times = TimeSteps.Karras(default(Edm), GridTimes, sigmaMin: 0.02, sigmaMax: 80);
    private InferenceSession _session = null!;
    private OnnxNetwork _network = null!;
    private GuidedNetworkDenoiser<float, OnnxNetwork, Edm> _denoiser = null!;
    private SamplingOptions _options = null!;
    private float[] _prior = null!;
    private float[] _x = null!;
    private RunOptions _runOptions = null!;
    private OrtIoBinding _floor = null!;
    private readonly List<IDisposable> _floorResources = new();
    private ConversionOnlyNetwork _conversions = null!;
    private GuidedNetworkDenoiser<float, ConversionOnlyNetwork, Edm> _outside = null!;

    /// <summary>The model's input and output element type.</summary>
    [Params("Float", "Float16")]
    public string Io { get; set; } = "Float";

    /// <summary>The network's hidden channels: 16 (the tests' network) and 64 (a network 4 times as costly).</summary>
    [ParamsSource(nameof(HiddenWidths))]
    public int Hidden { get; set; }

    /// <summary>16 and 64 (16 only in quick mode).</summary>
    public static IEnumerable<int> HiddenWidths => BenchmarkSettings.Quick ? new[] { 16 } : new[] { 16, 64 };

    /// <summary>Builds the model, the network, the adapter and the baseline's binding; checks a run.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var io = Io == "Float" ? GraphBuilder.Float : GraphBuilder.Float16;
        using (var sessionOptions = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 })
        {
            _session = new InferenceSession(ConvNet.Build(io, hidden: Hidden), sessionOptions);
        }

        (float[] cond, float[] uncond) = ConvNet.Embeddings();
        _network = new OnnxNetwork(_session, new OnnxNetworkOptions
        {
            BatchSize = 1,
            Conditioning = new[] { new OnnxConditioning("encoder_hidden_states", cond, uncond) },
        });
        _denoiser = new GuidedNetworkDenoiser<float, OnnxNetwork, Edm>(
            _network, default, ModelConvention.Edm(0.5), new ClassifierFreeGuidance(7.5), _network.BatchLength, _network.SampleLength)
        {
            Kernel = new KernelOptions { MaxDegreeOfParallelism = 1 },
        };
        _conversions = new ConversionOnlyNetwork(_network.SampleElementType, 2 * _network.BatchLength);
        _outside = new GuidedNetworkDenoiser<float, ConversionOnlyNetwork, Edm>(
            _conversions, default, ModelConvention.Edm(0.5), new ClassifierFreeGuidance(7.5), _network.BatchLength, _network.SampleLength)
        {
            Kernel = new KernelOptions { MaxDegreeOfParallelism = 1 },
        };
        _options = new SamplingOptions { Kernel = new KernelOptions { MaxDegreeOfParallelism = 1 } };
        _prior = new float[_network.BatchLength];
        _x = new float[_network.BatchLength];
        Prior.Sample(default(Edm), _times[0], _prior.AsSpan(), seed: 1);

        // The baseline: the same model run on its own buffers through one pre-bound binding, nothing converted or combined.
        TensorElementType type = _network.SampleElementType;
        _runOptions = new RunOptions();
        _floor = Keep(_session.CreateIoBinding());
        _floor.BindInput("sample", Keep(Keep(new ModelBuffer(type, 2L * ConvNet.SampleLength)).View(0, new long[] { 2, 4, 64, 64 })));
        _floor.BindInput("timestep", Keep(Keep(new ModelBuffer(type, 1)).View(0, new long[] { 1 })));
        _floor.BindInput("encoder_hidden_states", Keep(Keep(new ModelBuffer(type, 2L * ConvNet.Tokens * ConvNet.Embedding)).View(0, new long[] { 2, ConvNet.Tokens, ConvNet.Embedding })));
        _floor.BindOutput("out_sample", Keep(Keep(new ModelBuffer(type, 2L * ConvNet.SampleLength)).View(0, new long[] { 2, 4, 64, 64 })));

        JitWarmup.Run(
            () =>
            {
                WholeRun();
                NetworkAlone();
                OutsideTheNetwork();
            },
            minimumRounds: 3);
        long before = GC.GetAllocatedBytesForCurrentThread();
        WholeRun();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated != 0 || !Array.TrueForAll(_x, float.IsFinite))
        {
            throw new InvalidOperationException($"A warm ONNX sampling run allocated {allocated} B or produced non-finite samples.");
        }
    }

    /// <summary>The network alone: <see cref="GridTimes"/> runs of the pre-bound batch-doubled binding.</summary>
    /// <returns>The runs made.</returns>
    [Benchmark(Baseline = true), BenchmarkCategory("OnnxConvNetRun")]
    public int NetworkAlone()
    {
        for (int i = 0; i < GridTimes; i++)
        {
            _session.RunWithBinding(_runOptions, _floor);
        }

        return GridTimes;
    }

    /// <summary>The whole guided DPM-Solver++(2M) run through <see cref="OnnxNetwork"/> (x_T restored first).</summary>
    /// <returns>The steps taken.</returns>
    [Benchmark, BenchmarkCategory("OnnxConvNetRun")]
    public int WholeRun()
    {
        _prior.CopyTo(_x, 0);
        return DpmSolverPlusPlus2MSampler.Sample(default(Edm), _denoiser, _times, _x.AsSpan(), _options);
    }

    /// <summary>The same run with every conversion but no model (<see cref="ConversionOnlyNetwork"/>): the work outside the network.</summary>
    /// <returns>The steps taken.</returns>
    [Benchmark, BenchmarkCategory("OnnxConvNetRun")]
    public int OutsideTheNetwork()
    {
        _prior.CopyTo(_x, 0);
        return DpmSolverPlusPlus2MSampler.Sample(default(Edm), _outside, _times, _x.AsSpan(), _options);
    }

    /// <summary>Releases the network, the baseline's resources and the session.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _network?.Dispose();
        _conversions?.Dispose();
        for (int i = _floorResources.Count - 1; i >= 0; i--)
        {
            _floorResources[i].Dispose();
        }

        _floorResources.Clear();
        _runOptions?.Dispose();
        _session?.Dispose();
        GC.SuppressFinalize(this);
    }

    private T Keep<T>(T resource)
        where T : IDisposable
    {
        _floorResources.Add(resource);
        return resource;
    }
}
