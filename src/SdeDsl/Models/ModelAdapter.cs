using System;
using System.Numerics;

namespace SdeDsl.Models;

/// <summary>
/// Builds the common adapters in one line (docs/math.md §11). The network is taken as its interface (one interface
/// call per batch, negligible beside a network); construct <see cref="NetworkDenoiser{T, TNetwork, TTraining}"/>
/// directly to specialise on a struct network.
/// </summary>
public static class ModelAdapter
{
    /// <summary>An epsilon-prediction network trained on <paramref name="training"/>, fed x_t = s y: D = y - sigma eps.</summary>
    /// <typeparam name="T">The tensor element type.</typeparam>
    /// <typeparam name="TTraining">The training schedule's type.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="training">The schedule the network was trained on.</param>
    /// <param name="time">The network's time conditioning.</param>
    /// <param name="batchLength">The flattened batch length of every call.</param>
    /// <returns>The denoiser.</returns>
    public static NetworkDenoiser<T, INetwork<T>, TTraining> Epsilon<T, TTraining>(
        INetwork<T> network, TTraining training, TimeInput time, int batchLength)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TTraining : struct, INoiseSchedule =>
        new(network, training, ModelConvention.Epsilon(time), batchLength);

    /// <summary>A v-prediction network trained on <paramref name="training"/>, fed x_t = s y: D = (y - sigma v / s)/(1 + sigma^2).</summary>
    /// <typeparam name="T">The tensor element type.</typeparam>
    /// <typeparam name="TTraining">The training schedule's type.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="training">The schedule the network was trained on.</param>
    /// <param name="time">The network's time conditioning.</param>
    /// <param name="batchLength">The flattened batch length of every call.</param>
    /// <returns>The denoiser.</returns>
    public static NetworkDenoiser<T, INetwork<T>, TTraining> V<T, TTraining>(
        INetwork<T> network, TTraining training, TimeInput time, int batchLength)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TTraining : struct, INoiseSchedule =>
        new(network, training, ModelConvention.V(time), batchLength);

    /// <summary>An x_0-prediction network trained on <paramref name="training"/>, fed x_t = s y: D = the prediction.</summary>
    /// <typeparam name="T">The tensor element type.</typeparam>
    /// <typeparam name="TTraining">The training schedule's type.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="training">The schedule the network was trained on.</param>
    /// <param name="time">The network's time conditioning.</param>
    /// <param name="batchLength">The flattened batch length of every call.</param>
    /// <returns>The denoiser.</returns>
    public static NetworkDenoiser<T, INetwork<T>, TTraining> Sample<T, TTraining>(
        INetwork<T> network, TTraining training, TimeInput time, int batchLength)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TTraining : struct, INoiseSchedule =>
        new(network, training, ModelConvention.Sample(time), batchLength);

    /// <summary>
    /// A rectified-flow velocity network (v = eps - x_0), fed x_t = (1 - t) y of <see cref="Schedules.RectifiedFlow"/>:
    /// D = (y - sigma v)/(1 + sigma).
    /// </summary>
    /// <typeparam name="T">The tensor element type.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="time">The network's time conditioning (t, or for instance 1000 t).</param>
    /// <param name="batchLength">The flattened batch length of every call.</param>
    /// <returns>The denoiser.</returns>
    public static NetworkDenoiser<T, INetwork<T>, Schedules.RectifiedFlow> Flow<T>(INetwork<T> network, TimeInput time, int batchLength)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new(network, default, ModelConvention.Flow(time), batchLength);

    /// <summary>
    /// EDM's preconditioned network F: D = c_skip y + c_out F(c_in y; ln(sigma)/4) (Karras et al. 2022, Table 1).
    /// </summary>
    /// <typeparam name="T">The tensor element type.</typeparam>
    /// <param name="network">The network F.</param>
    /// <param name="sigmaData">sigma_d (0.5 in EDM).</param>
    /// <param name="batchLength">The flattened batch length of every call.</param>
    /// <returns>The denoiser.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sigmaData"/> is not finite and positive.</exception>
    public static NetworkDenoiser<T, INetwork<T>, Schedules.Edm> Edm<T>(INetwork<T> network, double sigmaData, int batchLength)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new(network, default, ModelConvention.Edm(sigmaData), batchLength);

    /// <summary>A conditional network with classifier-free guidance, under any convention.</summary>
    /// <typeparam name="T">The tensor element type.</typeparam>
    /// <typeparam name="TTraining">The training schedule's type.</typeparam>
    /// <param name="network">The conditional network.</param>
    /// <param name="training">The schedule the network was trained on.</param>
    /// <param name="convention">What the network predicts and takes as input and time.</param>
    /// <param name="guidance">The guidance scale, rescale and interval.</param>
    /// <param name="batchLength">The flattened batch length of every call.</param>
    /// <param name="sampleDimension">d, the elements per sample.</param>
    /// <returns>The denoiser.</returns>
    public static GuidedNetworkDenoiser<T, IGuidedNetwork<T>, TTraining> Guided<T, TTraining>(
        IGuidedNetwork<T> network, TTraining training, ModelConvention convention, ClassifierFreeGuidance guidance,
        int batchLength, int sampleDimension)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TTraining : struct, INoiseSchedule =>
        new(network, training, convention, guidance, batchLength, sampleDimension);
}
