using System;
using System.Numerics;
using SdeDsl.Kernels;

namespace SdeDsl.Noise;

/// <summary>
/// A counter-based virtual Brownian tree (Li et al. 2020, "Scalable gradients for stochastic differential
/// equations", section 5; the noise behind k-diffusion's BrownianTreeNoiseSampler): one Brownian motion W(sigma) per
/// element on [<see cref="SigmaMin"/>, <see cref="SigmaMax"/>], evaluated at any sigma without storing anything, so
/// the noise over an interval is the same whichever grid asks for it (docs/math.md §15.7).
/// </summary>
/// <remarks>
/// W(SigmaMin) = 0 and W(SigmaMax) = sqrt(SigmaMax - SigmaMin) z_root. The interval is bisected <see cref="Depth"/>
/// times at the geometric midpoint (in log sigma), each midpoint drawn from the Brownian bridge between its ends with a
/// normal keyed by its node; a query sigma inside a leaf is bridged from the leaf's ends with a normal keyed by the leaf
/// and sigma's bits. Every node normal is a counter-based draw of stream 2^63 | node (docs/math.md §15.7) of the seed,
/// so the values are a pure function of (seed, sample or element index, sigma), bitwise the same for any thread count,
/// chunk size, vector width and (with a <see cref="SampleLayout"/>) batch size. The law is exact for queries in
/// different leaves (leaf width 2^-Depth of the log-sigma range).
/// </remarks>
public readonly struct BrownianTree
{
    /// <summary>The default number of bisections: leaves 2^-24 of the log-sigma range wide.</summary>
    public const int DefaultDepth = 24;

    private const ulong TreeBit = 1UL << 63;
    private const ulong LeafBit = 1UL << 62;
    private const int MaxDepth = 40;

    private readonly SampleLayout _samples;

    /// <summary>Creates the tree of <paramref name="seed"/> on [<paramref name="sigmaMin"/>, <paramref name="sigmaMax"/>].</summary>
    /// <param name="seed">The Philox key (the run's <c>SamplingOptions.Seed</c>).</param>
    /// <param name="sigmaMin">The low end, at least 0 (samplers pass sigma(TMin)).</param>
    /// <param name="sigmaMax">The high end, above <paramref name="sigmaMin"/> and finite (samplers pass sigma(TMax)).</param>
    /// <param name="samples">Sample-keyed noise (docs/math.md §13): each sample's tree keyed by its own index or seed.</param>
    /// <param name="depth">Bisections, 1 to 40.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bad range or depth.</exception>
    public BrownianTree(ulong seed, double sigmaMin, double sigmaMax, SampleLayout? samples = null, int depth = DefaultDepth)
    {
        if (!(sigmaMin >= 0) || double.IsInfinity(sigmaMin))
        {
            throw new ArgumentOutOfRangeException(nameof(sigmaMin), sigmaMin, "sigma_min must be finite and non-negative.");
        }

        if (!(sigmaMax > sigmaMin) || double.IsInfinity(sigmaMax))
        {
            throw new ArgumentOutOfRangeException(nameof(sigmaMax), sigmaMax, $"sigma_max must be finite and above sigma_min = {sigmaMin:R}.");
        }

        if (depth < 1 || depth > MaxDepth)
        {
            throw new ArgumentOutOfRangeException(nameof(depth), depth, $"depth must lie in [1, {MaxDepth}].");
        }

        Seed = seed;
        SigmaMin = sigmaMin;
        SigmaMax = sigmaMax;
        Depth = depth;
        _samples = samples ?? default;

        // Bisection in u = log(sigma + offset); the offset keeps u finite when the range starts at sigma = 0.
        Offset = sigmaMin > 0 ? 0 : sigmaMax * 1e-9;
    }

    /// <summary>The seed.</summary>
    public ulong Seed { get; }

    /// <summary>The low end of the tree, where W = 0.</summary>
    public double SigmaMin { get; }

    /// <summary>The high end of the tree.</summary>
    public double SigmaMax { get; }

    /// <summary>The number of bisections.</summary>
    public int Depth { get; }

    private double Offset { get; }

    /// <summary>
    /// W(<paramref name="sigmaTo"/>) - W(<paramref name="sigmaFrom"/>) of every element into
    /// <paramref name="destination"/> (variance |sigma_to - sigma_from|; docs/math.md §15.7).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A sigma outside [SigmaMin, SigmaMax].</exception>
    /// <exception cref="ArgumentException">The destination does not match the sample layout.</exception>
    public void Increment<T>(double sigmaFrom, double sigmaTo, Span<T> destination, KernelOptions options = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Write(sigmaFrom, sigmaTo, 1.0, destination, options);

    /// <summary>
    /// (W(sigma_to) - W(sigma_from)) / sqrt(|sigma_to - sigma_from|): standard normal per element (k-diffusion's
    /// BrownianTreeNoiseSampler), the z a stochastic step draws over that interval. Zero when the sigmas are equal.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A sigma outside [SigmaMin, SigmaMax].</exception>
    /// <exception cref="ArgumentException">The destination does not match the sample layout.</exception>
    public void NormalisedIncrement<T>(double sigmaFrom, double sigmaTo, Span<T> destination, KernelOptions options = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double length = Math.Abs(sigmaTo - sigmaFrom);
        Write(sigmaFrom, sigmaTo, length > 0 ? 1 / Math.Sqrt(length) : 0, destination, options);
    }

    private void Write<T>(double sigmaFrom, double sigmaTo, double scale, Span<T> destination, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(sigmaFrom, nameof(sigmaFrom));
        Check(sigmaTo, nameof(sigmaTo));
        if (_samples.Dimension != 0)
        {
            _samples.Validate(destination.Length, nameof(destination));
        }

        int nodes = Depth + 2;
        Span<ulong> keysFrom = stackalloc ulong[nodes], keysTo = stackalloc ulong[nodes];
        Span<double> from = stackalloc double[nodes], to = stackalloc double[nodes];
        Span<double> work = stackalloc double[2 * nodes];
        Path(sigmaFrom, keysFrom, from, work);
        Path(sigmaTo, keysTo, to, work);

        // The paths share a prefix of nodes (same key); their coefficients are differenced in double there.
        bool first = true;
        for (int k = 0; k < nodes; k++)
        {
            if (keysFrom[k] == keysTo[k])
            {
                Accumulate(keysTo[k], scale * (to[k] - from[k]), destination, options, ref first);
            }
            else
            {
                Accumulate(keysTo[k], scale * to[k], destination, options, ref first);
                Accumulate(keysFrom[k], -scale * from[k], destination, options, ref first);
            }
        }

        if (first)
        {
            destination.Clear();
        }
    }

    private void Accumulate<T>(ulong stream, double coefficient, Span<T> destination, KernelOptions options, ref bool first)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (coefficient == 0)
        {
            return;
        }

        var key = new NoiseKey(Seed, stream, _samples);
        if (first)
        {
            DirectNoiseFill.Fill(destination, key, 0, coefficient, options);
            first = false;
        }
        else
        {
            FusedPass.CombineWithNoise<T>(1, destination, coefficient, key, destination, default, 0, options);
        }
    }

    /// <summary>
    /// W(sigma) = sum_k coefficient_k z_{node_k} along the path from the root to sigma's leaf (docs/math.md §15.7):
    /// node 0 is the root, node k in 1..Depth the midpoint of level k - 1, node Depth + 1 the leaf bridge.
    /// </summary>
    private void Path(double sigma, Span<ulong> keys, Span<double> result, Span<double> work)
    {
        int nodes = keys.Length;
        Span<double> left = work[..nodes], right = work[nodes..];
        left.Clear();
        right.Clear();
        result.Clear();
        double l = SigmaMin, r = SigmaMax;
        keys[0] = TreeBit;
        right[0] = Math.Sqrt(r - l);
        ulong position = 0;
        for (int level = 0; level < Depth; level++)
        {
            double m = Midpoint(l, r);
            int node = level + 1;
            keys[node] = TreeBit | ((ulong)node << 48) | position;
            Bridge(l, m, r, left, right, result, node);
            if (sigma < m)
            {
                result.Slice(0, node + 1).CopyTo(right);
                r = m;
                position <<= 1;
            }
            else
            {
                result.Slice(0, node + 1).CopyTo(left);
                l = m;
                position = (position << 1) | 1;
            }
        }

        int leaf = Depth + 1;
        keys[leaf] = TreeBit | LeafBit | (Mix(position, BitConverter.DoubleToUInt64Bits(sigma)) >> 2);
        if (sigma <= l)
        {
            left.CopyTo(result);
            result[leaf] = 0;
        }
        else if (sigma >= r)
        {
            right.CopyTo(result);
            result[leaf] = 0;
        }
        else
        {
            Bridge(l, sigma, r, left, right, result, leaf);
        }
    }

    /// <summary>W(m) = ((r - m) W(l) + (m - l) W(r)) / (r - l) + sqrt((m - l)(r - m)/(r - l)) z_node.</summary>
    private static void Bridge(double l, double m, double r, ReadOnlySpan<double> left, ReadOnlySpan<double> right, Span<double> result, int node)
    {
        double width = r - l, a = (r - m) / width, b = (m - l) / width;
        for (int k = 0; k < node; k++)
        {
            result[k] = a * left[k] + b * right[k];
        }

        result[node] = Math.Sqrt(Math.Max(0, (m - l) * (r - m) / width));
    }

    private double Midpoint(double l, double r)
    {
        double m = Math.Sqrt((l + Offset) * (r + Offset)) - Offset;
        return m > l && m < r ? m : 0.5 * (l + r);
    }

    private void Check(double sigma, string name)
    {
        if (!(sigma >= SigmaMin && sigma <= SigmaMax))
        {
            throw new ArgumentOutOfRangeException(name, sigma, $"sigma = {sigma:R} lies outside the Brownian tree's range [{SigmaMin:R}, {SigmaMax:R}].");
        }
    }

    /// <summary>SplitMix64's finaliser of the leaf position and the query's bits.</summary>
    private static ulong Mix(ulong position, ulong bits)
    {
        ulong z = position * 0x9E3779B97F4A7C15UL ^ bits;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
