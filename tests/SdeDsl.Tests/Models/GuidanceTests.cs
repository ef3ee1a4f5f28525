using System;
using SdeDsl.Kernels;
using SdeDsl.Models;
using SdeDsl.Schedules;
using Xunit;

namespace SdeDsl.Tests.Models;

/// <summary>Classifier-free guidance, its rescale and its interval (docs/math.md §11.6, §11.7).</summary>
public sealed class GuidanceTests
{
    private const int Dimension = 12, Batch = 3, Length = Batch * Dimension;
    private static readonly ModelConvention Convention = ModelConvention.V(TimeInput.ScaledTrainingTime(1000));

    private static float[] Y()
    {
        var y = new float[Length];
        for (int i = 0; i < Length; i++) y[i] = (float)(1.5 * Math.Sin(0.7 * i) + 0.1 * (i / Dimension));
        return y;
    }

    private static GuidedNetworkDenoiser<float, TestGuidedNetwork, Vp> Guided(TestGuidedNetwork network, ClassifierFreeGuidance guidance) =>
        new(network, default, Convention, guidance, Length, Dimension);

    private static float[] Denoise(Denoisers.IDenoiser<float> denoiser, double sigma)
    {
        var d = new float[Length];
        denoiser.Denoise(Y(), sigma, d);
        return d;
    }

    [Theory]
    [InlineData(GuidedCallMode.TwoCalls)]
    [InlineData(GuidedCallMode.BatchDoubled)]
    public void Scale_one_is_the_conditional_model_bitwise_from_one_call(GuidedCallMode mode)
    {
        var network = new TestGuidedNetwork(mode, Dimension);
        float[] guided = Denoise(Guided(network, new ClassifierFreeGuidance(1) { Rescale = 0.7 }), 2.0);
        float[] conditional = Denoise(new NetworkDenoiser<float, INetwork<float>, Vp>(network.ConditionalOnly, default, Convention, Length), 2.0);
        Assert.Equal(conditional, guided);
        Assert.Equal((1, 0, 0), (network.ConditionalCalls, network.UnconditionalCalls, network.DoubledCalls));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.7)]
    public void Two_calls_and_batch_doubling_agree_bitwise(double rescale)
    {
        var guidance = new ClassifierFreeGuidance(4.5) { Rescale = rescale };
        var twoCalls = new TestGuidedNetwork(GuidedCallMode.TwoCalls, Dimension);
        var doubled = new TestGuidedNetwork(GuidedCallMode.BatchDoubled, Dimension);
        Assert.Equal(Denoise(Guided(twoCalls, guidance), 3.0), Denoise(Guided(doubled, guidance), 3.0));
        Assert.Equal((1, 1, 0), (twoCalls.ConditionalCalls, twoCalls.UnconditionalCalls, twoCalls.DoubledCalls));
        Assert.Equal((0, 0, 1), (doubled.ConditionalCalls, doubled.UnconditionalCalls, doubled.DoubledCalls));
    }

    /// <summary>
    /// The guided D against D = c_y y + c_p p with p = p_u + w (p_c - p_u) (phi = 0) or the rescale formula (phi = 0.6),
    /// evaluated in double on the same float predictions. Tolerance: the adapter rounds its three coefficients to float
    /// and sums three float products, a few u_f (|c_y y| + |c_p| k (|1 - w| |p_u| + |w| |p_c|)); with |y|, |p| below 2,
    /// |c_p| = 0.79 at sigma = 1.3, w = 3 and k below 1, that is 4 u_f 8.6 = 2e-6; the check allows 1e-5.
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.6)]
    public void Guidance_and_its_rescale_match_their_formulas(double phi)
    {
        const double w = 3.0, sigma = 1.3;
        var network = new TestGuidedNetwork(GuidedCallMode.TwoCalls, Dimension);
        float[] guided = Denoise(Guided(network, new ClassifierFreeGuidance(w) { Rescale = phi }), sigma);

        Vp vp = default;
        double s = vp.Scale(vp.TimeAtSigma(sigma)), timeInput = 1000 * vp.TimeAtSigma(sigma);
        float[] y = Y(), input = new float[Length], pc = new float[Length], pu = new float[Length];
        for (int i = 0; i < Length; i++) input[i] = (float)(s * y[i]);
        network.Branch(input, timeInput, GuidanceBranch.Conditional, pc);
        network.Branch(input, timeInput, GuidanceBranch.Unconditional, pu);
        double cy = 1 / (1 + sigma * sigma), cp = -sigma / (s * (1 + sigma * sigma));
        for (int b = 0; b < Batch; b++)
        {
            var cfg = new double[Dimension];
            var c = new double[Dimension];
            for (int j = 0; j < Dimension; j++)
            {
                int i = b * Dimension + j;
                c[j] = pc[i];
                cfg[j] = pu[i] + w * (pc[i] - pu[i]);
            }

            double ratio = StandardDeviation(c) / StandardDeviation(cfg);
            for (int j = 0; j < Dimension; j++)
            {
                int i = b * Dimension + j;
                double p = phi * cfg[j] * ratio + (1 - phi) * cfg[j];
                double expected = cy * y[i] + cp * p;
                Assert.True(Math.Abs(guided[i] - expected) <= 1e-5, $"phi {phi} element {i}: {guided[i]} vs {expected}");
            }
        }
    }

    [Fact]
    public void Rescale_factor_is_exactly_one_for_phi_zero()
    {
        float[] u = { 1, -2, 0.5f, 3 }, c = { 0.25f, 2, -1, 4 };
        Assert.Equal(1.0, GuidedNetworkDenoiser<float, TestGuidedNetwork, Vp>.RescaleFactor(u, c, 5.0, 0.0));
    }

    [Theory]
    [InlineData(0.5, false)]
    [InlineData(1.0, true)]
    [InlineData(5.0, true)]
    [InlineData(20.0, false)]
    public void The_interval_switches_guidance_off_outside_it(double sigma, bool inside)
    {
        var guidance = new ClassifierFreeGuidance(6) { SigmaLow = 1.0, SigmaHigh = 5.0 };
        var network = new TestGuidedNetwork(GuidedCallMode.TwoCalls, Dimension);
        float[] guided = Denoise(Guided(network, guidance), sigma);
        float[] conditional = Denoise(new NetworkDenoiser<float, INetwork<float>, Vp>(network.ConditionalOnly, default, Convention, Length), sigma);
        Assert.Equal(inside ? 1 : 0, network.UnconditionalCalls);
        Assert.Equal(1, network.ConditionalCalls);
        if (inside) Assert.NotEqual(conditional, guided);
        else Assert.Equal(conditional, guided);
    }

    [Fact]
    public void An_empty_interval_is_rejected()
    {
        var guidance = new ClassifierFreeGuidance(2) { SigmaLow = 3, SigmaHigh = 1 };
        var e = Assert.Throws<ArgumentException>(() => Guided(new TestGuidedNetwork(GuidedCallMode.TwoCalls, Dimension), guidance));
        Assert.Equal("guidance", e.ParamName);
    }

    private static double StandardDeviation(double[] values)
    {
        double mean = 0, squares = 0;
        foreach (double v in values) mean += v;
        mean /= values.Length;
        foreach (double v in values) squares += (v - mean) * (v - mean);
        return Math.Sqrt(squares / (values.Length - 1)); // torch's unbiased std, as diffusers: the ratio is the same
    }
}
