using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SdeDsl.Likelihood;

namespace SdeDsl.Denoisers;

/// <summary>
/// The exact denoiser of a Gaussian mixture sum_k w_k N(mu_k, diag(v_k)) (docs/math.md §9.2): the posterior-weighted
/// mean of the per-component Gaussian denoisers,
/// D(y; sigma) = sum_k r_k(y) [mu_k + v_k / (v_k + sigma^2) (y - mu_k)],
/// r_k proportional to w_k N(y; mu_k, diag(v_k + sigma^2)), computed with a log-sum-exp.
/// </summary>
public sealed class GaussianMixtureDenoiser : AnalyticDenoiser, IExactDivergence, INoisyLogDensity
{
    private readonly double[] _logWeights;
    private readonly double[][] _means;
    private readonly double[][] _variances;
    private readonly double _negligibleLogit;

    /// <summary>A mixture with per-component diagonal covariances.</summary>
    /// <param name="weights">Positive component weights (normalised here).</param>
    /// <param name="means">One mean per component, all of the same dimension.</param>
    /// <param name="variances">One per-coordinate variance vector per component.</param>
    /// <exception cref="ArgumentException">Counts or dimensions disagree, a weight is not positive, or a variance is negative.</exception>
    public GaussianMixtureDenoiser(ReadOnlySpan<double> weights, double[][] means, double[][] variances)
        : base(DimensionOf(means))
    {
        ArgumentNullException.ThrowIfNull(variances);
        if (weights.Length != means.Length || variances.Length != means.Length)
        {
            throw new ArgumentException(
                $"{weights.Length} weights, {means.Length} means and {variances.Length} variances: the counts must agree.", nameof(weights));
        }

        double total = 0;
        foreach (double w in weights)
        {
            if (!(w > 0) || double.IsInfinity(w))
            {
                throw new ArgumentException($"Weights must be finite and positive; got {w:R}.", nameof(weights));
            }

            total += w;
        }

        _negligibleLogit = NegligibleLogit(weights.Length);
        _logWeights = new double[weights.Length];
        _means = new double[means.Length][];
        _variances = new double[means.Length][];
        for (int k = 0; k < means.Length; k++)
        {
            if (means[k] is null || means[k].Length != Dimension)
            {
                throw new ArgumentException($"Mean {k} must have {Dimension} elements.", nameof(means));
            }

            if (variances[k] is null || variances[k].Length != Dimension)
            {
                throw new ArgumentException($"Variance {k} must have {Dimension} elements.", nameof(variances));
            }

            foreach (double v in variances[k])
            {
                if (!(v >= 0) || double.IsInfinity(v))
                {
                    throw new ArgumentException($"Variances must be finite and non-negative; component {k} has {v:R}.", nameof(variances));
                }
            }

            _logWeights[k] = Math.Log(weights[k] / total);
            _means[k] = (double[])means[k].Clone();
            _variances[k] = (double[])variances[k].Clone();
        }
    }

    /// <summary>A mixture of isotropic components N(mu_k, c_k^2 I).</summary>
    /// <exception cref="ArgumentException">See the diagonal constructor; also a standard deviation count mismatch.</exception>
    public static GaussianMixtureDenoiser Isotropic(ReadOnlySpan<double> weights, double[][] means, ReadOnlySpan<double> standardDeviations)
    {
        ArgumentNullException.ThrowIfNull(means);
        if (standardDeviations.Length != means.Length)
        {
            throw new ArgumentException(
                $"{standardDeviations.Length} standard deviations for {means.Length} components.", nameof(standardDeviations));
        }

        var variances = new double[means.Length][];
        for (int k = 0; k < means.Length; k++)
        {
            variances[k] = new double[means[k]?.Length ?? 0];
            Array.Fill(variances[k], standardDeviations[k] * standardDeviations[k]);
        }

        return new GaussianMixtureDenoiser(weights, means, variances);
    }

    /// <summary>The number of components.</summary>
    public int ComponentCount => _means.Length;

    /// <summary>The mean of component <paramref name="k"/>.</summary>
    public ReadOnlySpan<double> MeanOf(int k) => _means[k];

