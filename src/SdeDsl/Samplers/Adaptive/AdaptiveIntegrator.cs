using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace SdeDsl.Samplers.Adaptive;

/// <summary>
/// The adaptive loop: an embedded Runge-Kutta pair (docs/math.md §16.1) stepped from u_0 to u_1 under the PI
/// controller (§16.2), the error measured as an RMS norm of e_i / (atol + rtol max(|y_i|, |y_next,i|)) over the whole
/// state (Hairer's and diffrax's norm). Works in double on the caller's state span; the stage buffers are rented
/// from the pool once per solve, so stepping allocates nothing.
/// </summary>
internal static class AdaptiveIntegrator
{
    private const int MaxStages = 8;

    /// <summary>
    /// Solves from <paramref name="u0"/> to <paramref name="u1"/> (either direction) in place on
    /// <paramref name="state"/>; returns the accepted and rejected steps and the last step size (denoiser calls are the
    /// system's to count). The first stage at u_0 and, with automatic initial step, one probe are evaluated first.
    /// </summary>
    public static AdaptiveStatistics Integrate<TSystem>(
        string solver, ref TSystem system, double u0, double u1, Span<double> state, AdaptiveOptions options)
        where TSystem : struct, IOdeSystem
    {
        EmbeddedTableau tableau = EmbeddedTableau.Of(options.Method);
        int n = state.Length, stages = tableau.Stages;
        var rented = default(Rented);
        try
        {
            for (int s = 0; s < stages + 1; s++)
            {
                rented[s] = ArrayPool<double>.Shared.Rent(n);
            }

            Span<double> next = rented[stages]!.AsSpan(0, n);
            double span = u1 - u0, direction = Math.Sign(span);
            if (span == 0)
            {
                return new AdaptiveStatistics(0, 0, 0, 0);
            }

            double rtol = options.RelativeTolerance, atol = options.AbsoluteTolerance;
            Span<double> first = rented[0]!.AsSpan(0, n);
            system.Evaluate(u0, state, first);
            double h = options.InitialStep ?? InitialStep(ref system, u0, state, first, rented[1]!.AsSpan(0, n), rented[2]!.AsSpan(0, n), tableau.ErrorOrder, span, rtol, atol);
            h = Math.Min(Math.Min(h, options.MaxStep), Math.Abs(span));

            var controller = new PiStepSizeController(options, tableau.ErrorOrder);
            double u = u0;
            int accepted = 0, rejected = 0;
            double lastAccepted = 0;
            while (true)
            {
                // Hairer's landing rule: stretch the step onto u_1 when it would otherwise leave a sliver.
                bool last = direction * (u + 1.01 * direction * h - u1) >= 0;
                double signedStep = last ? u1 - u : direction * h;
                double uNext = last ? u1 : u + signedStep;
                if (uNext == u)
                {
                    throw new AdaptiveStepSizeException(solver, $"the step size underflowed ({tableau.Name})", accepted + rejected, u, system.SigmaAt(u), h);
                }

                // Stages 1 .. S-1; the last one is evaluated at the propagated solution (first same as last).
                for (int s = 1; s < stages; s++)
                {
                    bool atSolution = s == stages - 1;
                    Span<double> input = atSolution ? next : rented[stages - 1]!.AsSpan(0, n);
                    Combine(state, signedStep, tableau.A[s], ref rented, n, input);
                    system.Evaluate(atSolution ? uNext : u + tableau.C[s] * signedStep, input, rented[s]!.AsSpan(0, n));
                }

                double error = ErrorNorm(state, next, signedStep, tableau.Error, ref rented, n, rtol, atol);
                double factor = controller.NextFactor(error);
                if (PiStepSizeController.Accepts(error))
                {
                    next.CopyTo(state);
                    (rented[0], rented[stages - 1]) = (rented[stages - 1], rented[0]);
                    system.Accepted(accepted, u, uNext, state);
                    accepted++;
                    lastAccepted = Math.Abs(signedStep);
                    u = uNext;
                    if (last)
                    {
                        return new AdaptiveStatistics(0, accepted, rejected, lastAccepted);
                    }
                }
                else
                {
                    rejected++;
                }

                h = Math.Min(Math.Abs(signedStep) * factor, options.MaxStep);
                if (h < options.MinStep)
                {
                    throw new AdaptiveStepSizeException(
                        solver, $"the step size {h:R} fell below MinStep = {options.MinStep:R} ({tableau.Name}, scaled error {error:R})",
                        accepted + rejected, u, system.SigmaAt(u), h);
                }

                if (accepted + rejected >= options.MaxSteps)
                {
                    throw new AdaptiveStepSizeException(
                        solver, $"MaxSteps = {options.MaxSteps} attempted steps were not enough ({accepted} accepted, {rejected} rejected, {tableau.Name})",
                        accepted + rejected, u, system.SigmaAt(u), h);
                }
            }
        }
        finally
        {
            for (int s = 0; s < MaxStages; s++)
            {
                if (rented[s] is { } array)
                {
                    ArrayPool<double>.Shared.Return(array);
                }
            }
        }
    }

