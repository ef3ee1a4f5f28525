using System;
using System.Numerics;
using System.Numerics.Tensors;
using SdeDsl.Kernels;
using SdeDsl.Noise;
using SdeDsl.Samplers;
using SdeDsl.Schedules;

namespace SdeDsl.Benchmarks.Infrastructure;

/// <summary>
/// The buffers and every implementation of the five benchmarked step stages (the SdeDsl kernel, its floor and the
/// usual C# ways), over the first <c>n</c> elements so the same code can be timed at full size, checked and
/// warmed up on a short prefix.
/// </summary>
/// <remarks>
/// Every stage updates the state <see cref="X"/> in place, as the samplers' correction steps do, and the SdeDsl
/// kernels get an empty <c>yNext</c>: Euler, Euler-Maruyama and ancestral then move 2 reads + 1 write, DPM-Solver++(2M)
/// 3 + 1 and Heun's correction 4 + 1, the same streams as their floors. Euler-Maruyama and ancestral run on VP
/// (s != 1), so the kernel's coefficients are the general ones; the ODE stages run on EDM.
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
public sealed unsafe class StepCases<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The noise stream the noisy kernels draw from (any value: the cost does not depend on it).</summary>
    public const ulong NoiseStep = 7;

    private const int CheckLength = 4099; // whole noise tiles, whole vectors and a scalar tail

    private readonly GaussianNoise _noise = new(seed: 42);
    private readonly Random _random = new(42);
    private readonly Temporaries<T>? _temporaries;

    /// <summary>Allocates and fills the buffers.</summary>
    /// <param name="length">Elements per buffer.</param>
    /// <param name="withUsualWays">Also allocate the temporaries and the normal buffer of the usual ways.</param>
    public StepCases(int length, bool withUsualWays)
    {
        Length = length;
        X = new NativeBuffer<T>(length, 1);
        D = new NativeBuffer<T>(length, 2);
        XPredicted = new NativeBuffer<T>(length, 3);
        DPredicted = new NativeBuffer<T>(length, 4);
        DPrevious = new NativeBuffer<T>(length, 5);
        if (withUsualWays)
        {
            Z = new NativeBuffer<T>(length, 6);
            _temporaries = new Temporaries<T>(7, length);
        }
    }

    /// <summary>Elements per buffer.</summary>
    public int Length { get; }

    /// <summary>The state x, updated in place by every stage.</summary>
    public NativeBuffer<T> X { get; }

    /// <summary>The denoiser output D at t.</summary>
    public NativeBuffer<T> D { get; }

    /// <summary>Heun's Euler prediction x' at t_next.</summary>
    public NativeBuffer<T> XPredicted { get; }

    /// <summary>Heun's D' at the prediction.</summary>
    public NativeBuffer<T> DPredicted { get; }

    /// <summary>DPM-Solver++(2M)'s D at the previous step.</summary>
    public NativeBuffer<T> DPrevious { get; }

    /// <summary>The normals of the System.Random way (null without the usual ways).</summary>
    public NativeBuffer<T>? Z { get; }

    private Temporaries<T> Temps => _temporaries ?? throw new InvalidOperationException("Allocated without the usual ways.");

    private NativeBuffer<T> Normals => Z ?? throw new InvalidOperationException("Allocated without the usual ways.");

    // ---- Euler (PF-ODE, EDM): 2 reads + 1 write

    /// <summary>The floor as the issue defines it: <c>TensorPrimitives.Add(x, d, x)</c>.</summary>
    /// <param name="n">Elements.</param>
    public void EulerFloorTensorPrimitives(int n) => TensorPrimitives.Add(X.Prefix(n), D.Prefix(n), X.Prefix(n));

    /// <summary>The 2 + 1 floor on <paramref name="threads"/> threads.</summary>
    /// <param name="n">Elements.</param>
    /// <param name="threads">Threads.</param>
    /// <param name="nonTemporal">Non-temporal stores (the floor is the faster of the two policies).</param>
    public void Floor2(int n, int threads, bool nonTemporal = false) => Floor.Sum2(X.Pointer, D.Pointer, X.Pointer, n, threads, nonTemporal);

    /// <summary>The PF-ODE Euler pass (<c>EulerSampler.Step.Pass</c>).</summary>
    /// <param name="n">Elements.</param>
    /// <param name="options">Threads.</param>
    public void EulerKernel(int n, KernelOptions options)
    {
        StepProblem p = StepProblem.Ode;
        EulerSampler.Step<Edm, T>.Pass(default(Edm), p.T, p.TNext, X.Prefix(n), D.Prefix(n), X.Prefix(n), default, options);
    }

    /// <summary>
    /// Euler on an epsilon-predicting model with the conversion fused (issue 18 item 5): <see cref="D"/> holds eps and
    /// the pass folds D = y - sigma eps (EDM: c_y = 1, c_p = -sigma) into its coefficients, reading x and eps, writing x.
    /// </summary>
    /// <param name="n">Elements.</param>
    /// <param name="options">Threads.</param>
    public void EulerEpsilonFused(int n, KernelOptions options)
    {
        StepProblem p = StepProblem.Ode;
        var form = new SdeDsl.Models.AffineOutput(1, -default(Edm).Sigma(p.T));
        EulerSampler.Step<Edm, T>.Pass(default(Edm), p.T, p.TNext, X.Prefix(n), D.Prefix(n), form, X.Prefix(n), default, options);
    }

    /// <summary>
    /// The same step unfused, as the model layer did before: the conversion pass D = y - sigma eps into its own buffer
    /// (<see cref="DPredicted"/>), then the Euler pass on D: 4 reads + 2 writes.
    /// </summary>
    /// <param name="n">Elements.</param>
    /// <param name="options">Threads.</param>
    public void EulerEpsilonConvertThenStep(int n, KernelOptions options)
    {
        StepProblem p = StepProblem.Ode;
        FusedPass.Combine(1.0, X.Prefix(n), -default(Edm).Sigma(p.T), D.Prefix(n), DPredicted.Prefix(n), default, 0, options);
        EulerSampler.Step<Edm, T>.Pass(default(Edm), p.T, p.TNext, X.Prefix(n), DPredicted.Prefix(n), X.Prefix(n), default, options);
    }

    /// <summary><see cref="UsualWays.EulerComposed{T}"/>.</summary>
    /// <param name="n">Elements.</param>
    public void EulerComposed(int n) => UsualWays.EulerComposed(StepProblem.Ode, X.Prefix(n), D.Prefix(n), Temps);

    /// <summary><see cref="UsualWays.EulerScalar{T}"/>.</summary>
    /// <param name="n">Elements.</param>
    public void EulerScalar(int n) => UsualWays.EulerScalar(StepProblem.Ode, X.Prefix(n), D.Prefix(n));

    // ---- Heun's correction (EDM): 4 reads + 1 write

    /// <summary>The 4 + 1 floor.</summary>
    /// <param name="n">Elements.</param>
    /// <param name="threads">Threads.</param>
    /// <param name="nonTemporal">Non-temporal stores (the floor is the faster of the two policies).</param>
    public void Floor4(int n, int threads, bool nonTemporal = false) => Floor.Sum4(X.Pointer, D.Pointer, XPredicted.Pointer, DPredicted.Pointer, X.Pointer, n, threads, nonTemporal);

    /// <summary>Heun's correction pass (<c>HeunSampler.Step.Correction</c>).</summary>
    /// <param name="n">Elements.</param>
    /// <param name="options">Threads.</param>
    public void HeunKernel(int n, KernelOptions options)
    {
        StepProblem p = StepProblem.Ode;
        HeunSampler.Step<Edm, T>.Correction(
            default(Edm), p.T, p.TNext, X.Prefix(n), D.Prefix(n), XPredicted.Prefix(n), DPredicted.Prefix(n), X.Prefix(n), default, options);
    }

    /// <summary><see cref="UsualWays.HeunComposed{T}"/>.</summary>
    /// <param name="n">Elements.</param>
    public void HeunComposed(int n) =>
        UsualWays.HeunComposed(StepProblem.Ode, X.Prefix(n), D.Prefix(n), XPredicted.Prefix(n), DPredicted.Prefix(n), Temps);

    /// <summary><see cref="UsualWays.HeunScalar{T}"/>.</summary>
    /// <param name="n">Elements.</param>
    public void HeunScalar(int n) =>
        UsualWays.HeunScalar(StepProblem.Ode, X.Prefix(n), D.Prefix(n), XPredicted.Prefix(n), DPredicted.Prefix(n));

    // ---- Euler-Maruyama on the reverse SDE (VP), noise in the pass: 2 reads + 1 write

    /// <summary>The reverse-SDE Euler-Maruyama pass (<c>EulerMaruyamaSampler.Step.Pass</c>).</summary>
    /// <param name="n">Elements.</param>
    /// <param name="options">Threads.</param>
    public void EulerMaruyamaKernel(int n, KernelOptions options)
    {
        StepProblem p = StepProblem.Sde;
        EulerMaruyamaSampler.Step<Vp, T>.Pass(default(Vp), p.T, p.TNext, X.Prefix(n), D.Prefix(n), new NoiseKey(_noise.Seed, NoiseStep), X.Prefix(n), default, options);
    }

    /// <summary>System.Random + Box-Muller into a buffer, then <see cref="UsualWays.EulerMaruyamaComposed{T}"/>.</summary>
    /// <param name="n">Elements.</param>
    public void EulerMaruyamaRandom(int n)
    {
        UsualWays.FillBoxMuller(_random, Normals.Prefix(n));
        UsualWays.EulerMaruyamaComposed(StepProblem.Sde, X.Prefix(n), D.Prefix(n), Normals.Prefix(n), Temps);
    }

    // ---- Euler ancestral (VP), noise in the pass: 2 reads + 1 write

    /// <summary>The Euler ancestral pass (<c>EulerAncestralSampler.Step.Pass</c>) with eta = 1.</summary>
    /// <param name="n">Elements.</param>
    /// <param name="options">Threads.</param>
    public void AncestralKernel(int n, KernelOptions options)
    {
        StepProblem p = StepProblem.Sde;
        EulerAncestralSampler.Step<Vp, T>.Pass(default(Vp), p.T, p.TNext, p.Eta, X.Prefix(n), D.Prefix(n), new NoiseKey(_noise.Seed, NoiseStep), X.Prefix(n), default, options);
    }

    /// <summary>System.Random + Box-Muller into a buffer, then <see cref="UsualWays.AncestralComposed{T}"/>.</summary>
    /// <param name="n">Elements.</param>
    public void AncestralRandom(int n)
    {
        UsualWays.FillBoxMuller(_random, Normals.Prefix(n));
        UsualWays.AncestralComposed(StepProblem.Sde, X.Prefix(n), D.Prefix(n), Normals.Prefix(n), Temps);
    }

    // ---- DPM-Solver++(2M) (EDM): 3 reads + 1 write

    /// <summary>The 3 + 1 floor.</summary>
    /// <param name="n">Elements.</param>
    /// <param name="threads">Threads.</param>
    /// <param name="nonTemporal">Non-temporal stores (the floor is the faster of the two policies).</param>
    public void Floor3(int n, int threads, bool nonTemporal = false) => Floor.Sum3(X.Pointer, D.Pointer, DPrevious.Pointer, X.Pointer, n, threads, nonTemporal);

    /// <summary>The DPM-Solver++(2M) pass (<c>DpmSolverPlusPlus2MSampler.Step.Pass</c>).</summary>
    /// <param name="n">Elements.</param>
    /// <param name="options">Threads.</param>
    public void DpmSolverKernel(int n, KernelOptions options)
    {
        StepProblem p = StepProblem.Ode;
        DpmSolverPlusPlus2MSampler.Step<Edm, T>.Pass(
            default(Edm), p.TPrevious, p.T, p.TNext, X.Prefix(n), D.Prefix(n), DPrevious.Prefix(n), X.Prefix(n), default, options);
    }

    /// <summary><see cref="UsualWays.DpmSolverComposed{T}"/>.</summary>
    /// <param name="n">Elements.</param>
    public void DpmSolverComposed(int n) => UsualWays.DpmSolverComposed(StepProblem.Ode, X.Prefix(n), D.Prefix(n), DPrevious.Prefix(n), Temps);

    /// <summary><see cref="UsualWays.DpmSolverScalar{T}"/>.</summary>
    /// <param name="n">Elements.</param>
    public void DpmSolverScalar(int n) => UsualWays.DpmSolverScalar(StepProblem.Ode, X.Prefix(n), D.Prefix(n), DPrevious.Prefix(n));

    // ---- Checks

    /// <summary>
    /// Checks on a short prefix that every comparison computes the same step as the kernel it is compared with (the
    /// noisy ways with the kernel's own normals in place of System.Random's), so each ratio compares like with like.
    /// </summary>
    /// <exception cref="InvalidOperationException">An implementation disagrees with the kernel.</exception>
    public void CheckUsualWaysAgreeWithKernels()
    {
        int n = Math.Min(Length, CheckLength);
        var one = new KernelOptions { MaxDegreeOfParallelism = 1 };
        T[] start = X.Prefix(n).ToArray();

        T[] Run(Action<int> stage)
        {
            start.CopyTo(X.Prefix(n));
            stage(n);
            return X.Prefix(n).ToArray();
        }

        void Agree(string what, T[] expected, T[] actual)
        {
            double tolerance = typeof(T) == typeof(float) ? 2e-5 : 1e-12;
            for (int i = 0; i < n; i++)
            {
                double e = double.CreateTruncating(expected[i]), a = double.CreateTruncating(actual[i]);
                if (!(Math.Abs(e - a) <= tolerance * (1 + Math.Abs(e))))
                {
                    throw new InvalidOperationException($"{what} ({typeof(T).Name}): element {i} is {a:R}, the kernel gives {e:R}.");
                }
            }
        }

        T[] euler = Run(k => EulerKernel(k, one));
        Agree("Euler, composed TensorPrimitives", euler, Run(EulerComposed));
        Agree("Euler, scalar loop", euler, Run(EulerScalar));

        T[] heun = Run(k => HeunKernel(k, one));
        Agree("Heun, composed TensorPrimitives", heun, Run(HeunComposed));
        Agree("Heun, scalar loop", heun, Run(HeunScalar));

        T[] dpm = Run(k => DpmSolverKernel(k, one));
        Agree("DPM-Solver++(2M), composed TensorPrimitives", dpm, Run(DpmSolverComposed));
        Agree("DPM-Solver++(2M), scalar loop", dpm, Run(DpmSolverScalar));

        _noise.Fill(NoiseStep, 0, Normals.Prefix(n), one);
        T[] em = Run(k => EulerMaruyamaKernel(k, one));
        Agree("Euler-Maruyama, composed TensorPrimitives", em,
            Run(k => UsualWays.EulerMaruyamaComposed(StepProblem.Sde, X.Prefix(k), D.Prefix(k), Normals.Prefix(k), Temps)));

        T[] ancestral = Run(k => AncestralKernel(k, one));
        Agree("Ancestral, composed TensorPrimitives", ancestral,
            Run(k => UsualWays.AncestralComposed(StepProblem.Sde, X.Prefix(k), D.Prefix(k), Normals.Prefix(k), Temps)));

        start.CopyTo(X.Prefix(n));
    }

    /// <summary>Frees the buffers.</summary>
    public void Dispose()
    {
        X.Dispose();
        D.Dispose();
        XPredicted.Dispose();
        DPredicted.Dispose();
        DPrevious.Dispose();
        Z?.Dispose();
        _temporaries?.Dispose();
    }
}
