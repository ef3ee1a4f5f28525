using System;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;

namespace SdeDsl.Benchmarks.Samplers;

/// <summary>
/// The cheapest denoiser that honours the contract, so a sampler run with it times the sampler's own work (kernels,
/// copies, poisoning, checks, bookkeeping) plus one write pass per call: D(y; sigma) = 0, the exact denoiser of data
/// that sit at the origin, written in full on every call.
/// </summary>
/// <remarks>
/// The samplers fill every denoiser output with a NaN of their own before the call and check it after, so a
/// denoiser has to write every element each time (an earlier version wrote each pooled buffer once and then
/// returned at once; the poison now rightly rejects that). The floor of <see cref="SamplerBenchmarks"/> counts the
/// poison fill and this write as one written stream each per call.
/// </remarks>
/// <param name="options">The threads the write uses: a real model runs on every core it is given, so the free one
/// writes in parallel too (a kernel fill pass, non-temporal above the last-level cache); default: one thread.</param>
public sealed class FreeDenoiser(KernelOptions options) : IDenoiser<float>, IDenoiser<double>
{
    /// <summary>A free denoiser writing on one thread.</summary>
    public FreeDenoiser()
        : this(new KernelOptions { MaxDegreeOfParallelism = 1 })
    {
    }

    /// <inheritdoc/>
    public void Denoise(ReadOnlySpan<float> input, double sigma, Span<float> output) => CopyAndFill.Fill(output, 0f, options);

    /// <inheritdoc/>
    public void Denoise(ReadOnlySpan<double> input, double sigma, Span<double> output) => CopyAndFill.Fill(output, 0d, options);
}
