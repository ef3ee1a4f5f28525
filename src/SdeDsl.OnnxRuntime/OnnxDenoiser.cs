using SdeDsl.Models;

namespace SdeDsl.OnnxRuntime;

/// <summary>
/// Adapters over an <see cref="OnnxNetwork"/> sized from it: the denoiser D(y; sigma) every sampler takes, with the
/// network's training schedule and convention (prediction type, input scaling, time conditioning) from the model layer
/// (docs/math.md §11).
/// </summary>
public static class OnnxDenoiser
{
    /// <summary>The unguided adapter (the conditional branch).</summary>
    /// <typeparam name="TTraining">The training schedule's type.</typeparam>
    /// <param name="network">The ONNX network.</param>
    /// <param name="training">The schedule the network was trained on.</param>
    /// <param name="convention">What it predicts and takes as input and time.</param>
    /// <returns>The denoiser for batches of <see cref="OnnxNetwork.BatchLength"/> elements.</returns>
    public static NetworkDenoiser<float, OnnxNetwork, TTraining> Create<TTraining>(OnnxNetwork network, TTraining training, ModelConvention convention)
        where TTraining : struct, INoiseSchedule
    {
        System.ArgumentNullException.ThrowIfNull(network);
        return new(network, training, convention, network.BatchLength);
    }

    /// <summary>The adapter with classifier-free guidance, by batch doubling when the conditioning has unconditional values.</summary>
    /// <typeparam name="TTraining">The training schedule's type.</typeparam>
    /// <param name="network">The ONNX network.</param>
    /// <param name="training">The schedule the network was trained on.</param>
    /// <param name="convention">What it predicts and takes as input and time.</param>
    /// <param name="guidance">The guidance scale, rescale and interval.</param>
    /// <returns>The denoiser for batches of <see cref="OnnxNetwork.BatchLength"/> elements.</returns>
    public static GuidedNetworkDenoiser<float, OnnxNetwork, TTraining> Guided<TTraining>(
        OnnxNetwork network, TTraining training, ModelConvention convention, ClassifierFreeGuidance guidance)
        where TTraining : struct, INoiseSchedule
    {
        System.ArgumentNullException.ThrowIfNull(network);
        return new(network, training, convention, guidance, network.BatchLength, network.SampleLength);
    }
}
