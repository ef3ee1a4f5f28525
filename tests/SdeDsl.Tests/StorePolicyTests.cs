using System;
using System.Linq;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using SdeDsl.Schedules;
using SdeDsl.Tests.TestSchedules;
using Xunit;

namespace SdeDsl.Tests;

/// <summary>
/// The per-pass store rule (<see cref="StoreRule"/>: non-temporal stores only for outputs written out of place whose
/// pass's footprint exceeds the last-level cache) and its inputs as the driver counts them; non-temporal stores
/// change where the bytes go, never what they are: every kernel, every start alignment of the output (the loop peels to the vector's alignment), every
/// vector width and thread count gives the same bits with either store policy; and the runs' copies, fills and
/// parallel finite check agree with their serial definitions.
/// </summary>
public sealed class StorePolicyTests
{
    private static readonly HandVp Vp = default;
    private static readonly GaussianNoise Noise = new(77);

    private static readonly KernelOptions[] Layouts =
    {
        new() { MaxDegreeOfParallelism = 1 },
        new() { MaxDegreeOfParallelism = 1, MaxVectorBits = 256 },
        new() { MaxDegreeOfParallelism = 1, MaxVectorBits = 128 },
        new() { MaxDegreeOfParallelism = 2, ChunkSize = 192 },
        new() { MaxDegreeOfParallelism = 3, ChunkSize = 1000, MaxVectorBits = 256 },
    };

    [Fact]
    public void Every_kernel_gives_the_same_bits_with_ordinary_and_non_temporal_stores_at_every_alignment()
    {
        const int length = 2_053; // whole 2x-unrolled vectors, a single vector and a scalar tail at every width
        foreach (int offset in Enumerable.Range(0, 17)) // 16 floats = one 512-bit vector: every misalignment
        {
            foreach (KernelOptions layout in Layouts)
            {
                float[] ordinary = RunAll<float>(length, offset, layout with { ForceNonTemporal = false });
                float[] nonTemporal = RunAll<float>(length, offset, layout with { ForceNonTemporal = true });
                NoiseTests.AssertBitwiseEqual(ordinary, nonTemporal, $"float offset {offset} {layout}");
                double[] ordinaryDouble = RunAll<double>(length, offset, layout with { ForceNonTemporal = false });
                double[] nonTemporalDouble = RunAll<double>(length, offset, layout with { ForceNonTemporal = true });
                DoubleNoiseTests.AssertBitwiseEqual(ordinaryDouble, nonTemporalDouble, $"double offset {offset} {layout}");
            }
        }
    }

    [Fact]
    public void Copy_moves_every_bit_including_NaN_payloads_and_fill_writes_every_element()
    {
        const int length = 3_001;
        uint[] bits = Enumerable.Range(0, length).Select(i => (uint)(i * 2_654_435_761u)).ToArray();
        bits[5] = 0x7FC0_1234; // a quiet NaN with a payload
        bits[6] = 0x7F80_0001; // a signalling NaN: an arithmetic copy (1 * x) would quiet it
        bits[7] = 0x8000_0000; // -0
        float[] source = bits.Select(BitConverter.UInt32BitsToSingle).ToArray();
        foreach (int offset in new[] { 0, 1, 3 })
        {
            foreach (KernelOptions layout in Layouts)
            {
                foreach (bool nonTemporal in new[] { false, true })
                {
                    KernelOptions options = layout with { ForceNonTemporal = nonTemporal };
                    float[] destination = new float[length + offset];
                    CopyAndFill.Copy<float>(source, destination.AsSpan(offset), options);
                    Assert.Equal(bits, destination.Skip(offset).Select(BitConverter.SingleToUInt32Bits).ToArray());

                    double[] filled = new double[length + offset];
                    CopyAndFill.Fill(filled.AsSpan(offset), -2.5, options);
                    Assert.All(filled.Skip(offset), v => Assert.Equal(-2.5, v));
                    Assert.All(filled.Take(offset), v => Assert.Equal(0.0, v));
                }
            }
        }
    }

