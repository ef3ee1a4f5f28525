namespace SdeDsl;

/// <summary>
/// The scalars of Heun's trapezoidal correction (docs/math.md §7.2, §17): with the Euler prediction x' at t_next and
/// D' = D(x'/s(t_next); sigma(t_next)), x_next = X x + D D + XPredicted x' + DPredicted D'.
/// </summary>
public readonly struct HeunStepCoefficients
{
    /// <summary>The coefficients of one correction.</summary>
    /// <param name="x">The coefficient of the state x at t.</param>
    /// <param name="d">The coefficient of the denoiser output at t.</param>
    /// <param name="xPredicted">The coefficient of the Euler prediction x'.</param>
    /// <param name="dPredicted">The coefficient of the denoiser output at the prediction.</param>
    public HeunStepCoefficients(double x, double d, double xPredicted, double dPredicted)
        => (X, D, XPredicted, DPredicted) = (x, d, xPredicted, dPredicted);

    /// <summary>The coefficient of the state x at t.</summary>
    public double X { get; }

    /// <summary>The coefficient of the denoiser output at t.</summary>
    public double D { get; }

    /// <summary>The coefficient of the Euler prediction x'.</summary>
    public double XPredicted { get; }

    /// <summary>The coefficient of the denoiser output at the prediction.</summary>
    public double DPredicted { get; }

    /// <inheritdoc/>
    public override string ToString() => $"X = {X:R}, D = {D:R}, XPredicted = {XPredicted:R}, DPredicted = {DPredicted:R}";
}