    /// <summary>The normalised weight of component <paramref name="k"/>.</summary>
    public double WeightOf(int k) => Math.Exp(_logWeights[k]);

    /// <inheritdoc/>
    protected override int CostPerElement => 4 * _means.Length;

    /// <summary>Per component: log w_k - 1/2 sum_j log t_kj, then per coordinate mu_kj, -1/(2 t_kj), v_kj/t_kj.</summary>
    private int ComponentStride => 1 + 3 * Dimension;

    /// <inheritdoc/>
    private protected override int PreparedLength => _means.Length * ComponentStride;

    /// <summary>
    /// The sigma-dependent constants of (9.3) once per call (docs/math.md §9.7): with t_kj = v_kj + sigma^2,
    /// c_k = log w_k - 1/2 sum_j log t_kj, h_kj = -1/(2 t_kj) and a_kj = v_kj / t_kj, so the logit of component k is
    /// c_k + sum_j h_kj (y_j - mu_kj)^2 and its denoiser mu_kj + a_kj (y_j - mu_kj). Declines sigma = 0 with a point
    /// mass (t = 0), which the scalar path handles.
    /// </summary>
    private protected override bool TryPrepare(double sigma, Span<double> constants)
    {
        double sigma2 = sigma * sigma;
        int d = Dimension, stride = ComponentStride;
        for (int k = 0; k < _means.Length; k++)
        {
            Span<double> row = constants.Slice(k * stride, stride);
            double[] mu = _means[k], v = _variances[k];
            double c = _logWeights[k];
            for (int j = 0; j < d; j++)
            {
                double total = v[j] + sigma2;
                if (total == 0)
                {
                    return false;
                }

                c -= 0.5 * Math.Log(total);
                row[1 + 3 * j] = mu[j];
                row[2 + 3 * j] = -0.5 / total;
                row[3 + 3 * j] = v[j] / total;
            }

            row[0] = c;
        }

        return true;
    }

    /// <summary>
    /// (9.3) for one SIMD block of samples: the logits of up to <see cref="AnalyticDenoiser.BlockScratch"/> components
    /// at a time, a running maximum m, and the softmax accumulated as sum_k e^(l_k - m) and sum_k e^(l_k - m) m_k,
    /// both rescaled by e^(m_old - m_new) when a later group of components raises m; a component whose logits lie
    /// below m + <see cref="AnalyticDenoiser.NegligibleLogit"/>(K) in every lane is skipped (docs/math.md §9.7).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see AnalyticDenoiser.DenoiseRange
    private protected override void DenoiseBlock(
        ReadOnlySpan<double> constants, ReadOnlySpan<Vector<double>> y, Span<Vector<double>> denoised, Span<Vector<double>> scratch)
    {
        int d = Dimension, stride = ComponentStride, count = _means.Length;
        if (constants.Length < count * stride || y.Length < d || denoised.Length < d || scratch.Length < BlockScratch)
        {
            throw new ArgumentException("The block's spans are shorter than the mixture needs.", nameof(constants));
        }

        if (d == 2)
        {
            DenoisePlaneBlock(constants, y, denoised, scratch);
            return;
        }

        // Bounds checked once above: the loops below index through refs.
        ref double c0 = ref MemoryMarshal.GetReference(constants);
        ref Vector<double> y0 = ref MemoryMarshal.GetReference(y), d0 = ref MemoryMarshal.GetReference(denoised);
        ref Vector<double> s0 = ref MemoryMarshal.GetReference(scratch);
        Vector<double> negligible = new(_negligibleLogit);
        Vector<double> max = new(double.NegativeInfinity), normaliser = Vector<double>.Zero;
        for (int j = 0; j < d; j++)
        {
            Unsafe.Add(ref d0, j) = Vector<double>.Zero;
        }

        for (int group = 0; group < count; group += BlockScratch)
        {
            int size = Math.Min(BlockScratch, count - group);
            Vector<double> groupMax = new(double.NegativeInfinity);
            ref double row = ref Unsafe.Add(ref c0, group * stride);
            for (int i = 0; i < size; i++, row = ref Unsafe.Add(ref row, stride))
            {
                // Refs bumped per coordinate (no index arithmetic): the loop is short (d iterations) and was mostly
                // scalar address work in the JIT listing.
                Vector<double> logit = new(row);
                ref double coordinate = ref Unsafe.Add(ref row, 1);
                ref Vector<double> yj = ref y0;
                for (int j = 0; j < d; j++, coordinate = ref Unsafe.Add(ref coordinate, 3), yj = ref Unsafe.Add(ref yj, 1))
                {
                    Vector<double> diff = yj - new Vector<double>(coordinate);
                    logit = Vector.FusedMultiplyAdd(diff * diff, new Vector<double>(Unsafe.Add(ref coordinate, 1)), logit);
                }

                Unsafe.Add(ref s0, i) = logit;
                groupMax = Vector.MaxNative(groupMax, logit);
            }

            RunningSoftmax.Raise(group == 0, groupMax, ref max, ref normaliser, denoised.Slice(0, d));

            row = ref Unsafe.Add(ref c0, group * stride);
            for (int k = 0; k < size; k++, row = ref Unsafe.Add(ref row, stride))
            {
                Vector<double> exponent = Unsafe.Add(ref s0, k) - max;
                if (Vector.LessThanAll(exponent, negligible))
                {
                    continue;
                }

                Vector<double> weight = VectorExp.Exp(exponent);
                normaliser += weight;
                Accumulate(ref row, d, weight, ref y0, ref d0);
            }
        }

        for (int j = 0; j < d; j++)
        {
            Unsafe.Add(ref d0, j) /= normaliser;
        }
    }

