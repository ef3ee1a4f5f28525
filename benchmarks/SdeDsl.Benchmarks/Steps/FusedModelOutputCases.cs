using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SdeDsl.Benchmarks.Infrastructure;
using SdeDsl.Kernels;
using SdeDsl.Models;
using SdeDsl.Samplers;
using SdeDsl.Schedules;

namespace SdeDsl.Benchmarks.Steps;

/// <summary>
/// Heun's correction and DPM-Solver++(2M) on an epsilon-predicting model (issue 18 item 5), fused and
/// convert-then-step, over the buffers of <see cref="StepCases{T}"/>; EDM (s = 1, empty yNext), so the epsilon form
/// is D = x - sigma eps.
/// </summary>
/// <remarks>
/// Streams: Heun's fused correction reads x, P1, x', P2 and writes x (4 + 1, Heun's floor); convert-then-step first
/// converts D2 = x' - sigma' P2 (2 + 1) and then corrects on x, D1, x', D2 (4 + 1): 6 + 2. (D1 is the prediction
/// stage's, which is Euler's pass: <c>Euler_EpsilonFused</c>.) DPM-Solver++(2M) fused reads x, P, D_previous and
/// writes x and D (3 + 2); convert-then-step converts D (2 + 1) and steps on x, D, D_previous (3 + 1): 5 + 2. The
/// fused DPM case writes D into its own buffer (<see cref="StepCases{T}.DPredicted"/>) rather than over P as the
/// sampler does, so that repeating the step in place does not grow P geometrically (P := x - 2 P); its floor
/// (<see cref="FloorThreeTwo{T}"/>) writes the same out-of-place stream.
/// </remarks>
public static class FusedModelOutputCases
{
    /// <summary>Heun's correction with both outputs in epsilon form: x, P1 (<see cref="StepCases{T}.D"/>), x', P2 (<see cref="StepCases{T}.DPredicted"/>) read, x written.</summary>
    public static void HeunEpsilonFused<T>(this StepCases<T> cases, int n, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        StepProblem p = StepProblem.Ode;
        Edm schedule = default;
        HeunSampler.Step<Edm, T>.Correction(
            schedule, p.T, p.TNext, cases.X.Prefix(n), cases.D.Prefix(n), new AffineOutput(1, -schedule.Sigma(p.T)),
            cases.XPredicted.Prefix(n), cases.DPredicted.Prefix(n), new AffineOutput(1, -schedule.Sigma(p.TNext)), cases.X.Prefix(n), default, options);
    }

    /// <summary>The same unfused: D2 = x' - sigma' P2 into <see cref="StepCases{T}.DPrevious"/>, then the correction on x, D1, x', D2.</summary>
    public static void HeunEpsilonConvertThenStep<T>(this StepCases<T> cases, int n, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        StepProblem p = StepProblem.Ode;
        Edm schedule = default;
        FusedPass.Combine(1.0, cases.XPredicted.Prefix(n), -schedule.Sigma(p.TNext), cases.DPredicted.Prefix(n), cases.DPrevious.Prefix(n), default, 0, options);
        HeunSampler.Step<Edm, T>.Correction(
            schedule, p.T, p.TNext, cases.X.Prefix(n), cases.D.Prefix(n), cases.XPredicted.Prefix(n), cases.DPrevious.Prefix(n), cases.X.Prefix(n), default, options);
    }

    /// <summary>DPM-Solver++(2M) with the conversion fused: x, P (<see cref="StepCases{T}.D"/>), D_previous read; x and D (<see cref="StepCases{T}.DPredicted"/>) written.</summary>
    public static void DpmSolverEpsilonFused<T>(this StepCases<T> cases, int n, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        StepProblem p = StepProblem.Ode;
        Edm schedule = default;
        DpmSolverPlusPlus2MSampler.Step<Edm, T>.PassOnPrediction(
            schedule, p.TPrevious, p.T, p.TNext, cases.X.Prefix(n), cases.D.Prefix(n), new AffineOutput(1, -schedule.Sigma(p.T)),
            cases.DPrevious.Prefix(n), cases.X.Prefix(n), cases.DPredicted.Prefix(n), default, options);
    }

    /// <summary>A/B only (round 4): <see cref="DpmSolverEpsilonFused{T}"/> through round 3's one-vector loop (<see cref="ConvertingPassRound3"/>), the same coefficients.</summary>
    public static void DpmSolverEpsilonFusedRound3<T>(this StepCases<T> cases, int n, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        StepProblem p = StepProblem.Ode;
        Edm schedule = default;
        (double cx, double cd, double cPrevious) = DpmSolverPlusPlus2MSampler.Step<Edm, T>.Coefficients(schedule, p.TPrevious, p.T, p.TNext);
        ConvertingPassRound3.Run(
            1.0, -schedule.Sigma(p.T), cx, cd, cPrevious, cases.X.Prefix(n), cases.D.Prefix(n), cases.DPrevious.Prefix(n),
            cases.X.Prefix(n), cases.DPredicted.Prefix(n), default, 1.0, options);
    }

    /// <summary>The same unfused: D = x - sigma P into <see cref="StepCases{T}.DPredicted"/>, then the step on x, D, D_previous.</summary>
    public static void DpmSolverEpsilonConvertThenStep<T>(this StepCases<T> cases, int n, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        StepProblem p = StepProblem.Ode;
        Edm schedule = default;
        FusedPass.Combine(1.0, cases.X.Prefix(n), -schedule.Sigma(p.T), cases.D.Prefix(n), cases.DPredicted.Prefix(n), default, 0, options);
        DpmSolverPlusPlus2MSampler.Step<Edm, T>.Pass(
            schedule, p.TPrevious, p.T, p.TNext, cases.X.Prefix(n), cases.DPredicted.Prefix(n), cases.DPrevious.Prefix(n), cases.X.Prefix(n), default, options);
    }

