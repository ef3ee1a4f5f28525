using System;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Samplers;
using SdeDsl.Samplers.Adaptive;
using SdeDsl.Samplers.Driver;

namespace SdeDsl.Likelihood;

/// <summary>
/// The probability-flow ODE augmented with its divergence (docs/math.md §16.4): the state is B points y_i followed by
/// B accumulators l_i, and in the solve's variable u
/// dy/du = r (y - D(y; sigma)),  dl/du = div_y of that = r (d - div_y D),  r = d log sigma/du.
/// div_y D comes from the denoiser (exact), from d axis JVPs or from Hutchinson probes, each JVP a central difference.
/// </summary>
internal struct LikelihoodSystem<TSchedule, TDenoiser> : IOdeSystem
    where TSchedule : struct, INoiseSchedule
    where TDenoiser : IDenoiser<double>
{
    /// <summary>The relative step of the central differences, about eps^(1/3) (error O(h^2) ~ 1e-11 relative).</summary>
    internal const double DifferenceStep = 6e-6;

    private readonly OdeVariableMap<TSchedule> _map;
    private readonly TSchedule _schedule;
    private readonly IExactDivergence? _exact;
    private readonly DivergenceMethod _method;
    private readonly int _points, _dimension, _probes;
    private readonly double[] _denoised, _shifted, _plus, _minus, _divergence, _probeValues;

    public LikelihoodSystem(
        in TSchedule schedule, OdeTimeVariable variable, AdaptiveDenoiserCalls<double, TDenoiser> calls, IExactDivergence? exact,
        DivergenceMethod method, int points, int dimension, int probes, double[] denoised, double[] shifted, double[] plus,
        double[] minus, double[] divergence, double[] probeValues)
    {
        _schedule = schedule;
        _map = new OdeVariableMap<TSchedule>(schedule, variable);
        Calls = calls;
        _exact = exact;
        _method = method;
        _points = points;
        _dimension = dimension;
        _probes = probes;
        _denoised = denoised;
        _shifted = shifted;
        _plus = plus;
        _minus = minus;
        _divergence = divergence;
        _probeValues = probeValues;
    }

    /// <summary>The counted, checked denoiser calls.</summary>
    public AdaptiveDenoiserCalls<double, TDenoiser> Calls;

    /// <summary>The variable map.</summary>
    public readonly OdeVariableMap<TSchedule> Map => _map;

    private readonly int Length => _points * _dimension;

    public void Evaluate(double u, ReadOnlySpan<double> state, Span<double> derivative)
    {
        double sigma = _map.SigmaAt(u), rate = _map.LogSigmaRate(u);
        int n = Length;
        ReadOnlySpan<double> y = state[..n];
        Span<double> denoised = _denoised.AsSpan(0, n), divergence = _divergence.AsSpan(0, _points);
        switch (_method)
        {
            case DivergenceMethod.Exact:
                ExactDivergence(y, sigma, denoised, divergence);
                break;
            case DivergenceMethod.JacobianVectorProducts:
                Denoise(y, sigma, denoised);
                AxisDivergence(y, sigma, divergence);
                break;
            default:
                Denoise(y, sigma, denoised);
                HutchinsonDivergence(y, sigma, divergence);
                break;
        }

        for (int i = 0; i < n; i++)
        {
            derivative[i] = rate * (y[i] - denoised[i]);
        }

        for (int b = 0; b < _points; b++)
        {
            derivative[n + b] = rate * (_dimension - divergence[b]);
        }
    }

    public void Accepted(int step, double u, double uNext, ReadOnlySpan<double> state) => Calls.Step = step + 1;

    public readonly double SigmaAt(double u) => _map.SigmaAt(u);

    private void Denoise(ReadOnlySpan<double> y, double sigma, Span<double> output) =>
        Calls.Denoise(y, sigma, output, new ScheduleTimeOfCall<TSchedule>(_schedule));

    private void ExactDivergence(ReadOnlySpan<double> y, double sigma, Span<double> denoised, Span<double> divergence)
    {
        Calls.BeforeCall();
        if (Calls.ChecksFinite)
        {
            denoised.Fill(DenoiserPoison<double>.Value);
            divergence.Fill(DenoiserPoison<double>.Value);
        }

        _exact!.DenoiseWithDivergence(y, sigma, denoised, divergence);
        var time = new ScheduleTimeOfCall<TSchedule>(_schedule);
        Calls.AfterCall<ScheduleTimeOfCall<TSchedule>>(denoised, sigma, time);
        if (Calls.ChecksFinite && FiniteCheck.IndexOfNonFinite<double>(divergence) is var bad and >= 0)
        {
            throw new NonFiniteDenoiserOutputException(
                $"{nameof(ProbabilityFlowLikelihood)} (the denoiser's divergence)", Calls.Step, time.TimeAtSigma(sigma), sigma, bad,
                divergence[bad], DenoiserPoison<double>.Is(divergence[bad]));
        }
    }

    /// <summary>div_i = sum_j (D(y + h e_j) - D(y - h e_j))_ij / (2 h_ij), all points perturbed along axis j at once.</summary>
    private void AxisDivergence(ReadOnlySpan<double> y, double sigma, Span<double> divergence)
    {
        int n = Length, d = _dimension;
        Span<double> shifted = _shifted.AsSpan(0, n), plus = _plus.AsSpan(0, n), minus = _minus.AsSpan(0, n);
        divergence.Clear();
        for (int j = 0; j < d; j++)
        {
            y.CopyTo(shifted);
            for (int b = 0; b < _points; b++)
            {
                shifted[b * d + j] = y[b * d + j] + Step(y[b * d + j]);
            }

            Denoise(shifted, sigma, plus);
            for (int b = 0; b < _points; b++)
            {
                shifted[b * d + j] = y[b * d + j] - Step(y[b * d + j]);
            }

            Denoise(shifted, sigma, minus);
            for (int b = 0; b < _points; b++)
            {
                int i = b * d + j;
                // The representable spacing, so the quotient has no rounding error in its denominator.
                double width = (y[i] + Step(y[i])) - (y[i] - Step(y[i]));
                divergence[b] += (plus[i] - minus[i]) / width;
            }
        }
    }

    /// <summary>div_i = (1/P) sum_p v_pi . (D(y + h_i v_p) - D(y - h_i v_p))_i / (2 h_i), h_i relative to the point's RMS.</summary>
    private void HutchinsonDivergence(ReadOnlySpan<double> y, double sigma, Span<double> divergence)
    {
        int n = Length, d = _dimension;
        Span<double> shifted = _shifted.AsSpan(0, n), plus = _plus.AsSpan(0, n), minus = _minus.AsSpan(0, n);
        divergence.Clear();
        for (int p = 0; p < _probes; p++)
        {
            ReadOnlySpan<double> v = _probeValues.AsSpan(p * n, n);
            for (int sign = 1; sign >= -1; sign -= 2)
            {
                for (int b = 0; b < _points; b++)
                {
                    double h = sign * PointStep(y.Slice(b * d, d));
                    for (int j = 0; j < d; j++)
                    {
                        shifted[b * d + j] = y[b * d + j] + h * v[b * d + j];
                    }
                }

                Denoise(shifted, sigma, sign > 0 ? plus : minus);
            }

            for (int b = 0; b < _points; b++)
            {
                double dot = 0;
                for (int j = 0; j < d; j++)
                {
                    int i = b * d + j;
                    dot += v[i] * (plus[i] - minus[i]);
                }

                divergence[b] += dot / (2 * PointStep(y.Slice(b * d, d)));
            }
        }

        for (int b = 0; b < _points; b++)
        {
            divergence[b] /= _probes;
        }
    }

    private static double Step(double value) => DifferenceStep * Math.Max(1, Math.Abs(value));

    private static double PointStep(ReadOnlySpan<double> point)
    {
        double sum = 0;
        foreach (double value in point)
        {
            sum += value * value;
        }

        return DifferenceStep * Math.Max(1, Math.Sqrt(sum / point.Length));
    }
}
