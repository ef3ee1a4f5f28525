using System.Numerics;
using SdeDsl.Denoisers;

namespace SdeDsl.Samplers.Driver;

/// <summary>
/// One sampler's algorithm box: how the state moves from grid time t to t_next. Everything else (validation,
/// buffers, denoiser calls and their checks, the callback, cancellation, the final step into sigma = 0 and the
/// commit) is <see cref="SamplerDriver"/>'s.
/// </summary>
/// <remarks>
/// Implemented by small structs, so the driver's loop is specialised for each sampler and the calls inline.
/// For each step i the driver calls <see cref="Prepare{TDenoiser}"/> at the grid time, then either
/// <see cref="Advance{TDenoiser}"/> to the next grid time or, on the step into sigma = 0, its own final step
/// x = D(y; sigma) (docs/math.md §7.10). Noise for step i uses the streams <c>(i &lt;&lt; 32) | k</c>.
/// </remarks>
internal interface ISamplerStep<TSchedule, T>
    where TSchedule : struct, INoiseSchedule
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>
    /// Moves the state at grid time <paramref name="t"/> to the time of the step's first denoiser call and returns
    /// that time: EDM's churn raises the noise level (t_hat &gt;= t), the predictor-corrector runs its corrector.
    /// Most steps return <paramref name="t"/> unchanged.
    /// </summary>
    double Prepare<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t)
        where TDenoiser : IDenoiser<T>;

    /// <summary>Advances the run's state from <paramref name="t"/> to <paramref name="tNext"/> (sigma(t_next) &gt; 0).</summary>
    void Advance<TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int step, double t, double tNext)
        where TDenoiser : IDenoiser<T>;
}
