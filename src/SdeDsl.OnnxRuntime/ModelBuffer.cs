using System;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SdeDsl.OnnxRuntime;

/// <summary>
/// One model tensor's storage in native memory (never moved by the GC, so ONNX Runtime reads and writes it in place
/// through <see cref="OrtValue"/>s created over ranges of it once), in the model's element type, with the float32
/// conversions in and out (one vectorised pass, docs/math.md §14).
/// </summary>
internal sealed unsafe class ModelBuffer : IDisposable
{
    private void* _data;

    public ModelBuffer(TensorElementType type, long elements)
    {
        Type = type;
        ElementSize = SizeOf(type);
        Elements = elements;
        _data = NativeMemory.AlignedAlloc((nuint)(Math.Max(1, elements) * ElementSize), 64);
        new Span<byte>(_data, checked((int)(elements * ElementSize))).Clear();
    }

    public TensorElementType Type { get; }

    public int ElementSize { get; }

    public long Elements { get; }

    /// <summary>An OrtValue of <paramref name="shape"/> over elements [offset, offset + product(shape)); the caller disposes it.</summary>
    public OrtValue View(long offset, long[] shape)
    {
        long count = 1;
        foreach (long d in shape)
        {
            count *= d;
        }

        if (offset < 0 || offset + count > Elements)
        {
            throw new InvalidOperationException($"A view [{offset}, {offset + count}) outside a buffer of {Elements} elements.");
        }

        return OrtValue.CreateTensorValueWithData(
            OrtMemoryInfo.DefaultInstance, Type, shape, (IntPtr)((byte*)_data + offset * ElementSize), count * ElementSize);
    }

    /// <summary>Writes <paramref name="source"/> converted to the element type at element <paramref name="offset"/>.</summary>
    public void Write(ReadOnlySpan<float> source, long offset)
    {
        byte* at = (byte*)_data + offset * ElementSize;
        switch (Type)
        {
            case TensorElementType.Float:
                source.CopyTo(new Span<float>(at, source.Length));
                break;
            case TensorElementType.Float16:
                ReducedPrecision.ToFloat16(source, new Span<ushort>(at, source.Length));
                break;
            default:
                ReducedPrecision.ToBFloat16(source, new Span<ushort>(at, source.Length));
                break;
        }
    }

    /// <summary>Reads elements [offset, offset + destination.Length) converted to float32.</summary>
    public void Read(long offset, Span<float> destination)
    {
        byte* at = (byte*)_data + offset * ElementSize;
        switch (Type)
        {
            case TensorElementType.Float:
                new ReadOnlySpan<float>(at, destination.Length).CopyTo(destination);
                break;
            case TensorElementType.Float16:
                ReducedPrecision.FromFloat16(new ReadOnlySpan<ushort>(at, destination.Length), destination);
                break;
            default:
                ReducedPrecision.FromBFloat16(new ReadOnlySpan<ushort>(at, destination.Length), destination);
                break;
        }
    }

    /// <summary>Writes the time value <paramref name="value"/> into elements [offset, offset + count) in the element type.</summary>
    public void Fill(double value, long offset, int count)
    {
        byte* at = (byte*)_data + offset * ElementSize;
        switch (Type)
        {
            case TensorElementType.Float: new Span<float>(at, count).Fill((float)value); break;
            case TensorElementType.Double: new Span<double>(at, count).Fill(value); break;
            case TensorElementType.Float16: new Span<ushort>(at, count).Fill(BitConverter.HalfToUInt16Bits((Half)value)); break;
            case TensorElementType.BFloat16:
                Span<float> one = stackalloc float[1];
                Span<ushort> bits = stackalloc ushort[1];
                one[0] = (float)value;
                ReducedPrecision.ToBFloat16(one, bits);
                new Span<ushort>(at, count).Fill(bits[0]);
                break;
            case TensorElementType.Int64: new Span<long>(at, count).Fill((long)value); break;
            default: new Span<int>(at, count).Fill((int)value); break;
        }
    }

    public void Dispose()
    {
        if (_data != null)
        {
            NativeMemory.AlignedFree(_data);
            _data = null;
        }
    }

    public static int SizeOf(TensorElementType type) => type switch
    {
        TensorElementType.Float or TensorElementType.Int32 => 4,
        TensorElementType.Float16 or TensorElementType.BFloat16 => 2,
        TensorElementType.Double or TensorElementType.Int64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a model element type this host converts."),
    };
}
