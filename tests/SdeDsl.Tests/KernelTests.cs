using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using SdeDsl.Tests.TestSchedules;
using Xunit;

namespace SdeDsl.Tests;

/// <summary>
/// Every step kernel against a scalar double-precision reference written from docs/math.md §7 (not from the kernel's
/// coefficient code): for every length 0 .. 3 x 16 + 1 (16 = the widest float vector), aligned (offset 0) and
/// unaligned (offset 1), float and double, with and without the fused y = x/s output, at every vector width.
/// </summary>
public sealed class KernelTests
{
    private static readonly HandVp Vp = default;
    private static readonly GaussianNoise Noise = new(2024);
    private const ulong Step = 17;
    private static readonly int[] Widths = { 512, 256, 128, 1 };

    public static IEnumerable<object[]> KernelNames => Cases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(KernelNames))]
    public void Kernel_matches_the_scalar_double_reference_for_every_length_alignment_and_width(string name)
    {
        KernelCase kernel = Cases[name];
        const int maxLength = 3 * 16 + 1;
        foreach (int width in Widths)
        {
            var options = new KernelOptions { MaxVectorBits = width, MaxDegreeOfParallelism = 1 };
            for (int length = 0; length <= maxLength; length++)
            {
                foreach (int offset in new[] { 0, 1 })
                {
                    foreach (bool withY in new[] { false, true })
                    {
                        // float: inputs and coefficients are each rounded once (6e-8 relative); at these times the
                        // terms are at most ~10 in size and at most five are summed, so the worst case is ~6e-6:
                        // 3e-5 (relative to 1 + |expected|) leaves a 5x margin. double: the same argument gives 1e-14.
                        Check<float>(kernel, length, offset, withY, options, 3e-5);
                        Check<double>(kernel, length, offset, withY, options, 1e-12);
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(KernelNames))]
    public void Kernel_gives_identical_bits_for_every_width_thread_count_and_chunk_size(string name)
    {
        KernelCase kernel = Cases[name];
        const int length = 9_001;
        float[] reference = Run<float>(kernel, length, new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 1 });
        double[] referenceDouble = Run<double>(kernel, length, new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 1 });
        foreach (var options in new[]
        {
            new KernelOptions { MaxDegreeOfParallelism = 1 },
            new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 256 },
            new KernelOptions { MaxDegreeOfParallelism = 1, MaxVectorBits = 128 },
            new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 64 },
            new KernelOptions { MaxDegreeOfParallelism = 2, ChunkSize = 1000 },
            new KernelOptions { MaxDegreeOfParallelism = 3, ChunkSize = 192, MaxVectorBits = 256 },
        })
        {
            NoiseTests.AssertBitwiseEqual(reference, Run<float>(kernel, length, options), $"{name} float with {options}");
            DoubleNoiseTests.AssertBitwiseEqual(referenceDouble, Run<double>(kernel, length, options), $"{name} double with {options}");
        }
    }

    [Fact]
    public void Mismatched_span_lengths_name_the_argument()
    {
        double[] x = new double[10], d = new double[9], output = new double[10], y = new double[3];
        var e1 = Assert.Throws<ArgumentException>(() => StepPasses.EulerOde(Vp, 0.5, 0.4, (ReadOnlySpan<double>)x, d, output, default));
        Assert.Equal("b", e1.ParamName);
        var e2 = Assert.Throws<ArgumentException>(() => StepPasses.EulerOde(Vp, 0.5, 0.4, (ReadOnlySpan<double>)x, x, output, y));
        Assert.Equal("scaled", e2.ParamName);
        var e3 = Assert.Throws<ArgumentException>(() => StepPasses.Ddim(Vp, 0.5, 0.4, (ReadOnlySpan<double>)d, x, output, default));
        Assert.Equal("a", e3.ParamName);
        var e4 = Assert.Throws<ArgumentException>(() => StepPasses.HeunCorrection(Vp, 0.5, 0.4, (ReadOnlySpan<double>)x, x, d, x, output, default));
        Assert.Equal("c", e4.ParamName);
    }

    [Fact]
    public void In_place_updates_equal_out_of_place_updates()
    {
        const int length = 1000;
        double[] x = Inputs(length, 1), d = Inputs(length, 2), separate = new double[length];
        StepPasses.Ancestral(Vp, 0.5, 0.45, 1.0, (ReadOnlySpan<double>)x, d, Noise, Step, separate, default);
        StepPasses.Ancestral(Vp, 0.5, 0.45, 1.0, (ReadOnlySpan<double>)x, d, Noise, Step, x, default);
        Assert.Equal(separate, x);
    }

    private static void Check<T>(KernelCase kernel, int length, int offset, bool withY, KernelOptions options, double tolerance)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double[][] inputs = { Inputs(length + offset, 11), Inputs(length + offset, 12), Inputs(length + offset, 13), Inputs(length + offset, 14) };
        T[][] typed = inputs.Select(a => a.Select(T.CreateTruncating).ToArray()).ToArray();
        T[] output = new T[length + offset], y = new T[length + offset];
        kernel.Run<T>(
            typed[0].AsSpan(offset), typed[1].AsSpan(offset), typed[2].AsSpan(offset), typed[3].AsSpan(offset),
            output.AsSpan(offset), withY ? y.AsSpan(offset) : default, offset, options);

        for (int i = 0; i < length; i++)
        {
            // Kernels index noise by position in the span they are given; LangevinCorrector takes an explicit offset.
            long noiseIndex = kernel.NoiseOffset == 0 ? i : kernel.NoiseOffset + offset + i;
            // Float tensors get the single-precision normals, double tensors the double-precision ones.
            double z = !kernel.UsesNoise ? 0 : typeof(T) == typeof(double) ? Noise.SampleDouble(Step, noiseIndex) : Noise.Sample(Step, noiseIndex);
            (double expected, double expectedY) = kernel.Reference(
                double.CreateTruncating(typed[0][offset + i]), double.CreateTruncating(typed[1][offset + i]),
                double.CreateTruncating(typed[2][offset + i]), double.CreateTruncating(typed[3][offset + i]), z);
            double actual = double.CreateTruncating(output[offset + i]);
            Assert.True(Math.Abs(actual - expected) <= tolerance * (1 + Math.Abs(expected)),
                $"{kernel.Name} {typeof(T).Name} length {length} offset {offset} width {options.MaxVectorBits}: element {i} is {actual:R}, expected {expected:R}");
            if (withY && kernel.WritesY)
            {
                double actualY = double.CreateTruncating(y[offset + i]);
                Assert.True(Math.Abs(actualY - expectedY) <= tolerance * (1 + Math.Abs(expectedY)),
                    $"{kernel.Name} y: element {i} is {actualY:R}, expected {expectedY:R}");
            }
        }
    }

    private static T[] Run<T>(KernelCase kernel, int length, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[][] inputs = Enumerable.Range(21, 4).Select(s => Inputs(length, s).Select(T.CreateTruncating).ToArray()).ToArray();
        T[] output = new T[length], y = new T[length];
        kernel.Run<T>(inputs[0], inputs[1], inputs[2], inputs[3], output, kernel.WritesY ? y : default, 0, options);
        return output.Concat(kernel.WritesY ? y : Array.Empty<T>()).ToArray();
    }

    private static double[] Inputs(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => random.NextDouble() * 4 - 2).ToArray();
    }

    // The references: docs/math.md §7 formulas evaluated in double from the schedule's primitive functions.
    private static double A(double t) => Vp.SigmaDerivative(t) / Vp.Sigma(t) + Vp.ScaleDerivative(t) / Vp.Scale(t);
    private static double B(double t) => Vp.SigmaDerivative(t) * Vp.Scale(t) / Vp.Sigma(t);
    private static double Grad(double t, double x, double d) => (d - x / Vp.Scale(t)) / (Vp.Scale(t) * Vp.Sigma(t) * Vp.Sigma(t));

    private static readonly Dictionary<string, KernelCase> Cases = new KernelCase[]
    {
        new("EulerOde", false, true, 0,
            (x, d, e, f, z) => x + (0.4 - 0.5) * (A(0.5) * x - B(0.5) * d), 0.4,
            new Runner((a, b, c, dd, o, y, _, opt) => StepPasses.EulerOde(Vp, 0.5, 0.4, a, b, o, y, opt),
                (a, b, c, dd, o, y, _, opt) => StepPasses.EulerOde(Vp, 0.5, 0.4, a, b, o, y, opt))),
        new("HeunCorrection", false, true, 0,
            (x, d, e, f, z) => x + 0.5 * (0.4 - 0.5) * ((A(0.5) * x - B(0.5) * d) + (A(0.4) * e - B(0.4) * f)), 0.4,
            new Runner((a, b, c, dd, o, y, _, opt) => StepPasses.HeunCorrection(Vp, 0.5, 0.4, a, b, c, dd, o, y, opt),
                (a, b, c, dd, o, y, _, opt) => StepPasses.HeunCorrection(Vp, 0.5, 0.4, a, b, c, dd, o, y, opt))),
        new("ReverseSdeEulerMaruyama", true, true, 0,
            (x, d, e, f, z) =>
            {
                double t = 0.5, h = -0.1, g2 = 2 * Vp.Scale(t) * Vp.Scale(t) * Vp.SigmaDerivative(t) * Vp.Sigma(t);
                return x + h * (Vp.Drift(t) * x - g2 * Grad(t, x, d)) + Math.Sqrt(g2 * -h) * z;
            }, 0.4,
            new Runner((a, b, c, dd, o, y, _, opt) => StepPasses.ReverseSdeEulerMaruyama(Vp, 0.5, 0.4, a, b, Noise, Step, o, y, opt),
                (a, b, c, dd, o, y, _, opt) => StepPasses.ReverseSdeEulerMaruyama(Vp, 0.5, 0.4, a, b, Noise, Step, o, y, opt))),
        new("Langevin", true, true, 0,
            (x, d, e, f, z) =>
            {
                double t = 0.5, h = -0.1, beta = 0.7, s = Vp.Scale(t), sigma = Vp.Sigma(t);
                double drift = (A(t) * x - B(t) * d) - beta * s * s * sigma * sigma * Grad(t, x, d);
                return x + h * drift + s * sigma * Math.Sqrt(2 * beta * -h) * z;
            }, 0.4,
            new Runner((a, b, c, dd, o, y, _, opt) => StepPasses.Langevin(Vp, 0.5, 0.4, 0.7, a, b, Noise, Step, o, y, opt),
                (a, b, c, dd, o, y, _, opt) => StepPasses.Langevin(Vp, 0.5, 0.4, 0.7, a, b, Noise, Step, o, y, opt))),
        new("Churn", true, true, 0,
            (x, d, e, f, z) =>
            {
                double sigma = Vp.Sigma(0.5), sigmaHat = Vp.Sigma(0.6);
                return Vp.Scale(0.6) / Vp.Scale(0.5) * x + Vp.Scale(0.6) * Math.Sqrt(sigmaHat * sigmaHat - sigma * sigma) * 1.007 * z;
            }, 0.6,
            new Runner((a, b, c, dd, o, y, _, opt) => StepPasses.Churn(Vp, 0.5, 0.6, 1.007, a, Noise, Step, o, y, opt),
                (a, b, c, dd, o, y, _, opt) => StepPasses.Churn(Vp, 0.5, 0.6, 1.007, a, Noise, Step, o, y, opt))),
        new("Ancestral", true, true, 0,
            (x, d, e, f, z) =>
            {
                double sigma = Vp.Sigma(0.5), next = Vp.Sigma(0.4), eta = 0.8;
                double up = Math.Min(next, eta * Math.Sqrt(next * next * (sigma * sigma - next * next) / (sigma * sigma)));
                double down = Math.Sqrt(next * next - up * up);
                double y = x / Vp.Scale(0.5);
                double yNext = y + (down - sigma) * (y - d) / sigma + up * z;
                return Vp.Scale(0.4) * yNext;
            }, 0.4,
            new Runner((a, b, c, dd, o, y, _, opt) => StepPasses.Ancestral(Vp, 0.5, 0.4, 0.8, a, b, Noise, Step, o, y, opt),
                (a, b, c, dd, o, y, _, opt) => StepPasses.Ancestral(Vp, 0.5, 0.4, 0.8, a, b, Noise, Step, o, y, opt))),
        new("Ddim", false, true, 0,
            (x, d, e, f, z) => Vp.Scale(0.4) * (d + Vp.Sigma(0.4) / Vp.Sigma(0.5) * (x / Vp.Scale(0.5) - d)), 0.4,
            new Runner((a, b, c, dd, o, y, _, opt) => StepPasses.Ddim(Vp, 0.5, 0.4, a, b, o, y, opt),
                (a, b, c, dd, o, y, _, opt) => StepPasses.Ddim(Vp, 0.5, 0.4, a, b, o, y, opt))),
        new("DpmSolverPlusPlus2M", false, true, 0,
            (x, d, e, f, z) =>
            {
                double lp = -Math.Log(Vp.Sigma(0.6)), l = -Math.Log(Vp.Sigma(0.5)), ln = -Math.Log(Vp.Sigma(0.4));
                double h = ln - l, r = (l - lp) / h;
                double d2 = (1 + 1 / (2 * r)) * d - 1 / (2 * r) * e;
                double yNext = Vp.Sigma(0.4) / Vp.Sigma(0.5) * (x / Vp.Scale(0.5)) - (Math.Exp(-h) - 1) * d2;
                return Vp.Scale(0.4) * yNext;
            }, 0.4,
            new Runner((a, b, c, dd, o, y, _, opt) => StepPasses.DpmSolverPlusPlus2M(Vp, 0.6, 0.5, 0.4, a, b, c, o, y, opt),
                (a, b, c, dd, o, y, _, opt) => StepPasses.DpmSolverPlusPlus2M(Vp, 0.6, 0.5, 0.4, a, b, c, o, y, opt))),
        new("LangevinCorrector", true, true, 1234,
            (x, d, e, f, z) => x + 0.003 * Grad(0.5, x, d) + Math.Sqrt(2 * 0.003) * z, 0.5,
            new Runner((a, b, c, dd, o, y, off, opt) => StepPasses.LangevinCorrector(Vp, 0.5, 0.003, a, b, Noise, Step, 1234 + off, o, y, opt),
                (a, b, c, dd, o, y, off, opt) => StepPasses.LangevinCorrector(Vp, 0.5, 0.003, a, b, Noise, Step, 1234 + off, o, y, opt))),
        new("PerturbWithNoise", true, false, 0,
            (x, d, e, f, z) => Vp.Scale(0.3) * (x + Vp.Sigma(0.3) * z), 0.3,
            new Runner((a, b, c, dd, o, y, _, opt) => StepPasses.ForwardSample(Vp, 0.3, a, Noise, Step, o, opt),
                (a, b, c, dd, o, y, _, opt) => StepPasses.ForwardSample(Vp, 0.3, a, Noise, Step, o, opt))),
        new("PerturbWithEpsilon", false, false, 0,
            (x, d, e, f, z) => Vp.Scale(0.3) * (x + Vp.Sigma(0.3) * d), 0.3,
            new Runner((a, b, c, dd, o, y, _, opt) => StepPasses.Perturb(Vp, 0.3, a, b, o, opt),
                (a, b, c, dd, o, y, _, opt) => StepPasses.Perturb(Vp, 0.3, a, b, o, opt))),
        new("Scale", false, false, 0,
            (x, d, e, f, z) => 1.75 * x, 0,
            new Runner((a, b, c, dd, o, y, _, opt) => StepPasses.Scale(a, 1.75, o, opt),
                (a, b, c, dd, o, y, _, opt) => StepPasses.Scale(a, 1.75, o, opt))),
    }.ToDictionary(c => c.Name);

    /// <summary>Runs one kernel for T = float or double; the offset is the slice offset (for noise indices).</summary>
    private sealed class Runner
    {
        private readonly Kernel<float> _float;
        private readonly Kernel<double> _double;

        public Runner(Kernel<float> single, Kernel<double> wide)
        {
            _float = single;
            _double = wide;
        }

        public void Run<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c, ReadOnlySpan<T> d, Span<T> o, Span<T> y, int offset, KernelOptions options)
            where T : unmanaged
        {
            if (typeof(T) == typeof(float))
            {
                _float(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(a), System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(b),
                    System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(c), System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(d),
                    System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(o), System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(y), offset, options);
            }
            else
            {
                _double(System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(a), System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(b),
                    System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(c), System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(d),
                    System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(o), System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(y), offset, options);
            }
        }
    }

    private delegate void Kernel<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c, ReadOnlySpan<T> d, Span<T> o, Span<T> y, int offset, KernelOptions options);

    private sealed class KernelCase
    {
        private readonly Func<double, double, double, double, double, double> _reference;
        private readonly double _yTime;
        private readonly Runner _runner;

        public KernelCase(string name, bool usesNoise, bool writesY, long noiseOffset, Func<double, double, double, double, double, double> reference, double yTime, Runner runner)
        {
            Name = name;
            UsesNoise = usesNoise;
            WritesY = writesY;
            NoiseOffset = noiseOffset;
            _reference = reference;
            _yTime = yTime;
            _runner = runner;
        }

        public string Name { get; }
        public bool UsesNoise { get; }
        public bool WritesY { get; }
        public long NoiseOffset { get; }

        public (double X, double Y) Reference(double x, double d, double e, double f, double z)
        {
            double next = _reference(x, d, e, f, z);
            return (next, WritesY ? next / Vp.Scale(_yTime) : double.NaN);
        }

        public void Run<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c, ReadOnlySpan<T> d, Span<T> o, Span<T> y, int offset, KernelOptions options)
            where T : unmanaged
            => _runner.Run(a, b, c, d, o, WritesY ? y : default, offset, options);
    }
}