    /// <summary>The guidance scale of the guided cases (any w != 1: the cost does not depend on it).</summary>
    public const double GuidanceScale = 7.5;

    /// <summary>
    /// Euler on a guided epsilon model with the combine folded (docs/math.md §11.9): x, P_u (<see cref="StepCases{T}.D"/>),
    /// P_c (<see cref="StepCases{T}.DPrevious"/>) read, x written: 3 + 1, the floor <c>Floor3</c>.
    /// </summary>
    public static void EulerGuidedFused<T>(this StepCases<T> cases, int n, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        StepProblem p = StepProblem.Ode;
        Edm schedule = default;
        EulerSampler.Step<Edm, T>.PassOnGuidedPredictions(
            schedule, p.T, p.TNext, cases.X.Prefix(n), cases.D.Prefix(n), cases.DPrevious.Prefix(n), GuidedForm(schedule.Sigma(p.T)),
            cases.X.Prefix(n), default, options);
    }

    /// <summary>
    /// The same as the model layer does it unfused: the adapter's combine D = y - sigma ((1 - w) P_u + w P_c) into
    /// <see cref="StepCases{T}.DPredicted"/> (3 + 1), then the Euler pass on D (2 + 1): 5 + 2.
    /// </summary>
    public static void EulerGuidedCombineThenStep<T>(this StepCases<T> cases, int n, KernelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        StepProblem p = StepProblem.Ode;
        Edm schedule = default;
        GuidedAffineOutput form = GuidedForm(schedule.Sigma(p.T));
        FusedPass.Combine(
            form.InputCoefficient, cases.X.Prefix(n), form.UnconditionalCoefficient, cases.D.Prefix(n), form.ConditionalCoefficient, cases.DPrevious.Prefix(n),
            cases.DPredicted.Prefix(n), default, 0, options);
        EulerSampler.Step<Edm, T>.Pass(schedule, p.T, p.TNext, cases.X.Prefix(n), cases.DPredicted.Prefix(n), cases.X.Prefix(n), default, options);
    }

    private static GuidedAffineOutput GuidedForm(double sigma) =>
        new(1, -sigma * (1 - GuidanceScale), -sigma * GuidanceScale, IsGuided: true); // epsilon on EDM: c_y = 1, c_p = -sigma

    /// <summary>The 3 + 2 floor of the fused DPM step on one thread: x = x + P + D_previous, D = x + P (the same buffers).</summary>
    public static unsafe void FloorThreeTwo<T>(this StepCases<T> cases, int n, bool nonTemporal = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (nonTemporal)
        {
            FloorThreeTwo<T, NonTemporalStores>(cases.X.Pointer, cases.D.Pointer, cases.DPrevious.Pointer, cases.X.Pointer, cases.DPredicted.Pointer, n);
            if (Sse.IsSupported)
            {
                Sse.StoreFence();
            }
        }
        else
        {
            FloorThreeTwo<T, OrdinaryStores>(cases.X.Pointer, cases.D.Pointer, cases.DPrevious.Pointer, cases.X.Pointer, cases.DPredicted.Pointer, n);
        }
    }

    /// <summary>
    /// dst = a + b + c and second = a + b in the shape of <see cref="Floor"/>'s loops: the widest accelerated vector,
    /// two per iteration, a scalar tail; non-temporal stores need both outputs aligned (the buffers are 64-byte aligned).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // fully optimised at once, as the kernels' loops (never a tier-0 floor)
    private static unsafe void FloorThreeTwo<T, TStores>(T* a, T* b, T* c, T* dst, T* second, nint n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TStores : struct, IStorePolicy
    {
        nint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            nint w = Vector512<T>.Count;
            for (; i <= n - (2 * w); i += 2 * w)
            {
                Vector512<T> s0 = Vector512.Load(a + i) + Vector512.Load(b + i);
                Vector512<T> s1 = Vector512.Load(a + i + w) + Vector512.Load(b + i + w);
                Vector512<T> r0 = s0 + Vector512.Load(c + i);
                Vector512<T> r1 = s1 + Vector512.Load(c + i + w);
                VectorStore.Store<T, TStores>(s0, second + i);
                VectorStore.Store<T, TStores>(s1, second + i + w);
                VectorStore.Store<T, TStores>(r0, dst + i);
                VectorStore.Store<T, TStores>(r1, dst + i + w);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            nint w = Vector256<T>.Count;
            for (; i <= n - (2 * w); i += 2 * w)
            {
                Vector256<T> s0 = Vector256.Load(a + i) + Vector256.Load(b + i);
                Vector256<T> s1 = Vector256.Load(a + i + w) + Vector256.Load(b + i + w);
                Vector256<T> r0 = s0 + Vector256.Load(c + i);
                Vector256<T> r1 = s1 + Vector256.Load(c + i + w);
                VectorStore.Store<T, TStores>(s0, second + i);
                VectorStore.Store<T, TStores>(s1, second + i + w);
                VectorStore.Store<T, TStores>(r0, dst + i);
                VectorStore.Store<T, TStores>(r1, dst + i + w);
            }
        }

        for (; i < n; i++)
        {
            T s = a[i] + b[i];
            second[i] = s;
            dst[i] = s + c[i];
        }
    }
}