    [Fact]
    public void Parallel_finite_check_finds_the_first_offender_at_the_first_and_last_element_and_in_a_tail()
    {
        const int chunk = 192;
        const int length = (7 * chunk) + 45; // seven whole chunks and a short last one (a tail below one vector batch)
        var options = new KernelOptions { MaxDegreeOfParallelism = 3, ChunkSize = chunk };
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            float[] values = Enumerable.Range(0, length).Select(i => (i % 11) - 5.25f).ToArray();
            Assert.Equal(-1, ParallelFiniteCheck.IndexOfNonFinite<float>(values, options));
            foreach (int position in new[] { 0, chunk - 1, chunk, (3 * chunk) + 17, length - 45, length - 2, length - 1 })
            {
                values[position] = bad;
                Assert.Equal(position, ParallelFiniteCheck.IndexOfNonFinite<float>(values, options));
                values[length - 1] = bad; // a later offender in another chunk must not win
                Assert.Equal(position, ParallelFiniteCheck.IndexOfNonFinite<float>(values, options));
                values[length - 1] = 1;
                values[position] = 1;
            }
        }
    }

    [Fact]
    public void The_rule_keeps_ordinary_stores_for_in_place_passes_at_every_size()
    {
        const long llc = 32L << 20; // this machine's L3
        foreach (int read in new[] { 1, 2, 3, 4 })
        {
            foreach (long bytes in new[] { 1L << 10, 1L << 20, 256L << 20, 4L << 30 })
            {
                Assert.False(StoreRule.PrefersNonTemporal(read, 0, bytes, llc), $"{read} + 0 streams of {bytes} B");
            }
        }
    }

    [Fact]
    public void The_rule_chooses_non_temporal_stores_for_a_separate_output_only_when_the_footprint_exceeds_the_cache()
    {
        const long llc = 32L << 20;
        // 2 + 1 streams: 3 x 8 MiB = 24 MiB stays in a 32 MiB cache (the next pass reads it from there), 3 x 16 MiB does not
        Assert.False(StoreRule.PrefersNonTemporal(2, 1, 8L << 20, llc));
        Assert.True(StoreRule.PrefersNonTemporal(2, 1, 16L << 20, llc));
        Assert.True(StoreRule.PrefersNonTemporal(2, 1, 256L << 20, llc)); // the DRAM-bound benchmark size in float
        Assert.True(StoreRule.PrefersNonTemporal(3, 1, 256L << 20, llc));
        Assert.True(StoreRule.PrefersNonTemporal(2, 2, 256L << 20, llc)); // with a scaled output
        // below the measured stream count: the copy (1 + 1) and the fill (0 + 1) keep ordinary stores
        Assert.True(StoreRule.MinimumStreams == 3, "the threshold docs/benchmarks.md measured");
        Assert.False(StoreRule.PrefersNonTemporal(1, 1, 256L << 20, llc));
        Assert.False(StoreRule.PrefersNonTemporal(0, 1, 256L << 20, llc));
        // no overflow of the footprint for very large streams
        Assert.True(StoreRule.PrefersNonTemporal(4, 2, long.MaxValue / 2, llc));
    }

    [Fact]
    public void The_driver_counts_an_in_place_output_as_read_and_a_separate_or_scaled_output_as_written()
    {
        nint a = 0x1000, b = 0x2000, c = 0x3000, d = 0x4000, o = 0x5000;
        Assert.Equal(0, ElementwiseDriver.WriteOnlyStreams(a, a, b, 0, 0, scaled: false, arity: 2));
        Assert.Equal(0, ElementwiseDriver.WriteOnlyStreams(d, a, b, c, d, scaled: true, arity: 4)); // in place: the scaled output too
        Assert.Equal(1, ElementwiseDriver.WriteOnlyStreams(o, a, b, 0, 0, scaled: false, arity: 2));
        Assert.Equal(2, ElementwiseDriver.WriteOnlyStreams(o, a, b, c, 0, scaled: true, arity: 3));
        Assert.Equal(1, ElementwiseDriver.WriteOnlyStreams(c, a, b, 0, 0, scaled: false, arity: 2)); // c is not an input of a 2-input pass
        Assert.Equal(1, ElementwiseDriver.WriteOnlyStreams(o, 0, 0, 0, 0, scaled: false, arity: 0)); // a fill reads nothing
    }

    [Fact]
    public void The_default_policy_gives_the_bits_of_both_forced_policies_in_and_out_of_place()
    {
        const int length = 2_053;
        foreach (KernelOptions layout in Layouts)
        {
            float[] byDefault = RunAll<float>(length, 3, layout);
            NoiseTests.AssertBitwiseEqual(byDefault, RunAll<float>(length, 3, layout with { ForceNonTemporal = false }), $"ordinary {layout}");
            NoiseTests.AssertBitwiseEqual(byDefault, RunAll<float>(length, 3, layout with { ForceNonTemporal = true }), $"non-temporal {layout}");
            float[] x = Inputs<float>(length, 1), d = Inputs<float>(length, 2), inPlace = x.ToArray(), separate = new float[length];
            StepPasses.EulerOde(Vp, 0.5, 0.4, (ReadOnlySpan<float>)inPlace, d, inPlace, default, layout);
            StepPasses.EulerOde(Vp, 0.5, 0.4, (ReadOnlySpan<float>)x, d, separate, default, layout with { ForceNonTemporal = true });
            NoiseTests.AssertBitwiseEqual(separate, inPlace, $"in place vs separate {layout}");
        }
    }

    /// <summary>Euler (with y), Heun's correction, DPM-Solver++(2M), Euler ancestral and a churn, concatenated.</summary>
    internal static T[] RunAll<T>(int length, int offset, KernelOptions options)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        T[] x = Inputs<T>(length, 1), d = Inputs<T>(length, 2), xp = Inputs<T>(length, 3), dp = Inputs<T>(length, 4);
        T[][] outputs = Enumerable.Range(0, 6).Select(_ => new T[length + offset]).ToArray();
        Span<T> Out(int k) => outputs[k].AsSpan(offset);
        StepPasses.EulerOde(Vp, 0.5, 0.4, (ReadOnlySpan<T>)x, d, Out(0), Out(1), options);
        StepPasses.HeunCorrection(Vp, 0.5, 0.4, (ReadOnlySpan<T>)x, d, xp, dp, Out(2), default, options);
        StepPasses.DpmSolverPlusPlus2M(default(Edm), 1.5, 1.0, 0.8, (ReadOnlySpan<T>)x, d, dp, Out(3), default, options);
        StepPasses.Ancestral(Vp, 0.5, 0.45, 1.0, (ReadOnlySpan<T>)x, d, Noise, 9, Out(4), default, options);
        StepPasses.Churn(default(Edm), 1.0, 1.2, 1.0, (ReadOnlySpan<T>)x, Noise, 10, Out(5), default, options);
        return outputs.SelectMany(o => o).ToArray();
    }

    private static T[] Inputs<T>(int length, int seed)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T> =>
        Enumerable.Range(0, length).Select(i => T.CreateTruncating(Math.Sin((i * 0.37) + seed) * 3)).ToArray();
}
