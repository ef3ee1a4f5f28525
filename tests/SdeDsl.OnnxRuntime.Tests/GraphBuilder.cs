using System;
using System.Collections.Generic;
using System.IO;
using Google.Protobuf;
using Onnx;

namespace SdeDsl.OnnxRuntime.Tests;

/// <summary>
/// Writes real ONNX models with the protobuf messages generated from onnx.proto (Onnx/PROVENANCE.md): typed graph
/// inputs and outputs (a dimension of -1 is the symbolic "batch"), float initializers and nodes, opset 17.
/// </summary>
internal sealed class GraphBuilder
{
    private readonly GraphProto _graph;
    private int _next;

    public GraphBuilder(string name) => _graph = new GraphProto { Name = name };

    public const TensorProto.Types.DataType Float = TensorProto.Types.DataType.Float;
    public const TensorProto.Types.DataType Float16 = TensorProto.Types.DataType.Float16;
    public const TensorProto.Types.DataType BFloat16 = TensorProto.Types.DataType.Bfloat16;
    public const TensorProto.Types.DataType Int64 = TensorProto.Types.DataType.Int64;

    public string Input(string name, TensorProto.Types.DataType type, params long[] dims)
    {
        _graph.Input.Add(Value(name, type, dims));
        return name;
    }

    public void Output(string name, TensorProto.Types.DataType type, params long[] dims) => _graph.Output.Add(Value(name, type, dims));

    /// <summary>A float initializer of shape <paramref name="dims"/>.</summary>
    public string Constant(float[] values, params long[] dims)
    {
        var t = new TensorProto { Name = Fresh("c"), DataType = (int)Float };
        t.Dims.Add(dims);
        t.FloatData.Add(values);
        _graph.Initializer.Add(t);
        return t.Name;
    }

    /// <summary>An int64 initializer (shapes, axes).</summary>
    public string Int64Constant(params long[] values)
    {
        var t = new TensorProto { Name = Fresh("i"), DataType = (int)Int64 };
        t.Dims.Add(values.Length);
        t.Int64Data.Add(values);
        _graph.Initializer.Add(t);
        return t.Name;
    }

    /// <summary>One node; returns its (single) output's name, <paramref name="output"/> if given.</summary>
    public string Node(string op, string[] inputs, string? output = null, params (string Name, object Value)[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = Fresh(op) };
        node.Input.Add(inputs);
        string result = output ?? Fresh(op.ToLowerInvariant());
        node.Output.Add(result);
        foreach ((string name, object value) in attributes)
        {
            var a = new AttributeProto { Name = name };
            switch (value)
            {
                case long i: a.Type = AttributeProto.Types.AttributeType.Int; a.I = i; break;
                case int i: a.Type = AttributeProto.Types.AttributeType.Int; a.I = i; break;
                case float f: a.Type = AttributeProto.Types.AttributeType.Float; a.F = f; break;
                case long[] ints: a.Type = AttributeProto.Types.AttributeType.Ints; a.Ints.Add(ints); break;
                default: throw new ArgumentException($"attribute {name}: {value.GetType()}");
            }

            node.Attribute.Add(a);
        }

        _graph.Node.Add(node);
        return result;
    }

    public string Add(string a, string b) => Node("Add", new[] { a, b });

    public string Sub(string a, string b) => Node("Sub", new[] { a, b });

    public string Mul(string a, string b) => Node("Mul", new[] { a, b });

    public string Div(string a, string b) => Node("Div", new[] { a, b });

    public byte[] Build()
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "SdeDsl.OnnxRuntime.Tests", Graph = _graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model.ToByteArray();
    }

    public string Save(string directory)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, _graph.Name + ".onnx");
        File.WriteAllBytes(path, Build());
        return path;
    }

    private string Fresh(string prefix) => $"{prefix}_{_next++}";

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, IReadOnlyList<long> dims)
    {
        var shape = new TensorShapeProto();
        foreach (long d in dims)
        {
            shape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "batch" } : new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
