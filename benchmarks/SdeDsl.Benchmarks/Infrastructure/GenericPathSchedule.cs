namespace SdeDsl.Benchmarks.Infrastructure;

/// <summary>
/// A schedule forwarded member by member without its generated step coefficients (HasStepCoefficients keeps the
/// interface's default, false), so a sampler step takes the generic path on exactly the same scalar functions.
/// </summary>
/// <typeparam name="TSchedule">The generated schedule to wrap.</typeparam>
public readonly struct GenericPathSchedule<TSchedule> : INoiseSchedule
    where TSchedule : struct, INoiseSchedule
{
    private static readonly TSchedule Inner = default;

    /// <inheritdoc/>
    public double TMin => Inner.TMin;

    /// <inheritdoc/>
    public double TMax => Inner.TMax;

    /// <inheritdoc/>
    public bool IsScaleIdentity => Inner.IsScaleIdentity;

    /// <inheritdoc/>
    public double Sigma(double t) => Inner.Sigma(t);

    /// <inheritdoc/>
    public double SigmaDerivative(double t) => Inner.SigmaDerivative(t);

    /// <inheritdoc/>
    public double Scale(double t) => Inner.Scale(t);

    /// <inheritdoc/>
    public double ScaleDerivative(double t) => Inner.ScaleDerivative(t);

    /// <inheritdoc/>
    public double Drift(double t) => Inner.Drift(t);

    /// <inheritdoc/>
    public double Diffusion(double t) => Inner.Diffusion(t);

    /// <inheritdoc/>
    public double DiffusionSquared(double t) => Inner.DiffusionSquared(t);

    /// <inheritdoc/>
    public double OdeStateCoefficient(double t) => Inner.OdeStateCoefficient(t);

    /// <inheritdoc/>
    public double OdeDenoiserCoefficient(double t) => Inner.OdeDenoiserCoefficient(t);

    /// <inheritdoc/>
    public double TimeAtSigma(double sigma) => Inner.TimeAtSigma(sigma);
}
