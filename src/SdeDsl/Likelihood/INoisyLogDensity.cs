using System;

namespace SdeDsl.Likelihood;

/// <summary>
/// The exact log-density log p(y; sigma) of the data blurred by N(0, sigma^2 I) (docs/math.md (1.7)), for one sample
/// y = x/s. A likelihood uses it as log p_T of the probability-flow ODE's endpoint instead of the Gaussian prior
/// approximation (docs/math.md §16.4); the analytic denoisers implement it, which also gives tests and examples the
/// exact value to compare with.
/// </summary>
public interface INoisyLogDensity
{
    /// <summary>The number of elements of one sample.</summary>
    int Dimension { get; }

    /// <summary>log p(<paramref name="y"/>; <paramref name="sigma"/>) for one sample of <see cref="Dimension"/> elements.</summary>
    /// <param name="y">One unscaled sample.</param>
    /// <param name="sigma">The noise level, finite and &gt; 0.</param>
    double LogDensity(ReadOnlySpan<double> y, double sigma);
}