    /// <summary>
    /// Hairer's initial step (HNW I, section II.4; diffrax's _select_initial_step): with scale_i = atol + rtol |y_i|,
    /// d0 = ||y/scale||, d1 = ||f/scale||, h0 = 0.01 d0/d1 (1e-6 when either is below 1e-5), one Euler probe
    /// f1 = f(u + h0, y + h0 f), d2 = ||(f1 - f)/scale||/h0, h1 = (0.01/max(d1, d2))^(1/k); h = min(100 h0, h1).
    /// </summary>
    private static double InitialStep<TSystem>(
        ref TSystem system, double u0, ReadOnlySpan<double> y, ReadOnlySpan<double> f, Span<double> probe, Span<double> fProbe,
        int errorOrder, double span, double rtol, double atol)
        where TSystem : struct, IOdeSystem
    {
        double d0 = 0, d1 = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double scale = atol + rtol * Math.Abs(y[i]);
            d0 += (y[i] / scale) * (y[i] / scale);
            d1 += (f[i] / scale) * (f[i] / scale);
        }

        d0 = Math.Sqrt(d0 / y.Length);
        d1 = Math.Sqrt(d1 / y.Length);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        h0 = Math.Min(h0, Math.Abs(span));
        double signed = Math.Sign(span) * h0;
        for (int i = 0; i < y.Length; i++)
        {
            probe[i] = y[i] + signed * f[i];
        }

        return InitialStepFromProbe(ref system, u0, signed, y, f, probe, fProbe, errorOrder, h0, d1, rtol, atol);
    }

    private static double InitialStepFromProbe<TSystem>(
        ref TSystem system, double u0, double signed, ReadOnlySpan<double> y, ReadOnlySpan<double> f, ReadOnlySpan<double> probe,
        Span<double> fProbe, int errorOrder, double h0, double d1, double rtol, double atol)
        where TSystem : struct, IOdeSystem
    {
        system.Evaluate(u0 + signed, probe, fProbe);
        double d2 = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double scale = atol + rtol * Math.Abs(y[i]);
            double diff = (fProbe[i] - f[i]) / scale;
            d2 += diff * diff;
        }

        d2 = Math.Sqrt(d2 / y.Length) / h0;
        double maxD = Math.Max(d1, d2);
        double h1 = maxD <= 1e-15 ? Math.Max(1e-6, h0 * 1e-3) : Math.Pow(0.01 / maxD, 1.0 / errorOrder);
        return Math.Min(100 * h0, h1);
    }

    /// <summary>target = y + h sum_j a_j k_j.</summary>
    private static void Combine(ReadOnlySpan<double> y, double h, double[] a, ref Rented k, int n, Span<double> target)
    {
        y.CopyTo(target);
        for (int j = 0; j < a.Length; j++)
        {
            double weight = h * a[j];
            if (weight == 0)
            {
                continue;
            }

            ReadOnlySpan<double> kj = k[j]!.AsSpan(0, n);
            for (int i = 0; i < n; i++)
            {
                target[i] += weight * kj[i];
            }
        }
    }

    /// <summary>sqrt(mean_i (h sum_j e_j k_j,i / (atol + rtol max(|y_i|, |y_next,i|)))^2); NaN if the candidate is not finite.</summary>
    private static double ErrorNorm(ReadOnlySpan<double> y, ReadOnlySpan<double> next, double h, double[] e, ref Rented k, int n, double rtol, double atol)
    {
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double estimate = 0;
            for (int j = 0; j < e.Length; j++)
            {
                estimate += e[j] * k[j]![i];
            }

            double scale = atol + rtol * Math.Max(Math.Abs(y[i]), Math.Abs(next[i]));
            double scaled = h * estimate / scale;
            sum += scaled * scaled;
        }

        return Math.Sqrt(sum / n);
    }

    /// <summary>The solve's rented stage buffers, inline (no array allocated per solve).</summary>
    [InlineArray(MaxStages)]
    private struct Rented
    {
        private double[]? _element;
    }
}
