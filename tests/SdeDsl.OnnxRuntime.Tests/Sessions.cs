using Microsoft.ML.OnnxRuntime;

namespace SdeDsl.OnnxRuntime.Tests;

/// <summary>CPU sessions over in-memory models, one intra-op thread (deterministic sums; the test machine is shared).</summary>
internal static class Sessions
{
    public static InferenceSession Create(byte[] model)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        return new InferenceSession(model, options);
    }
}
