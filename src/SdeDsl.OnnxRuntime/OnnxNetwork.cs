using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SdeDsl.Models;

namespace SdeDsl.OnnxRuntime;

/// <summary>
/// An ONNX diffusion network run by ONNX Runtime as the model layer's raw network: wrap it in
/// <see cref="NetworkDenoiser{T, TNetwork, TTraining}"/> or <see cref="GuidedNetworkDenoiser{T, TNetwork, TTraining}"/>
/// (or build one with <see cref="OnnxDenoiser"/>) to sample with any sampler.
/// </summary>
/// <remarks>
/// <para>
/// Everything a call needs is made once here: native buffers for the sample, the time, each conditioning input and the
/// output, in the model's element types, with <see cref="OrtValue"/>s over them bound by one <see cref="OrtIoBinding"/>
/// per model call. A call converts the float32 input into the sample buffer (one vectorised pass), writes the time,
/// runs the bindings and converts the output back, so it allocates nothing on the managed heap.
/// </para>
/// <para>
/// Rows are laid out [unconditional B | conditional B] when the conditioning has unconditional values (guidance by
/// batch doubling, <see cref="GuidedCallMode.BatchDoubled"/>), [conditional B] otherwise. A model whose batch dimension is
/// fixed to m is run in calls of m rows (B a multiple of m); a symbolic batch dimension takes each call's rows at once.
/// </para>
/// <para>The session, its execution provider and its options are the caller's; <see cref="Load"/> makes one the network owns.
/// Not thread-safe: one network per concurrent sampler. <see cref="Dispose"/> releases every native resource.</para>
/// </remarks>
public sealed class OnnxNetwork : INetwork<float>, IGuidedNetwork<float>, IDisposable
{
    private readonly InferenceSession _session;
    private readonly bool _ownsSession;
    private readonly RunOptions _runOptions = new();
    private readonly ModelBuffer _sample;
    private readonly ModelBuffer _output;
    private readonly ModelBuffer? _time;
    private readonly bool _timePerRow;
    private readonly List<ModelBuffer> _conditioning = new();
    private readonly List<IDisposable> _views = new();
    private readonly Plan _conditional;
    private readonly Plan? _unconditional;
    private readonly Plan? _doubled;
    private readonly string _outputName;
    private bool _disposed;

    /// <summary>A network over <paramref name="session"/>, which stays the caller's to dispose (after this network).</summary>
    /// <param name="session">The session, with the caller's execution provider and options.</param>
    /// <param name="options">Which inputs and output are which, and the batch size.</param>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The batch size is not positive.</exception>
    /// <exception cref="OnnxModelException">The model does not fit the configuration; the message names the input or output.</exception>
    public OnnxNetwork(InferenceSession session, OnnxNetworkOptions options)
        : this(session, options, ownsSession: false)
    {
    }