    /// <summary>
    /// <see cref="DenoiseBlock"/> for d = 2 with the coordinate loops written out: the same operations in the same
    /// order (so the same bits), with y and the two weighted sums in registers. The JIT does not unroll a two-iteration
    /// loop, and in the listing the loop's bookkeeping was four of every ten instructions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see AnalyticDenoiser.DenoiseRange
    private void DenoisePlaneBlock(
        ReadOnlySpan<double> constants, ReadOnlySpan<Vector<double>> y, Span<Vector<double>> denoised, Span<Vector<double>> scratch)
    {
        const int stride = 7; // c, then (mu, h, a) for each of the two coordinates
        int count = _means.Length;
        ref double c0 = ref MemoryMarshal.GetReference(constants);
        ref Vector<double> s0 = ref MemoryMarshal.GetReference(scratch);
        Vector<double> y1 = y[0], y2 = y[1];
        Vector<double> negligible = new(_negligibleLogit);
        Vector<double> max = new(double.NegativeInfinity), normaliser = Vector<double>.Zero;
        Vector<double> sum1 = Vector<double>.Zero, sum2 = Vector<double>.Zero;
        for (int group = 0; group < count; group += BlockScratch)
        {
            int size = Math.Min(BlockScratch, count - group);
            Vector<double> groupMax = new(double.NegativeInfinity);
            ref double row = ref Unsafe.Add(ref c0, group * stride);
            for (int i = 0; i < size; i++, row = ref Unsafe.Add(ref row, stride))
            {
                Vector<double> diff1 = y1 - new Vector<double>(Unsafe.Add(ref row, 1));
                Vector<double> logit = Vector.FusedMultiplyAdd(diff1 * diff1, new Vector<double>(Unsafe.Add(ref row, 2)), new Vector<double>(row));
                Vector<double> diff2 = y2 - new Vector<double>(Unsafe.Add(ref row, 4));
                logit = Vector.FusedMultiplyAdd(diff2 * diff2, new Vector<double>(Unsafe.Add(ref row, 5)), logit);
                Unsafe.Add(ref s0, i) = logit;
                groupMax = Vector.MaxNative(groupMax, logit);
            }

            denoised[0] = sum1;
            denoised[1] = sum2;
            RunningSoftmax.Raise(group == 0, groupMax, ref max, ref normaliser, denoised.Slice(0, 2));
            sum1 = denoised[0];
            sum2 = denoised[1];

            row = ref Unsafe.Add(ref c0, group * stride);
            for (int k = 0; k < size; k++, row = ref Unsafe.Add(ref row, stride))
            {
                Vector<double> exponent = Unsafe.Add(ref s0, k) - max;
                if (Vector.LessThanAll(exponent, negligible))
                {
                    continue;
                }

                Vector<double> weight = VectorExp.Exp(exponent);
                normaliser += weight;
                Vector<double> mu1 = new(Unsafe.Add(ref row, 1)), mu2 = new(Unsafe.Add(ref row, 4));
                sum1 = Vector.FusedMultiplyAdd(weight, Vector.FusedMultiplyAdd(new Vector<double>(Unsafe.Add(ref row, 3)), y1 - mu1, mu1), sum1);
                sum2 = Vector.FusedMultiplyAdd(weight, Vector.FusedMultiplyAdd(new Vector<double>(Unsafe.Add(ref row, 6)), y2 - mu2, mu2), sum2);
            }
        }

        denoised[0] = sum1 / normaliser;
        denoised[1] = sum2 / normaliser;
    }

