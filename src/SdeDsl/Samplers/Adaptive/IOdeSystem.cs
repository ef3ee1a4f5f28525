using System;

namespace SdeDsl.Samplers.Adaptive;

/// <summary>
/// The right-hand side du-&gt;f(u, state) an <see cref="AdaptiveIntegrator"/> solves, with its observation hook.
/// Implemented by structs so the integrator's loop is specialised per system.
/// </summary>
internal interface IOdeSystem
{
    /// <summary>Writes f(<paramref name="u"/>, <paramref name="state"/>) into <paramref name="derivative"/> (the same length).</summary>
    void Evaluate(double u, ReadOnlySpan<double> state, Span<double> derivative);

    /// <summary>Called after accepted step <paramref name="step"/> moved the state from <paramref name="u"/> to <paramref name="uNext"/>.</summary>
    void Accepted(int step, double u, double uNext, ReadOnlySpan<double> state);

    /// <summary>The noise level at <paramref name="u"/> (for messages).</summary>
    double SigmaAt(double u);
}