    private OnnxNetwork(InferenceSession session, OnnxNetworkOptions options, bool ownsSession)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize, nameof(options.BatchSize));
        _session = session;
        _ownsSession = ownsSession;
        try
        {
            IReadOnlyDictionary<string, NodeMetadata> inputs = session.InputMetadata;
            BatchSize = options.BatchSize;

            // The sample: element type, rank and static dimensions from the metadata, checked against the configuration.
            NodeMetadata sample = Input(inputs, options.SampleInput, nameof(options.SampleInput));
            SampleElementType = RequireTensorType(options.SampleInput, sample, "sample");
            SampleShape = PerSampleShape(options.SampleInput, sample, options.SampleShape, nameof(options.SampleShape));
            SampleLength = checked((int)Product(SampleShape));
            int fixedBatch = sample.Dimensions[0];
            if (fixedBatch > 0 && BatchSize % fixedBatch != 0)
            {
                throw new OnnxModelException(options.SampleInput,
                    $"The model's input '{options.SampleInput}' has a fixed batch dimension of {fixedBatch}, which does not divide the batch size {BatchSize}.");
            }

            // Conditioning: every configured name must exist; guidance needs every one to have an unconditional value.
            var conditioning = options.Conditioning ?? Array.Empty<OnnxConditioning>();
            int guided = conditioning.Count(c => c.Unconditional is not null);
            if (guided != 0 && guided != conditioning.Count)
            {
                string missing = conditioning.First(c => c.Unconditional is null).InputName;
                throw new ArgumentException(
                    $"Conditioning '{missing}' has no unconditional value while others have: guidance needs one for every conditioning input.", nameof(options));
            }

            bool doubled = guided > 0;
            int rows = doubled ? 2 * BatchSize : BatchSize;
            int conditionalRow = doubled ? BatchSize : 0;
            ModelBatch = fixedBatch > 0 ? fixedBatch : 0;

            // The output: the only one unless named; its type and static dimensions must be the sample's shape.
            _outputName = options.Output ?? (session.OutputMetadata.Count == 1
                ? session.OutputMetadata.Keys.First()
                : throw new OnnxModelException(null,
                    $"The model has {session.OutputMetadata.Count} outputs ({string.Join(", ", session.OutputMetadata.Keys)}): set OnnxNetworkOptions.Output."));
            if (!session.OutputMetadata.TryGetValue(_outputName, out NodeMetadata? output))
            {
                throw new OnnxModelException(_outputName,
                    $"The model has no output '{_outputName}' (its outputs: {string.Join(", ", session.OutputMetadata.Keys)}).");
            }

            OutputElementType = RequireTensorType(_outputName, output, "output");
            RequireOutputShape(output, fixedBatch);

            _sample = new ModelBuffer(SampleElementType, (long)rows * SampleLength);
            _output = new ModelBuffer(OutputElementType, (long)rows * SampleLength);

            // The time input: a scalar, a one-element tensor or one value per row.
            long[]? timeShapeKind = null;
            if (options.TimestepInput is { } timeName)
            {
                NodeMetadata time = Input(inputs, timeName, nameof(options.TimestepInput));
                TimeElementType = time.ElementDataType;
                if (TimeElementType is not (TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16
                    or TensorElementType.BFloat16 or TensorElementType.Int64 or TensorElementType.Int32))
                {
                    throw new OnnxModelException(timeName,
                        $"The model's time input '{timeName}' is {TimeElementType}; float32, float64, float16, bfloat16, int64 and int32 are supported.");
                }

                int[] dims = time.Dimensions;
                if (dims.Length == 0)
                {
                    timeShapeKind = Array.Empty<long>();
                }
                else if (dims.Length == 1 && dims[0] == 1)
                {
                    timeShapeKind = new long[] { 1 };
                }
                else if (dims.Length == 1)
                {
                    _timePerRow = true;
                }
                else
                {
                    throw new OnnxModelException(timeName,
                        $"The model's time input '{timeName}' has rank {dims.Length} ({Dims(dims)}); a scalar, [1] or [batch] is supported.");
                }

                _time = new ModelBuffer(TimeElementType, _timePerRow ? rows : 1);
            }

            // Conditioning buffers, filled once: rows [0, B) unconditional, [B, 2B) conditional (or [0, B) conditional).
            var conditioningShapes = new List<long[]>();
            foreach (OnnxConditioning c in conditioning)
            {
                NodeMetadata meta = Input(inputs, c.InputName, nameof(options.Conditioning));
                TensorElementType type = RequireTensorType(c.InputName, meta, "conditioning");
                long[] shape = PerSampleShape(c.InputName, meta, c.SampleShape, nameof(OnnxConditioning.SampleShape));
                long per = Product(shape);
                var buffer = new ModelBuffer(type, rows * per);
                _conditioning.Add(buffer);
                conditioningShapes.Add(shape);
                FillConditioning(buffer, c.InputName, c.Conditional.Span, per, conditionalRow);
                if (doubled)
                {
                    FillConditioning(buffer, c.InputName, c.Unconditional!.Value.Span, per, 0);
                }
            }

            // Every model input must be configured.
            foreach (string name in inputs.Keys)
            {
                if (name != options.SampleInput && name != options.TimestepInput && conditioning.All(c => c.InputName != name))
                {
                    throw new OnnxModelException(name,
                        $"The model's input '{name}' ({inputs[name].ElementDataType} {Dims(inputs[name].Dimensions)}) is not configured: add an OnnxConditioning for it.");
                }
            }

            CallMode = doubled ? GuidedCallMode.BatchDoubled : GuidedCallMode.TwoCalls;
            _conditional = CreatePlan(options, conditionalRow, BatchSize, timeShapeKind, conditioningShapes);
            if (doubled)
            {
                _unconditional = CreatePlan(options, 0, BatchSize, timeShapeKind, conditioningShapes);
                _doubled = CreatePlan(options, 0, 2 * BatchSize, timeShapeKind, conditioningShapes);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Loads the model at <paramref name="modelPath"/> into a session the network owns (disposed with it).</summary>
    /// <param name="modelPath">The .onnx file.</param>
    /// <param name="options">Which inputs and output are which, and the batch size.</param>
    /// <param name="sessionOptions">The execution provider and session options; null for ONNX Runtime's defaults (CPU).</param>
    /// <returns>The network.</returns>
    /// <exception cref="OnnxModelException">The model does not fit the configuration.</exception>
    public static OnnxNetwork Load(string modelPath, OnnxNetworkOptions options, SessionOptions? sessionOptions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var session = sessionOptions is null ? new InferenceSession(modelPath) : new InferenceSession(modelPath, sessionOptions);
        try
        {
            return new OnnxNetwork(session, options, ownsSession: true);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>B, the samples of every call (the guided call runs 2B rows).</summary>
    public int BatchSize { get; }

    /// <summary>d, the elements of one sample (the product of <see cref="SampleShape"/>).</summary>
    public int SampleLength { get; }

    /// <summary>B d, the flattened batch length of every call (the adapter's batch length).</summary>
    public int BatchLength => BatchSize * SampleLength;

    /// <summary>One sample's shape without the batch dimension.</summary>
    public long[] SampleShape { get; }

    /// <summary>The model's fixed batch dimension (each ONNX call's rows), or 0 when it is symbolic (one call per batch).</summary>
    public int ModelBatch { get; }

    /// <summary>The sample input's element type (float32, float16 or bfloat16).</summary>
    public TensorElementType SampleElementType { get; }

    /// <summary>The output's element type (float32, float16 or bfloat16).</summary>
    public TensorElementType OutputElementType { get; }

    /// <summary>The time input's element type (meaningless without a time input).</summary>
    public TensorElementType TimeElementType { get; }

    /// <summary>
    /// <see cref="GuidedCallMode.BatchDoubled"/> when the conditioning has unconditional values, else
    /// <see cref="GuidedCallMode.TwoCalls"/> (and only the conditional branch exists).
    /// </summary>
    public GuidedCallMode CallMode { get; }

    /// <summary>The conditional prediction for a batch of <see cref="BatchSize"/> samples.</summary>
    /// <param name="input">The network's input, <see cref="BatchLength"/> elements.</param>
    /// <param name="timeInput">The time conditioning, written to the time input in its element type.</param>
    /// <param name="output">Receives the prediction, <see cref="BatchLength"/> elements.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or an integer time input gets a fractional time.</exception>
    /// <exception cref="OnnxModelException">ONNX Runtime failed to run the model.</exception>
    public void Predict(ReadOnlySpan<float> input, double timeInput, Span<float> output) =>
        Run(_conditional, input, timeInput, output);

    /// <summary>One branch's prediction for a batch of <see cref="BatchSize"/> samples.</summary>
    /// <param name="input">The network's input, <see cref="BatchLength"/> elements.</param>
    /// <param name="timeInput">The time conditioning.</param>
    /// <param name="branch">The conditional or the unconditional branch.</param>
    /// <param name="output">Receives the prediction, <see cref="BatchLength"/> elements.</param>
    /// <exception cref="InvalidOperationException">The unconditional branch without unconditional conditioning.</exception>
    public void Predict(ReadOnlySpan<float> input, double timeInput, GuidanceBranch branch, Span<float> output) =>
        Run(branch == GuidanceBranch.Conditional ? _conditional : _unconditional ?? throw NoUnconditional(), input, timeInput, output);

    /// <summary>Both branches in one batch-doubled pass: rows [0, B) unconditional, [B, 2B) conditional.</summary>
    /// <param name="input">2 <see cref="BatchLength"/> elements.</param>
    /// <param name="timeInput">The time conditioning.</param>
    /// <param name="output">Receives 2 <see cref="BatchLength"/> elements.</param>
    /// <exception cref="InvalidOperationException">No unconditional conditioning was given.</exception>
    public void PredictBatchDoubled(ReadOnlySpan<float> input, double timeInput, Span<float> output) =>
        Run(_doubled ?? throw NoUnconditional(), input, timeInput, output);

    /// <summary>Releases the bindings, values, native buffers and, when the network owns it, the session.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (IDisposable view in _views)
        {
            view.Dispose();
        }

        _views.Clear();
        _sample?.Dispose();
        _output?.Dispose();
        _time?.Dispose();
        foreach (ModelBuffer b in _conditioning)
        {
            b.Dispose();
        }

        _runOptions.Dispose();
        if (_ownsSession)
        {
            _session.Dispose();
        }
    }

    private void Run(Plan plan, ReadOnlySpan<float> input, double timeInput, Span<float> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int length = plan.Rows * SampleLength;
        Require(input.Length, length, nameof(input));
        Require(output.Length, length, nameof(output));
        long first = (long)plan.FirstRow * SampleLength;
        _sample.Write(input, first);
        if (_time is not null)
        {
            if (TimeElementType is TensorElementType.Int64 or TensorElementType.Int32 && Math.Abs(timeInput - Math.Round(timeInput)) > 1e-6)
            {
                throw new ArgumentException(
                    $"The model's time input is {TimeElementType} but the time {timeInput:R} is not an integer: use TimeInput.NearestTimestep.",
                    nameof(timeInput));
            }

            double value = TimeElementType is TensorElementType.Int64 or TensorElementType.Int32 ? Math.Round(timeInput) : timeInput;
            if (_timePerRow)
            {
                _time.Fill(value, plan.FirstRow, plan.Rows);
            }
            else
            {
                _time.Fill(value, 0, 1);
            }
        }

        foreach (OrtIoBinding binding in plan.Bindings)
        {
            try
            {
                _session.RunWithBinding(_runOptions, binding);
            }
            catch (OnnxRuntimeException e)
            {
                throw new OnnxModelException(null, $"ONNX Runtime failed to run the model: {e.Message}", e);
            }
        }

        _output.Read(first, output);
    }

    private Plan CreatePlan(OnnxNetworkOptions options, int firstRow, int rows, long[]? timeShape, List<long[]> conditioningShapes)
    {
        int chunk = ModelBatch > 0 ? ModelBatch : rows;
        var bindings = new OrtIoBinding[rows / chunk];
        OrtValue? sharedTime = null;
        if (_time is not null && !_timePerRow)
        {
            sharedTime = Track(_time.View(0, timeShape!));
        }

        for (int c = 0; c < bindings.Length; c++)
        {
            long row = firstRow + (long)c * chunk;
            OrtIoBinding binding = Track(_session.CreateIoBinding());
            binding.BindInput(options.SampleInput, Track(_sample.View(row * SampleLength, Shape(chunk, SampleShape))));
            if (_time is not null)
            {
                binding.BindInput(options.TimestepInput!, sharedTime ?? Track(_time.View(row, new long[] { chunk })));
            }

            for (int k = 0; k < _conditioning.Count; k++)
            {
                long per = Product(conditioningShapes[k]);
                binding.BindInput(options.Conditioning[k].InputName, Track(_conditioning[k].View(row * per, Shape(chunk, conditioningShapes[k]))));
            }

            binding.BindOutput(_outputName, Track(_output.View(row * SampleLength, Shape(chunk, SampleShape))));
            bindings[c] = binding;
        }

        return new Plan(firstRow, rows, bindings);
    }

    private T Track<T>(T disposable)
        where T : IDisposable
    {
        _views.Add(disposable);
        return disposable;
    }

    private void RequireOutputShape(NodeMetadata output, int fixedBatch)
    {
        int[] dims = output.Dimensions;
        string expected = $"[{(fixedBatch > 0 ? fixedBatch.ToString(System.Globalization.CultureInfo.InvariantCulture) : "batch")}, {string.Join(", ", SampleShape)}]";
        bool ok = dims.Length == SampleShape.Length + 1 && (dims[0] <= 0 || fixedBatch <= 0 || dims[0] == fixedBatch);
        for (int i = 0; ok && i < SampleShape.Length; i++)
        {
            ok = dims[i + 1] <= 0 || dims[i + 1] == SampleShape[i];
        }

        if (!ok)
        {
            throw new OnnxModelException(_outputName,
                $"The model's output '{_outputName}' has shape {Dims(dims)} where {expected} is needed: the prediction has the sample's shape.");
        }
    }

    private void FillConditioning(ModelBuffer buffer, string name, ReadOnlySpan<float> value, long per, int firstRow)
    {
        if (value.Length == per)
        {
            for (int b = 0; b < BatchSize; b++)
            {
                buffer.Write(value, (firstRow + b) * per);
            }
        }
        else if (value.Length == per * BatchSize)
        {
            buffer.Write(value, firstRow * per);
        }
        else
        {
            throw new OnnxModelException(name,
                $"Conditioning '{name}' has {value.Length} values; one sample's is {per} and the batch's {per * BatchSize}.");
        }
    }

    private static NodeMetadata Input(IReadOnlyDictionary<string, NodeMetadata> inputs, string? name, string option)
    {
        if (name is null || !inputs.TryGetValue(name, out NodeMetadata? meta))
        {
            throw new OnnxModelException(name,
                $"The model has no input '{name}' (its inputs: {string.Join(", ", inputs.Keys)}); check OnnxNetworkOptions.{option}.");
        }

        return meta;
    }

    private static TensorElementType RequireTensorType(string name, NodeMetadata meta, string role)
    {
        if (!meta.IsTensor || meta.ElementDataType is not (TensorElementType.Float or TensorElementType.Float16 or TensorElementType.BFloat16))
        {
            throw new OnnxModelException(name,
                $"The model's {role} '{name}' is {(meta.IsTensor ? meta.ElementDataType.ToString() : meta.OnnxValueType.ToString())}; float32, float16 and bfloat16 tensors are supported.");
        }

        return meta.ElementDataType;
    }

    private static long[] PerSampleShape(string name, NodeMetadata meta, long[]? configured, string option)
    {
        int[] dims = meta.Dimensions;
        if (dims.Length < 1)
        {
            throw new OnnxModelException(name, $"The model's input '{name}' is a scalar; a batch dimension first is needed.");
        }

        if (configured is not null)
        {
            if (configured.Length != dims.Length - 1)
            {
                throw new OnnxModelException(name,
                    $"Wrong rank: the model's input '{name}' has rank {dims.Length} ({Dims(dims)}), but the configured {option} [{string.Join(", ", configured)}] plus the batch dimension has rank {configured.Length + 1}.");
            }

            for (int i = 0; i < configured.Length; i++)
            {
                if (configured[i] <= 0 || (dims[i + 1] > 0 && dims[i + 1] != configured[i]))
                {
                    throw new OnnxModelException(name,
                        $"The configured {option} [{string.Join(", ", configured)}] does not match the model's input '{name}' {Dims(dims)} at dimension {i + 1}.");
                }
            }

            return (long[])configured.Clone();
        }

        var shape = new long[dims.Length - 1];
        for (int i = 0; i < shape.Length; i++)
        {
            if (dims[i + 1] <= 0)
            {
                throw new OnnxModelException(name,
                    $"The model's input '{name}' {Dims(dims)} has a symbolic dimension {i + 1} ('{meta.SymbolicDimensions[i + 1]}'): set {option}.");
            }

            shape[i] = dims[i + 1];
        }

        return shape;
    }

    private static long[] Shape(long batch, long[] perSample)
    {
        var shape = new long[perSample.Length + 1];
        shape[0] = batch;
        perSample.CopyTo(shape, 1);
        return shape;
    }

    private static long Product(long[] shape)
    {
        long p = 1;
        foreach (long d in shape)
        {
            p *= d;
        }

        return p;
    }

    private static string Dims(int[] dims) => "[" + string.Join(", ", dims.Select(d => d > 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")) + "]";

    private static void Require(int length, int expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException($"'{name}' has {length} elements where this network's call takes {expected}.", name);
        }
    }

    private static InvalidOperationException NoUnconditional() =>
        new("This network has no unconditional conditioning: give every OnnxConditioning an unconditional value to guide.");

    /// <summary>The bindings of one kind of call: rows [FirstRow, FirstRow + Rows) of every buffer, in model-sized chunks.</summary>
    private sealed record Plan(int FirstRow, int Rows, OrtIoBinding[] Bindings);
}
