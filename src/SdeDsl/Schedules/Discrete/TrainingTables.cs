using System;
using System.Numerics;

namespace SdeDsl.Schedules;

/// <summary>
/// The training tables of discrete diffusion models (docs/math.md §12.1-§12.3): betas of the diffusers beta schedules,
/// alpha_bar_i = prod_{j &lt;= i} (1 - beta_j), and the rescale to zero terminal SNR (Lin et al. 2023).
/// </summary>
/// <remarks>
/// With <see cref="TrainingPrecision.Single"/> every operation is rounded to float32 in the order diffusers performs it
/// (torch.linspace's two-sided formula; torch.cumprod's float32 factors with a double running product), so the tables
/// equal diffusers' to float32 round-off (docs/math.md §12.2 gives the measured difference);
/// <see cref="TrainingPrecision.Double"/> evaluates the same formulas in double.
/// </remarks>
public static class TrainingTables
{
    /// <summary>The cap of <see cref="BetaSchedule.SquaredCosCapV2"/>: beta_i &lt;= 0.999 (iDDPM; diffusers' max_beta).</summary>
    public const double CosineMaxBeta = 0.999;

    /// <summary>
    /// The betas of a beta schedule (docs/math.md §12.1): linear, scaled_linear (linear in sqrt(beta)) or
    /// squaredcos_cap_v2 (iDDPM cosine, which ignores <paramref name="betaStart"/> and <paramref name="betaEnd"/>).
    /// </summary>
    /// <param name="schedule">The beta schedule.</param>
    /// <param name="trainingSteps">The number of training timesteps N &gt;= 2.</param>
    /// <param name="betaStart">beta_0, in (0, 1).</param>
    /// <param name="betaEnd">beta_{N-1}, in (0, 1).</param>
    /// <param name="precision">float32 as diffusers, or double.</param>
    /// <returns>N betas in (0, 1).</returns>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 2, a beta end outside (0, 1), or an unknown schedule.</exception>
    public static double[] Betas(BetaSchedule schedule, int trainingSteps, double betaStart = 0.0001, double betaEnd = 0.02, TrainingPrecision precision = TrainingPrecision.Single)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainingSteps, 2);
        if (schedule != BetaSchedule.SquaredCosCapV2)
        {
            if (!(betaStart > 0 && betaStart < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(betaStart), betaStart, "beta_start must lie in (0, 1).");
            }

            if (!(betaEnd > 0 && betaEnd < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(betaEnd), betaEnd, "beta_end must lie in (0, 1).");
            }
        }

        return precision == TrainingPrecision.Single
            ? BetasIn<float>(schedule, trainingSteps, betaStart, betaEnd)
            : BetasIn<double>(schedule, trainingSteps, betaStart, betaEnd);
    }

    /// <summary>
    /// alpha_bar_i = prod_{j &lt;= i} (1 - beta_j) (docs/math.md §12.2), multiplied in order (in float32 mode as
    /// torch.cumprod: float32 factors, double running product, float32 outputs).
    /// </summary>
    /// <param name="betas">N betas in (0, 1] (a final beta of 1 gives a final alpha_bar of 0).</param>
    /// <param name="precision">float32 as diffusers, or double.</param>
    /// <exception cref="ArgumentException">Empty, or a beta outside (0, 1].</exception>
    public static double[] AlphasCumprod(ReadOnlySpan<double> betas, TrainingPrecision precision = TrainingPrecision.Single)
    {
        ValidateBetas(betas, nameof(betas));
        return precision == TrainingPrecision.Single ? CumprodIn<float>(betas) : CumprodIn<double>(betas);
    }

    /// <summary>
    /// Rescale betas to zero terminal SNR (Lin et al. 2023, Algorithm 1; docs/math.md §12.3): with q_i = sqrt(alpha_bar_i),
    /// q_i &lt;- (q_i - q_{N-1}) q_0 / (q_0 - q_{N-1}), so q_0 is unchanged and q_{N-1} = 0; then
    /// beta_0 = 1 - q_0^2, beta_i = 1 - q_i^2 / q_{i-1}^2 (the last beta is 1).
    /// </summary>
    /// <param name="betas">N &gt;= 2 betas in (0, 1).</param>
    /// <param name="precision">float32 as diffusers, or double.</param>
    /// <returns>The rescaled betas.</returns>
    /// <exception cref="ArgumentException">Fewer than 2 betas, or a beta outside (0, 1).</exception>
    public static double[] RescaleZeroTerminalSnr(ReadOnlySpan<double> betas, TrainingPrecision precision = TrainingPrecision.Single)
    {
        ValidateBetas(betas, nameof(betas));
        if (betas.Length < 2)
        {
            throw new ArgumentException("Rescaling to zero terminal SNR needs at least 2 betas.", nameof(betas));
        }

        foreach (double beta in betas)
        {
            if (beta == 1)
            {
                throw new ArgumentException("The betas already reach alpha_bar = 0 (a beta of 1).", nameof(betas));
            }
        }

        return precision == TrainingPrecision.Single ? RescaleIn<float>(betas) : RescaleIn<double>(betas);
    }

    private static void ValidateBetas(ReadOnlySpan<double> betas, string name)
    {
        if (betas.IsEmpty)
        {
            throw new ArgumentException("No betas.", name);
        }

        for (int i = 0; i < betas.Length; i++)
        {
            if (!(betas[i] > 0 && betas[i] <= 1))
            {
                throw new ArgumentException($"beta[{i}] = {betas[i]:R} is not in (0, 1].", name);
            }
        }
    }

    private static double[] BetasIn<T>(BetaSchedule schedule, int n, double betaStart, double betaEnd)
        where T : IFloatingPointIeee754<T>
    {
        var betas = new double[n];
        switch (schedule)
        {
            case BetaSchedule.Linear:
                for (int i = 0; i < n; i++) betas[i] = double.CreateChecked(Linspace(T.CreateChecked(betaStart), T.CreateChecked(betaEnd), n, i));
                break;
            case BetaSchedule.ScaledLinear:
                for (int i = 0; i < n; i++)
                {
                    T root = Linspace(T.CreateChecked(Math.Sqrt(betaStart)), T.CreateChecked(Math.Sqrt(betaEnd)), n, i);
                    betas[i] = double.CreateChecked(T.CreateChecked(root * root));
                }

                break;
            case BetaSchedule.SquaredCosCapV2:
                // diffusers' betas_for_alpha_bar evaluates in Python floats (double), then stores the betas as float32.
                for (int i = 0; i < n; i++)
                {
                    double beta = Math.Min(1 - CosineAlphaBar((i + 1.0) / n) / CosineAlphaBar((double)i / n), CosineMaxBeta);
                    betas[i] = double.CreateChecked(T.CreateChecked(beta));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "Unknown beta schedule.");
        }

        return betas;
    }

    /// <summary>iDDPM's abar(u) = cos^2((u + 0.008)/1.008 pi/2).</summary>
    private static double CosineAlphaBar(double u)
    {
        double c = Math.Cos((u + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    /// <summary>The vector width of torch's float32 CPU kernels with AVX2, the usual x86 dispatch: 8 lanes.</summary>
    private const int TorchFloatLanes = 8;

    /// <summary>
    /// Element i of n of torch.linspace(a, b, n), step = (b - a)/(n - 1) in T. In double: the scalar formula,
    /// a + i step below n/2 and b - (n-1-i) step above. In float32: torch's AVX2 kernel, blocks of 8 elements whose
    /// base is that formula at the block's first index j evaluated with one fused multiply-add, and element
    /// j + l = base + l step (two roundings); a tail shorter than a block uses the fused formula per element.
    /// </summary>
    private static T Linspace<T>(T a, T b, int n, int i)
        where T : IFloatingPointIeee754<T>
    {
        T step = (b - a) / T.CreateChecked(n - 1);
        if (typeof(T) != typeof(float))
        {
            return i < n / 2 ? a + step * T.CreateChecked(i) : b - step * T.CreateChecked(n - 1 - i);
        }

        int lanes = TorchFloatLanes;
        int blockStart = i / lanes * lanes;
        bool inBlock = blockStart + lanes <= n;
        int j = inBlock ? blockStart : i;
        T baseValue = j < n / 2
            ? T.FusedMultiplyAdd(step, T.CreateChecked(j), a)
            : T.FusedMultiplyAdd(-step, T.CreateChecked(n - 1 - j), b);
        return inBlock ? baseValue + T.CreateChecked(i - j) * step : baseValue;
    }

    /// <summary>
    /// torch.cumprod on the CPU: the factors 1 - beta in T, the running product in double (torch's accumulation type
    /// for float32), each output rounded to T.
    /// </summary>
    private static double[] CumprodIn<T>(ReadOnlySpan<double> betas)
        where T : IFloatingPointIeee754<T>
    {
        var result = new double[betas.Length];
        double product = 1;
        for (int i = 0; i < betas.Length; i++)
        {
            product *= double.CreateChecked(T.One - T.CreateChecked(betas[i]));
            result[i] = double.CreateChecked(T.CreateChecked(product));
        }

        return result;
    }

    private static double[] RescaleIn<T>(ReadOnlySpan<double> betas)
        where T : IFloatingPointIeee754<T>
    {
        int n = betas.Length;
        var root = new T[n];
        double[] alphasCumprod = CumprodIn<T>(betas);
        for (int i = 0; i < n; i++)
        {
            root[i] = T.Sqrt(T.CreateChecked(alphasCumprod[i]));
        }

        T first = root[0], last = root[n - 1], factor = first / (first - last);
        var result = new double[n];
        T previous = T.One;
        for (int i = 0; i < n; i++)
        {
            T q = (root[i] - last) * factor;
            T alphaBar = q * q;
            result[i] = double.CreateChecked(T.One - (i == 0 ? alphaBar : alphaBar / previous));
            previous = alphaBar;
        }

        return result;
    }
}
