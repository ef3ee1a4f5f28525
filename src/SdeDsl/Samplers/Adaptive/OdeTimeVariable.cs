namespace SdeDsl.Samplers.Adaptive;

/// <summary>
/// The independent variable u an adaptive solve steps in (docs/math.md §16.3). The state is always the unscaled
/// y = x/s, whose ODE dy/du = (d log sigma/du) (y - D(y; sigma(u))) is docs/math.md (3.4) written in u.
/// </summary>
public enum OdeTimeVariable
{
    /// <summary>The schedule's own time t: d log sigma/dt = sigma'(t)/sigma(t) (what score_sde integrates in).</summary>
    Time,

    /// <summary>The noise level sigma: d log sigma/dsigma = 1/sigma (EDM's and k-diffusion's variable).</summary>
    Sigma,

    /// <summary>log sigma: dy/dlog sigma = y - D, the smoothest of the three for most data (docs/math.md (3.5)).</summary>
    LogSigma,
}
