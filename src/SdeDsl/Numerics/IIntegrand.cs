namespace SdeDsl.Numerics;

/// <summary>A function of one variable for <see cref="Quadrature"/> (implemented by generated structs, so calls inline).</summary>
public interface IIntegrand
{
    /// <summary>The integrand's value at <paramref name="t"/>.</summary>
    double Evaluate(double t);
}
