using System.Linq;
using SdeDsl.Kernels;
using Xunit;

namespace SdeDsl.Tests;

/// <summary>
/// The operators' own vector loops (<see cref="LinearCombination{T, TShape}"/>: coefficients broadcast once, each input
/// loaded at its use) against the round-3 loop (<see cref="RegisterLoadLoops"/>, <see cref="KernelOptions.RegisterLoads"/>)
/// and against the scalar path: the same operations in the same order, so every kernel (Euler with its scaled output,
/// Heun's correction, DPM-Solver++(2M), ancestral and churn with noise) gives the same bits at every alignment of the
/// output, vector width, thread count and store policy.
/// </summary>
public sealed class KernelLoopTests
{
    private static readonly KernelOptions[] Layouts =
    {
        new() { MaxDegreeOfParallelism = 1 },
        new() { MaxDegreeOfParallelism = 1, MaxVectorBits = 256 },
        new() { MaxDegreeOfParallelism = 1, MaxVectorBits = 128 },
        new() { MaxDegreeOfParallelism = 2, ChunkSize = 192 },
        new() { MaxDegreeOfParallelism = 3, ChunkSize = 1000, MaxVectorBits = 256 },
    };

    [Fact]
    public void Operator_loops_give_the_bits_of_the_register_load_loop_and_of_the_scalar_path()
    {
        const int length = 2_053; // whole 2x-unrolled vectors, a single vector and a scalar tail at every width
        var scalarOnly = new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 64 };
        float[] scalar = StorePolicyTests.RunAll<float>(length, 0, scalarOnly);
        double[] scalarDouble = StorePolicyTests.RunAll<double>(length, 0, scalarOnly);
        foreach (int offset in new[] { 0, 1, 3, 8, 15 })
        {
            foreach (KernelOptions layout in Layouts)
            {
                foreach (bool? nonTemporal in new bool?[] { null, false, true })
                {
                    KernelOptions own = layout with { ForceNonTemporal = nonTemporal };
                    string label = $"offset {offset} {own}";
                    float[] f = StorePolicyTests.RunAll<float>(length, offset, own);
                    NoiseTests.AssertBitwiseEqual(StorePolicyTests.RunAll<float>(length, offset, own with { RegisterLoads = true }), f, "float, register loads, " + label);
                    NoiseTests.AssertBitwiseEqual(Unshift(scalar, length, offset), f, "float, scalar, " + label);
                    double[] g = StorePolicyTests.RunAll<double>(length, offset, own);
                    DoubleNoiseTests.AssertBitwiseEqual(StorePolicyTests.RunAll<double>(length, offset, own with { RegisterLoads = true }), g, "double, register loads, " + label);
                    DoubleNoiseTests.AssertBitwiseEqual(Unshift(scalarDouble, length, offset), g, "double, scalar, " + label);
                }
            }
        }
    }

    /// <summary>The offset-0 concatenation laid out as RunAll lays out an offset run (each output preceded by <paramref name="offset"/> zeros).</summary>
    private static T[] Unshift<T>(T[] atZero, int length, int offset)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T> =>
        Enumerable.Range(0, atZero.Length / length)
            .SelectMany(k => Enumerable.Repeat(T.Zero, offset).Concat(atZero.Skip(k * length).Take(length)))
            .ToArray();
}
