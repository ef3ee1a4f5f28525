namespace SdeDsl;

/// <summary>
/// The scalars of one fused step x_next = X x + D D(x/s; sigma) + Z z (docs/math.md §7, §17), for the Euler step of
/// the probability-flow ODE (Z = 0), Euler-Maruyama on the reverse SDE, the Langevin family and the Langevin corrector.
/// </summary>
public readonly struct StepCoefficients
{
    /// <summary>The coefficients of one step.</summary>
    /// <param name="x">The coefficient of the state x.</param>
    /// <param name="d">The coefficient of the denoiser output D(x/s; sigma).</param>
    /// <param name="z">The coefficient of the standard normal z drawn in the pass (0 for a deterministic step).</param>
    public StepCoefficients(double x, double d, double z) => (X, D, Z) = (x, d, z);

    /// <summary>The coefficient of the state x.</summary>
    public double X { get; }

    /// <summary>The coefficient of the denoiser output D(x/s; sigma).</summary>
    public double D { get; }

    /// <summary>The coefficient of the standard normal z drawn in the pass (0 for a deterministic step).</summary>
    public double Z { get; }

    /// <summary>Deconstructs into (X, D, Z).</summary>
    /// <param name="x">X.</param>
    /// <param name="d">D.</param>
    /// <param name="z">Z.</param>
    public void Deconstruct(out double x, out double d, out double z) => (x, d, z) = (X, D, Z);

    /// <inheritdoc/>
    public override string ToString() => $"X = {X:R}, D = {D:R}, Z = {Z:R}";
}