    /// <summary>N_j += w m_k(y)_j for the component whose constants start at <paramref name="row"/> (9.6, 9.7).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ref double row, int d, Vector<double> weight, ref Vector<double> y0, ref Vector<double> d0)
    {
        ref double coordinate = ref Unsafe.Add(ref row, 1);
        for (int j = 0; j < d; j++, coordinate = ref Unsafe.Add(ref coordinate, 3), y0 = ref Unsafe.Add(ref y0, 1), d0 = ref Unsafe.Add(ref d0, 1))
        {
            Vector<double> mu = new(coordinate);
            Vector<double> mean = Vector.FusedMultiplyAdd(new Vector<double>(Unsafe.Add(ref coordinate, 2)), y0 - mu, mu);
            d0 = Vector.FusedMultiplyAdd(weight, mean, d0);
        }
    }

    /// <inheritdoc/>
    protected override void DenoiseSample(ReadOnlySpan<double> y, double sigma, Span<double> denoised)
    {
        int count = _means.Length;
        Span<double> logPosterior = count <= 256 ? stackalloc double[count] : new double[count];
        double sigma2 = sigma * sigma, max = double.NegativeInfinity;
        for (int k = 0; k < count; k++)
        {
            double[] mu = _means[k], v = _variances[k];
            double logDensity = _logWeights[k];
            for (int j = 0; j < y.Length; j++)
            {
                double total = v[j] + sigma2, diff = y[j] - mu[j];
                logDensity -= total == 0
                    ? (diff == 0 ? 0 : double.PositiveInfinity) // a point mass at sigma = 0: only its own location
                    : 0.5 * (diff * diff / total + Math.Log(total));
            }

            logPosterior[k] = logDensity;
            max = Math.Max(max, logDensity);
        }

        double normaliser = 0;
        for (int k = 0; k < count; k++)
        {
            logPosterior[k] = Math.Exp(logPosterior[k] - max);
            normaliser += logPosterior[k];
        }

        denoised.Clear();
        for (int k = 0; k < count; k++)
        {
            double r = logPosterior[k] / normaliser;
            if (r == 0)
            {
                continue;
            }

            double[] mu = _means[k], v = _variances[k];
            for (int j = 0; j < y.Length; j++)
            {
                double total = v[j] + sigma2;
                denoised[j] += r * (total == 0 ? mu[j] : mu[j] + v[j] / total * (y[j] - mu[j]));
            }
        }
    }

