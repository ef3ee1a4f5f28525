using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace SdeDsl.Benchmarks.Infrastructure;

/// <summary>
/// How a C# user writes a sampler step without SdeDsl, the comparisons for the fused kernels: the update composed of
/// <see cref="TensorPrimitives"/> calls with a temporary per operation (the textbook formula, one operation at a time,
/// as k-diffusion writes it in PyTorch), a plain scalar loop, and for the noisy steps normals drawn with
/// <see cref="System.Random"/> and a scalar Box-Muller transform into a separate buffer before the update.
/// </summary>
/// <remarks>
/// The temporaries are allocated once in the benchmark's setup (the generous version of this style: a user allocating
/// them per step would also pay for the allocation and for page faults), and the scalar loops hoist the per-step
/// coefficients out of the loop. Each method computes the same step as the kernel it is compared with; the
/// benchmarks check that in their setup (<see cref="StepCases{T}"/>).
/// </remarks>
public static class UsualWays
{
    /// <summary>
    /// Fills <paramref name="z"/> with standard normals: two <see cref="System.Random.NextDouble"/> draws per pair and
    /// the basic (trigonometric) Box-Muller transform in double, both outputs of each pair used.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="random">The generator (seeded for reproducibility, as samplers are).</param>
    /// <param name="z">Receives the normals.</param>
    public static void FillBoxMuller<T>(Random random, Span<T> z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int i = 0;
        for (; i + 1 < z.Length; i += 2)
        {
            double u1 = 1.0 - random.NextDouble(); // (0, 1]: log(u1) is finite
            double u2 = random.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            double angle = 2.0 * Math.PI * u2;
            z[i] = T.CreateTruncating(r * Math.Cos(angle));
            z[i + 1] = T.CreateTruncating(r * Math.Sin(angle));
        }

        if (i < z.Length)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            z[i] = T.CreateTruncating(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }
    }

