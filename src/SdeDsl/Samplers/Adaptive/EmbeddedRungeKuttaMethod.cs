namespace SdeDsl.Samplers.Adaptive;

/// <summary>The embedded Runge-Kutta pair an adaptive solve uses (docs/math.md §16.1).</summary>
public enum EmbeddedRungeKuttaMethod
{
    /// <summary>
    /// Dormand-Prince 5(4) (DOPRI5, scipy's RK45, torchdiffeq's dopri5, diffrax's Dopri5): 7 stages, first same as
    /// last, so 6 new denoiser evaluations per attempted step; the 5th-order solution is propagated.
    /// </summary>
    DormandPrince54,

    /// <summary>
    /// Bogacki-Shampine 3(2) (scipy's RK23, diffrax's Bosh3): 4 stages, first same as last, so 3 new evaluations per
    /// attempted step; the 3rd-order solution is propagated.
    /// </summary>
    BogackiShampine32,
}