    /// <summary>
    /// D and its exact divergence (docs/math.md §16.4). With a_k = v_k/(v_k + sigma^2), m_k = mu_k + a_k (y - mu_k),
    /// g_k = -(y - mu_k)/(v_k + sigma^2) (the gradient of log N_k) and g_bar = sum_k r_k g_k:
    /// div_y D = sum_k r_k [ sum_j a_kj + (m_k - D) . (g_k - g_bar) ].
    /// </summary>
    public void DenoiseWithDivergence(ReadOnlySpan<double> input, double sigma, Span<double> output, Span<double> divergence)
    {
        int samples = DivergenceBatch.Validate(Dimension, input, sigma, output, divergence);
        int count = _means.Length, d = Dimension;
        Span<double> posterior = count <= 256 ? stackalloc double[count] : new double[count];
        Span<double> meanGradient = d <= 256 ? stackalloc double[d] : new double[d];
        double sigma2 = sigma * sigma;
        for (int i = 0; i < samples; i++)
        {
            ReadOnlySpan<double> y = input.Slice(i * d, d);
            Span<double> denoised = output.Slice(i * d, d);
            Posterior(y, sigma2, posterior);
            denoised.Clear();
            meanGradient.Clear();
            for (int k = 0; k < count; k++)
            {
                double[] mu = _means[k], v = _variances[k];
                for (int j = 0; j < d; j++)
                {
                    double total = v[j] + sigma2;
                    denoised[j] += posterior[k] * (mu[j] + v[j] / total * (y[j] - mu[j]));
                    meanGradient[j] -= posterior[k] * (y[j] - mu[j]) / total;
                }
            }

            double div = 0;
            for (int k = 0; k < count; k++)
            {
                if (posterior[k] == 0)
                {
                    continue;
                }

                double[] mu = _means[k], v = _variances[k];
                double term = 0;
                for (int j = 0; j < d; j++)
                {
                    double total = v[j] + sigma2, a = v[j] / total;
                    double m = mu[j] + a * (y[j] - mu[j]), g = -(y[j] - mu[j]) / total;
                    term += a + (m - denoised[j]) * (g - meanGradient[j]);
                }

                div += posterior[k] * term;
            }

            divergence[i] = div;
        }
    }

    /// <summary>
    /// log p(y; sigma) = log sum_k w_k N(y; mu_k, diag(v_k + sigma^2)), by a log-sum-exp (docs/math.md §9.2).
    /// </summary>
    public double LogDensity(ReadOnlySpan<double> y, double sigma)
    {
        DivergenceBatch.ValidateSample(Dimension, y);
        DivergenceBatch.ValidateSigma(sigma);
        int count = _means.Length;
        double sigma2 = sigma * sigma, max = double.NegativeInfinity;
        Span<double> log = count <= 256 ? stackalloc double[count] : new double[count];
        for (int k = 0; k < count; k++)
        {
            log[k] = ComponentLogDensity(k, y, sigma2);
            max = Math.Max(max, log[k]);
        }

        double sum = 0;
        for (int k = 0; k < count; k++)
        {
            sum += Math.Exp(log[k] - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>log w_k + log N(y; mu_k, diag(v_k + sigma^2)).</summary>
    private double ComponentLogDensity(int k, ReadOnlySpan<double> y, double sigma2)
    {
        double[] mu = _means[k], v = _variances[k];
        double log = _logWeights[k];
        for (int j = 0; j < y.Length; j++)
        {
            double total = v[j] + sigma2, diff = y[j] - mu[j];
            log -= 0.5 * (diff * diff / total + Math.Log(2 * Math.PI * total));
        }

        return log;
    }

    /// <summary>The posterior weights r_k(y) (sigma^2 &gt; 0), normalised in log space.</summary>
    private void Posterior(ReadOnlySpan<double> y, double sigma2, Span<double> posterior)
    {
        double max = double.NegativeInfinity, sum = 0;
        for (int k = 0; k < posterior.Length; k++)
        {
            posterior[k] = ComponentLogDensity(k, y, sigma2);
            max = Math.Max(max, posterior[k]);
        }

        for (int k = 0; k < posterior.Length; k++)
        {
            posterior[k] = Math.Exp(posterior[k] - max);
            sum += posterior[k];
        }

        for (int k = 0; k < posterior.Length; k++)
        {
            posterior[k] /= sum;
        }
    }

    private static int DimensionOf(double[][] means)
    {
        ArgumentNullException.ThrowIfNull(means);
        if (means.Length == 0 || means[0] is null || means[0].Length == 0)
        {
            throw new ArgumentException("A mixture needs at least one component of positive dimension.", nameof(means));
        }

        return means[0].Length;
    }
}