    /// <summary>
    /// PF-ODE Euler as a user composes it: d = a x - b D, x = x + h d (4 calls, 3 temporaries).
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="p">The step's coefficients.</param>
    /// <param name="x">The state, updated in place.</param>
    /// <param name="d">The denoiser output.</param>
    /// <param name="t">Temporaries, each at least as long as <paramref name="x"/>.</param>
    public static void EulerComposed<T>(in StepProblem p, Span<T> x, ReadOnlySpan<T> d, Temporaries<T> t)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = x.Length;
        Span<T> ax = t[0][..n], bd = t[1][..n], slope = t[2][..n];
        TensorPrimitives.Multiply(x, T.CreateTruncating(p.A), ax);
        TensorPrimitives.Multiply(d, T.CreateTruncating(p.B), bd);
        TensorPrimitives.Subtract(ax, bd, slope);
        TensorPrimitives.MultiplyAdd(slope, T.CreateTruncating(p.H), x, x);
    }

    /// <summary>PF-ODE Euler as a plain scalar loop: x[i] += h (a x[i] - b D[i]).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="p">The step's coefficients.</param>
    /// <param name="x">The state, updated in place.</param>
    /// <param name="d">The denoiser output.</param>
    public static void EulerScalar<T>(in StepProblem p, Span<T> x, ReadOnlySpan<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T h = T.CreateTruncating(p.H), a = T.CreateTruncating(p.A), b = T.CreateTruncating(p.B);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = x[i] + h * (a * x[i] - b * d[i]);
        }
    }

    /// <summary>
    /// Heun's correction composed: the slopes at t and t_next, their sum, x = x + h/2 (sum) (8 calls, 7 temporaries).
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="p">The step's coefficients (A, B at t; A2, B2 at t_next; H the full step).</param>
    /// <param name="x">The state, updated in place.</param>
    /// <param name="d">D at t.</param>
    /// <param name="xp">The Euler prediction at t_next.</param>
    /// <param name="dp">D at the prediction.</param>
    /// <param name="t">Temporaries.</param>
    public static void HeunComposed<T>(in StepProblem p, Span<T> x, ReadOnlySpan<T> d, ReadOnlySpan<T> xp, ReadOnlySpan<T> dp, Temporaries<T> t)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = x.Length;
        Span<T> ax = t[0][..n], bd = t[1][..n], slope = t[2][..n];
        Span<T> axp = t[3][..n], bdp = t[4][..n], slopeNext = t[5][..n], sum = t[6][..n];
        TensorPrimitives.Multiply(x, T.CreateTruncating(p.A), ax);
        TensorPrimitives.Multiply(d, T.CreateTruncating(p.B), bd);
        TensorPrimitives.Subtract(ax, bd, slope);
        TensorPrimitives.Multiply(xp, T.CreateTruncating(p.A2), axp);
        TensorPrimitives.Multiply(dp, T.CreateTruncating(p.B2), bdp);
        TensorPrimitives.Subtract(axp, bdp, slopeNext);
        TensorPrimitives.Add(slope, slopeNext, sum);
        TensorPrimitives.MultiplyAdd(sum, T.CreateTruncating(0.5 * p.H), x, x);
    }

    /// <summary>Heun's correction as a plain scalar loop.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="p">The step's coefficients.</param>
    /// <param name="x">The state, updated in place.</param>
    /// <param name="d">D at t.</param>
    /// <param name="xp">The Euler prediction at t_next.</param>
    /// <param name="dp">D at the prediction.</param>
    public static void HeunScalar<T>(in StepProblem p, Span<T> x, ReadOnlySpan<T> d, ReadOnlySpan<T> xp, ReadOnlySpan<T> dp)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T half = T.CreateTruncating(0.5 * p.H), a = T.CreateTruncating(p.A), b = T.CreateTruncating(p.B);
        T a2 = T.CreateTruncating(p.A2), b2 = T.CreateTruncating(p.B2);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = x[i] + half * ((a * x[i] - b * d[i]) + (a2 * xp[i] - b2 * dp[i]));
        }
    }

    /// <summary>
    /// Euler-Maruyama on the reverse SDE composed from its formula, with the normals already in <paramref name="z"/>:
    /// g^2 grad = g^2 (D - x/s) / (s sigma^2), x = x + h (f x - g^2 grad) + g sqrt(-h) z (7 calls, 6 temporaries).
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="p">The step's schedule values (S, Sigma, F, G2 at t; H).</param>
    /// <param name="x">The state, updated in place.</param>
    /// <param name="d">The denoiser output.</param>
    /// <param name="z">Standard normals.</param>
    /// <param name="t">Temporaries.</param>
    public static void EulerMaruyamaComposed<T>(in StepProblem p, Span<T> x, ReadOnlySpan<T> d, ReadOnlySpan<T> z, Temporaries<T> t)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = x.Length;
        Span<T> y = t[0][..n], diff = t[1][..n], g2Grad = t[2][..n], fx = t[3][..n], drift = t[4][..n], euler = t[5][..n];
        TensorPrimitives.Multiply(x, T.CreateTruncating(1 / p.S), y);
        TensorPrimitives.Subtract(d, y, diff);
        TensorPrimitives.Multiply(diff, T.CreateTruncating(p.G2 / (p.S * p.Sigma * p.Sigma)), g2Grad);
        TensorPrimitives.Multiply(x, T.CreateTruncating(p.F), fx);
        TensorPrimitives.Subtract(fx, g2Grad, drift);
        TensorPrimitives.MultiplyAdd(drift, T.CreateTruncating(p.H), x, euler);
        TensorPrimitives.MultiplyAdd(z, T.CreateTruncating(Math.Sqrt(-p.H * p.G2)), euler, x);
    }

    /// <summary>
    /// Euler ancestral composed as k-diffusion writes it, on y = x/s: d = (y - D)/sigma, y = y + d (sigma_down - sigma)
    /// + sigma_up z, x = s_next y (6 calls, 5 temporaries).
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="p">The step's schedule values (S, Sigma at t; SNext; SigmaDown, SigmaUp).</param>
    /// <param name="x">The state, updated in place.</param>
    /// <param name="d">The denoiser output.</param>
    /// <param name="z">Standard normals.</param>
    /// <param name="t">Temporaries.</param>
    public static void AncestralComposed<T>(in StepProblem p, Span<T> x, ReadOnlySpan<T> d, ReadOnlySpan<T> z, Temporaries<T> t)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = x.Length;
        Span<T> y = t[0][..n], diff = t[1][..n], slope = t[2][..n], stepped = t[3][..n], noisy = t[4][..n];
        TensorPrimitives.Multiply(x, T.CreateTruncating(1 / p.S), y);
        TensorPrimitives.Subtract(y, d, diff);
        TensorPrimitives.Multiply(diff, T.CreateTruncating(1 / p.Sigma), slope);
        TensorPrimitives.MultiplyAdd(slope, T.CreateTruncating(p.SigmaDown - p.Sigma), y, stepped);
        TensorPrimitives.MultiplyAdd(z, T.CreateTruncating(p.SigmaUp), stepped, noisy);
        TensorPrimitives.Multiply(noisy, T.CreateTruncating(p.SNext), x);
    }

    /// <summary>
    /// DPM-Solver++(2M) composed as k-diffusion writes it (s = 1): D_2 = (1 + 1/(2r)) D - 1/(2r) D_previous,
    /// x = (sigma_next/sigma) x - expm1(-h) D_2 (5 calls, 4 temporaries).
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="p">The step's values (Ratio = sigma_next/sigma, R, Weight = -expm1(-h)).</param>
    /// <param name="x">The state, updated in place.</param>
    /// <param name="d">D at t.</param>
    /// <param name="previous">D at the previous step.</param>
    /// <param name="t">Temporaries.</param>
    public static void DpmSolverComposed<T>(in StepProblem p, Span<T> x, ReadOnlySpan<T> d, ReadOnlySpan<T> previous, Temporaries<T> t)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = x.Length;
        Span<T> current = t[0][..n], old = t[1][..n], d2 = t[2][..n], scaled = t[3][..n];
        TensorPrimitives.Multiply(d, T.CreateTruncating(1 + 1 / (2 * p.R)), current);
        TensorPrimitives.Multiply(previous, T.CreateTruncating(1 / (2 * p.R)), old);
        TensorPrimitives.Subtract(current, old, d2);
        TensorPrimitives.Multiply(x, T.CreateTruncating(p.Ratio), scaled);
        TensorPrimitives.MultiplyAdd(d2, T.CreateTruncating(p.Weight), scaled, x);
    }

    /// <summary>DPM-Solver++(2M) as a plain scalar loop (s = 1).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="p">The step's values.</param>
    /// <param name="x">The state, updated in place.</param>
    /// <param name="d">D at t.</param>
    /// <param name="previous">D at the previous step.</param>
    public static void DpmSolverScalar<T>(in StepProblem p, Span<T> x, ReadOnlySpan<T> d, ReadOnlySpan<T> previous)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T ratio = T.CreateTruncating(p.Ratio), weight = T.CreateTruncating(p.Weight);
        T c1 = T.CreateTruncating(1 + 1 / (2 * p.R)), c2 = T.CreateTruncating(1 / (2 * p.R));
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = ratio * x[i] + weight * (c1 * d[i] - c2 * previous[i]);
        }
    }
}

/// <summary>The temporaries of the composed updates: one buffer per operation.</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class Temporaries<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly NativeBuffer<T>[] _buffers;

    /// <summary>Allocates <paramref name="count"/> buffers of <paramref name="length"/> elements.</summary>
    /// <param name="count">Buffers.</param>
    /// <param name="length">Elements per buffer.</param>
    public Temporaries(int count, int length)
    {
        _buffers = new NativeBuffer<T>[count];
        for (int i = 0; i < count; i++)
        {
            _buffers[i] = new NativeBuffer<T>(length, 100u + (uint)i);
        }
    }

    /// <summary>Buffer <paramref name="index"/>.</summary>
    /// <param name="index">Which temporary.</param>
    public Span<T> this[int index] => _buffers[index].Span;

    /// <summary>Frees the buffers.</summary>
    public void Dispose()
    {
        foreach (NativeBuffer<T> buffer in _buffers)
        {
            buffer.Dispose();
        }
    }
}
